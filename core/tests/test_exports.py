"""Every export writes text as text: a cell whose text starts with = (or +, -, @, tab, CR) is read back as a string,
never as a formula; and every list export is scoped like its page."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from accounts.models import LoginLog, Role
from agency.models import ServiceGuide
from agency.tests import factories as agency_factories
from consultation.tests import factories as consultation_factories
from core.audit import audit_record
from core.exports import FORMULA_STARTS
from core.lists import list_views
from core.testing import make_user
from corrections import walk as corrections_walk
from corrections.tests import factories as corrections_factories
from documents.services import document_generate
from legalaid.tests import factories as legalaid_factories
from mediation.models import Expert
from mediation.tests import factories as mediation_factories
from orgs.models import Org
from resettlement import walk as resettlement_walk
from resettlement.tests import factories as resettlement_factories
from supervision.models import PeriodReport
from supervision.tests import factories as supervision_factories

pytestmark = pytest.mark.django_db

HOSTILE = '=CMD("calc")'  # plus the model's label: short enough for a 50-character field


def _cells(content: bytes) -> list[Any]:
    ws = load_workbook(BytesIO(content)).active
    return [cell for row in ws.iter_rows() for cell in row]


def _person(p: Any) -> Any:
    return mediation_factories.person(p, "孙某")


# (model label) → build one record in the owner's office; returns the row and the exported text field to plant into.
BUILDERS: dict[str, Any] = {
    "accounts.user": lambda p: (make_user("export_probe", org=p.office, role="office_staff"), "full_name"),
    "accounts.role": lambda p: (Role.objects.create(code="export_probe", name="探针角色"), "name"),
    "accounts.loginlog": lambda p: (LoginLog.objects.create(username="export_probe", success=False, user=p.owner), "reason"),
    "orgs.org": lambda p: (p.committee, "name"),
    "people.person": lambda p: (_person(p), "name"),
    "mediation.dispute": lambda p: (mediation_factories.dispute(p), "title"),
    "mediation.mediator": lambda p: (mediation_factories.mediator(p).person, "name"),
    "mediation.expert": lambda p: (Expert.objects.create(org=p.office, created_by=p.owner, name="钱专家", kind="lawyer",
                                                         speciality="婚姻家庭"), "speciality"),
    "consultation.consultation": lambda p: (consultation_factories.consultation(p).person,
                                            "name"),
    "corrections.subject": lambda p: (corrections_factories.subject(p).person, "name"),
    "corrections.investigation": lambda p: (corrections_factories.investigation(p), "body_name"),
    "corrections.expectedarrival": lambda p: (corrections_factories.arrival(p), "decision_organ"),
    "resettlement.released": lambda p: (resettlement_factories.released(p).person, "name"),
    "resettlement.assistrequest": lambda p: (resettlement_walk._sent(p), "details"),
    # 社区矫正 分类管理: the samples of the permission walk.
    "corrections.correctionplan": lambda p: (corrections_walk._draft(p), "trigger"),
    "corrections.gradechange": lambda p: (corrections_walk._graded(p).grade_changes.first(), "reason"),
    "corrections.regradeproposal": lambda p: (corrections_walk._proposal(p), "reason"),
    # 社区矫正 日常监管: the samples of the permission walk; a check-in or a review exports no text of its own.
    "corrections.obligation": lambda p: (corrections_walk._scheduled(p).obligations.first(), "title"),
    "corrections.checkin": lambda p: (corrections_walk._checkin(p).subject.person, "name"),
    "corrections.subjectrequest": lambda p: (corrections_walk._trip(p), "reason"),
    "corrections.monitoring": lambda p: (corrections_walk._monitoring(p), "facts"),
    "corrections.locationalert": lambda p: (corrections_walk._alert(p), "detail"),
    "corrections.abscond": lambda p: (corrections_walk._abscond(p), "steps"),
    "corrections.sanction": lambda p: (corrections_walk._sanction(p), "facts"),
    "corrections.fulfilmentreview": lambda p: (corrections_walk._fulfilment_review(p).subject.person, "name"),
    "corrections.reoffence": lambda p: (corrections_walk._reoffence(p), "description"),
    "corrections.transfer": lambda p: (corrections_walk._transfer(p), "reason"),
    "agency.reviewapplication": lambda p: (agency_factories.review(p), "respondent"),
    "agency.agencycase": lambda p: (agency_factories.case(p), "matter"),
    "agency.serviceguide": lambda p: (ServiceGuide.objects.first(), "institution"),
    "legalaid.application": lambda p: (legalaid_factories.application(p).applicant, "name"),
    "legalaid.review": lambda p: (legalaid_factories.forwarded_review(p), "provider_name"),
    "legalaid.provider": lambda p: (legalaid_factories.provider(p), "name"),
    "legalaid.assignment": lambda p: (legalaid_factories.case(p).provider, "name"),
    "documents.generateddocument": lambda p: (document_generate(actor=p.owner, kind="person_sheet", target=_person(p),
                                                                org=p.office), "title"),
    "supervision.earlywarning": lambda p: (supervision_factories.warning(p), "facts"),
    "supervision.supervisionitem": lambda p: (supervision_factories.item(p), "title"),
    "supervision.periodreport": lambda p: (_period_report(p), None),
    "core.auditevent": lambda p: (audit_record(actor=p.owner, org=p.office, action="other", summary="探针"), "summary"),
}


# Reference data every signed-in user reads (no owning org): the outsider sees the same rows, by design.
SHARED_REFERENCE = {"agency.serviceguide"}


def _period_report(p: Any) -> Any:
    """A 统计报告 exports only its units and dates: the hostile text goes into the office's name."""
    today = dt.date.today()
    return PeriodReport.objects.create(org=p.office, issuing_org=p.county, period_start=today.replace(day=1), period_end=today,
                                       created_by=p.supervisor)


