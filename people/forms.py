from __future__ import annotations

from typing import Any

from django import forms

from core.access import access_object
from core.errors import SifasuoError, ValidationErrors
from core.forms import PROMPT, group_choices
from orgs.models import Org, Region
from orgs.selectors import org_choice_groups
from people.choices import ETHNICITY_CHOICES, Sex
from people.models import Person
from people.services import PersonInput, person_input_check


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False,
                                help_text="18位或15位；保存后加密存储，列表中只显示部分号码")
    sex = forms.ChoiceField(label="性别", choices=Sex.choices, initial=Sex.UNKNOWN)
    ethnicity = forms.ChoiceField(label="民族", choices=[("", PROMPT), *ETHNICITY_CHOICES], required=False)
    birth_date = forms.DateField(label="出生日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 error_messages={"invalid": "出生日期格式不正确，请按 2026-01-31 的格式填写"})
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    region = forms.ModelChoiceField(label="住址（乡镇/街道）", queryset=Region.objects.filter(level__in=[3, 4]), required=False,
                                    error_messages={"invalid_choice": "请选择列表中的行政区划"})
    address_detail = forms.CharField(label="详细地址", max_length=200, required=False)
    org = forms.ModelChoiceField(label="登记单位", queryset=Org.objects.none(),
                                 error_messages={"required": "请选择登记单位", "invalid_choice": "只能选择您有权管理的单位"})
    note = forms.CharField(label="备注", max_length=200, required=False)
    confirm_duplicate = forms.BooleanField(label="确认另行登记", required=False)

    def __init__(self, *args: Any, orgs: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["region"].empty_label = PROMPT  # type: ignore[attr-defined]
        self.fields["region"].widget.attrs["data-picker"] = "search"  # every town and village of the province
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()
        if editing:
            self.fields["id_number"].help_text = "留空则保持原号码不变"
            del self.fields["confirm_duplicate"]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control")
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        """The registry's own checks (ID number, its birth date and sex, phone) in the same round as the form's."""
        cleaned = super().clean() or {}
        data = PersonInput(name=cleaned.get("name") or "-", sex=cleaned.get("sex") or Sex.UNKNOWN,
                           birth_date=cleaned.get("birth_date"), id_number=cleaned.get("id_number") or "",
                           phone=cleaned.get("phone") or "")
        try:
            person_input_check(data)
        except SifasuoError as exc:
            for error in exc.errors if isinstance(exc, ValidationErrors) else [exc]:
                if error.field in self.fields and error.field not in self.errors:
                    self.add_error(error.field, error.message)
        return cleaned

    @staticmethod
    def to_input(d: dict[str, Any]) -> PersonInput:
        """The service's input from the form's cleaned data."""
        return PersonInput(
            name=d["name"], sex=d["sex"], ethnicity=d["ethnicity"], birth_date=d.get("birth_date"),
            id_number=d.get("id_number", ""), phone=d.get("phone", ""), region=d.get("region"),
            address_detail=d.get("address_detail", ""), note=d.get("note", ""),
        )


class PersonMergeForm(forms.Form):
    """合并重复人员: the row (by its public uuid) to merge into the person whose page this is."""

    other = forms.UUIDField(label="要并入的重复记录", error_messages={"required": "请选择要并入的重复记录",
                                                                "invalid": "请从列表中选择要并入的重复记录"})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_other(self) -> Person:
        # A row outside the user's scope raises NotFound (404), never a form error that would tell that it exists.
        return access_object(self.user, Person, action="change", uuid=self.cleaned_data["other"])
