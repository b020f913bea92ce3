"""The choice of a report: which table, for which org (inside the user's scope) and which period."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from core.errors import ValidationFailed
from orgs.models import Org
from reports.registry import Period, ReportTable
from reports.selectors import HALF_NAMES, PERIOD_KINDS, QUARTER_NAMES, period_make

_select = {"class": "form-select form-select-sm"}
FIRST_YEAR = 2018  # 司法所 work has been recorded on platforms since the 2018 reform; earlier years have no data here


class ReportChoiceForm(forms.Form):
    table = forms.ChoiceField(label="报表", widget=forms.Select(attrs=_select))
    org = forms.ChoiceField(label="填报单位", widget=forms.Select(attrs=_select))
    kind = forms.ChoiceField(label="报表类型", choices=PERIOD_KINDS, widget=forms.Select(attrs=_select))
    year = forms.TypedChoiceField(label="年度", coerce=int, widget=forms.Select(attrs=_select))
    month = forms.TypedChoiceField(label="月份（月报）", coerce=int, required=False,
                                   choices=[(m, f"{m}月") for m in range(1, 13)], widget=forms.Select(attrs=_select))
    quarter = forms.TypedChoiceField(label="季度（季报）", coerce=int, required=False,
                                     choices=list(enumerate(QUARTER_NAMES, start=1)), widget=forms.Select(attrs=_select))
    half = forms.TypedChoiceField(label="半年（半年报）", coerce=int, required=False,
                                  choices=list(enumerate(HALF_NAMES, start=1)), widget=forms.Select(attrs=_select))

    def __init__(self, *args: Any, tables: list[ReportTable], orgs: list[Org], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        top = min((o.depth for o in orgs), default=1)
        choices: dict[str, list[tuple[Any, str]]] = {
            "table": [(t.code, t.title) for t in tables],
            "org": [(o.code, "　" * (o.depth - top) + o.name) for o in orgs],
            "year": [(y, f"{y}年") for y in range(today.year + 1, FIRST_YEAR - 1, -1)],
        }
        for name, values in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = values
        self.period: Period | None = None

    @staticmethod
    def initial_for(*, table: str, org: Org, period: Period) -> dict[str, Any]:
        initial: dict[str, Any] = {"table": table, "org": org.code, "kind": period.kind, "year": period.year}
        if period.kind == "month":
            initial["month"] = period.number
        elif period.kind in ("quarter", "half"):
            initial[period.kind] = period.number
        return initial

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        kind, year = cd.get("kind"), cd.get("year")
        if not kind or not year:
            return cd
        number = {"month": cd.get("month"), "quarter": cd.get("quarter"), "half": cd.get("half")}.get(kind, 0)
        if number in (None, ""):  # an empty optional choice cleans to ""
            self.add_error(kind, {"month": "月报请选择月份", "quarter": "季报请选择季度", "half": "半年报请选择上半年或下半年"}[kind])
            return cd
        try:
            self.period = period_make(kind, year, number, today=self.today)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc
        return cd