def _plant(obj: Any, field: str | None, p: Any, marker: str) -> None:
    if field is None:
        Org.objects.filter(pk=p.office.pk).update(name=marker)
    else:
        type(obj).objects.filter(pk=obj.pk).update(**{field: marker})


def _export(client: Any, route: str) -> Any:
    return client.get(f"{route}?export=xlsx")


@pytest.mark.parametrize(("route", "view"), [(r, v) for r, v in list_views() if "<" not in r], ids=lambda x: str(x))
def test_list_export_writes_text_as_text_and_is_scoped(personas, login, route, view):
    label = view.model._meta.label_lower
    assert label in BUILDERS, f"{route}: 请为该列表的导出测试补充样例数据"
    obj, field = BUILDERS[label](personas)
    marker = f"{HOSTILE}{label}"
    _plant(obj, field, personas, marker)

    viewer = personas.supervisor
    r = _export(login(viewer), route)
    if r.status_code == 403:  # a system-wide list (roles, login log): the administrator's export
        viewer = personas.sysadmin
        r = _export(login(viewer), route)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    planted = [c for c in _cells(r.content) if c.value == marker]
    assert planted, f"{route}: 导出文件中没有{'县局' if viewer == personas.supervisor else '管理员'}可见的记录"
    assert all(c.data_type == "s" and c.quotePrefix for c in planted)
    assert not [c for c in _cells(r.content) if c.data_type == "f"]

    outsider = _export(login(personas.outsider), route)
    assert outsider.status_code in (200, 403)
    if outsider.status_code == 200 and label not in SHARED_REFERENCE:
        assert marker not in [c.value for c in _cells(outsider.content)]


def test_every_formula_start_is_written_as_text_and_numbers_and_dates_stay_typed(personas, login):
    from core.exports import workbook_bytes

    rows = [{"text": start + "1+1", "n": 3, "d": dt.date(2026, 3, 1)} for start in FORMULA_STARTS]
    content = workbook_bytes(title="t", rows=rows,
                             columns=[("文本", lambda r: r["text"]), ("数", lambda r: r["n"]), ("日期", lambda r: r["d"])])
    ws = load_workbook(BytesIO(content)).active
    body = list(ws.iter_rows(min_row=2))
    assert [row[0].value for row in body] == [s + "1+1" for s in FORMULA_STARTS]
    assert all(row[0].data_type == "s" for row in body)
    assert all(row[1].value == 3 and row[1].data_type == "n" for row in body)
    assert all(row[2].is_date and row[2].value.date() == dt.date(2026, 3, 1) for row in body)


def test_control_characters_typed_on_the_portal_do_not_break_the_export(personas, login):
    from people.models import Person

    person = _person(personas)
    Person.objects.filter(pk=person.pk).update(name="孙\x01某\x0b")
    r = login(personas.owner).get("/people/?export=xlsx")
    assert r.status_code == 200 and "孙某" in [c.value for c in _cells(r.content)]


@pytest.mark.parametrize("route", [
    "/assessment/ranking/?export=xlsx",
    "/mediation/statistics/?export=xlsx",
    "/worklog/completion/?export=xlsx",
    "/reports/consultation/{county}/{year}/xlsx/",
])
def test_summary_exports_write_unit_names_as_text(personas, login, route):
    marker = "=1+1 西屯街道司法所"
    Org.objects.filter(pk=personas.office.pk).update(name=marker)
    url = route.format(county=personas.county.code, year=dt.date.today().year)
    r = login(personas.supervisor).get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    planted = [c for c in _cells(r.content) if isinstance(c.value, str) and c.value.startswith(marker)]
    assert planted and all(c.data_type == "s" for c in planted)
    assert not [c for c in _cells(r.content) if c.data_type == "f"]
