from __future__ import annotations

import django_filters
from django import forms
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from core.dictionaries import dict_choices
from core.idsearch import IdNumberKeyFilter
from core.ledger import LAPSING_DEADLINES
from core.models import Deadline
from mediation.choices import ExpertKind, Outcome, Source, Status
from mediation.models import Dispute, Expert, Mediator
from mediation.statistics import SOURCE_GROUP_CHOICES, SOURCE_GROUPS
from orgs.models import Org

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


class DisputeFilterSet(django_filters.FilterSet):
    """矛盾纠纷台账 filter, shared by the list page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q", widget=forms.TextInput(attrs={**_text, "placeholder": "名称、编号、当事人"}))
    id_key = IdNumberKeyFilter(field_name="parties__person__id_number_hash", label="当事人身份证号码", distinct=True)
    category = django_filters.ChoiceFilter(label="纠纷类型", choices=[], empty_label="全部", widget=forms.Select(attrs=_select))
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    source = django_filters.ChoiceFilter(label="案件来源", choices=Source.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    mediator = django_filters.CharFilter(label="调解员", field_name="mediators__person__name", lookup_expr="contains",
                                         distinct=True, widget=forms.TextInput(attrs=_text))
    date_from = django_filters.DateFilter(label="登记日期起", field_name="received_date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="登记日期止", field_name="received_date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    overdue = django_filters.BooleanFilter(label="已超期", method="filter_overdue",
                                           widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    org = django_filters.CharFilter(label="办理单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    # Drill-down filters: each figure of 调解统计 links here with them (mediation/statistics.py). They show on the
    # form only when the link set them, so the everyday filter stays short. The list is scoped anyway, so an
    # org outside the user's scope simply lists nothing.
    org_under = django_filters.CharFilter(label="单位编码（含下级）", method="filter_org_under", widget=forms.TextInput(attrs=_text))
    org_code = django_filters.CharFilter(label="单位编码（本级）", field_name="org__code", widget=forms.TextInput(attrs=_text))
    accepted_from = django_filters.DateFilter(label="受理日期起", field_name="accepted_date", lookup_expr="gte",
                                              widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    accepted_to = django_filters.DateFilter(label="受理日期止", field_name="accepted_date", lookup_expr="lte",
                                            widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    concluded_from = django_filters.DateFilter(label="调结日期起", field_name="concluded_date", lookup_expr="gte",
                                               widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    concluded_to = django_filters.DateFilter(label="调结日期止", field_name="concluded_date", lookup_expr="lte",
                                             widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    outcome = django_filters.MultipleChoiceFilter(label="调解结果", choices=Outcome.choices,
                                                  widget=forms.SelectMultiple(attrs=_select))
    source_group = django_filters.ChoiceFilter(label="来源类别", choices=SOURCE_GROUP_CHOICES, method="filter_source_group",
                                               empty_label="全部", widget=forms.Select(attrs=_select))
    may_turn_criminal = django_filters.BooleanFilter(
        label="可能民转刑", widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    reported_from = django_filters.DateFilter(label="报告公安日期起", field_name="reported_to_police_date", lookup_expr="gte",
                                              widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    reported_to = django_filters.DateFilter(label="报告公安日期止", field_name="reported_to_police_date", lookup_expr="lte",
                                            widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    is_group = django_filters.BooleanFilter(
        label="群体性纠纷", widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    rejected = django_filters.BooleanFilter(
        label="不予受理", method="filter_rejected",
        widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    closed_from = django_filters.DateFilter(label="结案日期起", field_name="closed_date", lookup_expr="gte",
                                            widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    closed_to = django_filters.DateFilter(label="结案日期止", field_name="closed_date", lookup_expr="lte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    confirmation_from = django_filters.DateFilter(label="申请司法确认日期起", field_name="agreement__confirmation_applied",
                                                  lookup_expr="gte", widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    confirmation_to = django_filters.DateFilter(label="申请司法确认日期止", field_name="agreement__confirmation_applied",
                                                lookup_expr="lte", widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    DRILLDOWN_FILTERS = (
        "org_under", "org_code", "accepted_from", "accepted_to", "concluded_from", "concluded_to", "outcome", "source_group",
        "may_turn_criminal", "reported_from", "reported_to", "is_group", "rejected", "closed_from", "closed_to",
        "confirmation_from", "confirmation_to",
    )

    class Meta:
        model = Dispute
        fields: list[str] = []

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["category"].extra["choices"] = dict_choices("dispute_category")
        for name in self.DRILLDOWN_FILTERS:
            if name not in (self.data or {}):
                del self.filters[name]

    def filter_org_under(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        path = Org.objects.filter(code=value).values_list("path", flat=True).first()
        return queryset.filter(org__path__startswith=path) if path else queryset.none()

    def filter_source_group(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(source__in=SOURCE_GROUPS[value][1])

    def filter_rejected(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """不予受理: the legal reason is kept after the record is archived, so it marks the rejection."""
        if value is None:
            return queryset
        return queryset.exclude(reject_reason="") if value else queryset.filter(reject_reason="")

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(number__contains=value) | Q(parties__person__name__contains=value)).distinct()

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue_ids = (
            Deadline.objects.filter(
                content_type__app_label="mediation", content_type__model="dispute", status=Deadline.Status.OPEN,
                due_date__lt=timezone.localdate(),
            )
            .exclude(kind__in=LAPSING_DEADLINES)  # an unused 司法确认 window lapses, it is not overdue (人民调解法 第三十三条)
            .annotate(dispute_id=Cast("object_id", BigIntegerField()))
            .values("dispute_id")
        )
        return queryset.filter(pk__in=overdue_ids) if value else queryset.exclude(pk__in=overdue_ids)


class MediatorFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label="姓名", field_name="person__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    org = django_filters.CharFilter(label="调解组织", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    speciality = django_filters.CharFilter(label="擅长领域", field_name="specialities", lookup_expr="contains",
                                           widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Mediator
        fields: list[str] = []


class CommitteeFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label="名称", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    without_women = django_filters.BooleanFilter(label="缺少女性委员", method="filter_without_women",
                                                 widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))

    class Meta:
        model = Org
        fields: list[str] = []

    def filter_without_women(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(women_count=0) if value else queryset.filter(women_count__gt=0)


class ExpertFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label="姓名", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    kind = django_filters.ChoiceFilter(label="类别", choices=ExpertKind.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    speciality = django_filters.CharFilter(label="专业领域", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Expert
        fields: list[str] = []
