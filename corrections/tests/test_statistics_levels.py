"""社区矫正 by management level (分类管理): the 社区矫正统计表 counts the subjects in register by the level in force at
the period's end and the changes of level in the period (stricter / looser), in the page and in the Excel download;
the subject list filters and exports by current level, and the dashboard's level figures lead to that list."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from corrections.models import ManagementLevel
from corrections.plans import grade_adjust
from corrections.services import subject_receive
from corrections.tests import factories

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def graded(personas: Any) -> Any:
    """刘建军 普管 → 严管 this year; 周丽 宽管; 韩志强 not graded; 冯外县 (another county) 严管."""
    today, p = _today(), personas
    year_start = today.replace(month=1, day=1)
    liu = factories.subject(p, name="刘建军")
    grade_adjust(actor=p.owner, subject=liu, level_code="normal", reason="入矫评估为普管", date=max(year_start, today - dt.timedelta(days=4)))
    grade_adjust(actor=p.owner, subject=liu, level_code="strict", reason="受到警告，从严管理", date=today)
    zhou = factories.subject(p, name="周丽")
    grade_adjust(actor=p.owner, subject=zhou, level_code="lenient", reason="评估风险低，宽管", date=today)
    factories.subject(p, name="韩志强")
    feng = subject_receive(actor=p.outsider, org=p.other_office, person=factories.person("冯外县"), data=factories.data())
    grade_adjust(actor=p.outsider, subject=feng, level_code="strict", reason="入矫初期从严", date=today)
    return p


def _report(user: Any, org: Any) -> Any:
    from reports.registry import table_get
    from reports.selectors import period_make, report_build

    today = _today()
    return report_build(user, table=table_get("corrections_register"), org=org, period=period_make("year", today.year, 0, today=today),
                        prepared_on=today)


def _graded_now(name: str) -> str:
    """What reception itself decided for a new subject (入矫初期 may grade at once): the report counts whatever is on record."""
    from corrections.models import Subject
    from corrections.plans import current_grade

    grade = current_grade(Subject.objects.get(person__name=name))
    return grade.level.code if grade else "none"


def test_the_register_table_counts_levels_at_the_period_end_and_changes_in_the_period(graded: Any) -> None:
    report = _report(graded.supervisor, graded.county)
    keys = [c.key for c in report.columns]
    labels = {c.key: c.label for c in report.columns}
    assert [labels[f"level.{code}"] for code in ("strict", "normal", "lenient", "none")] == ["严管", "普管", "宽管", "未评定"]
    row = dict(zip(keys, report.total.texts, strict=True))
    expected = {"strict": 1, "normal": 0, "lenient": 1, "none": 0}
    expected[_graded_now("韩志强")] += 1
    assert {code: int(row[f"level.{code}"]) for code in expected} == expected
    assert sum(int(row[f"level.{code}"]) for code in expected) == int(row["in_register"]) == 3  # 冯外县 is another county's
    # 普管 → 严管 is one change, stricter; a first grading is no change (unless reception graded first).
    changes, up, down = int(row["level_changes"]), int(row["level_up"]), int(row["level_down"])
    assert changes == up + down and up >= 1 and changes >= 1
    assert any("管理等级" in note for note in report.table.notes)


def test_a_renamed_level_renames_its_column(graded: Any) -> None:
    ManagementLevel.objects.filter(code="strict").update(name="A级")
    report = _report(graded.supervisor, graded.county)
    assert {c.key: c.label for c in report.columns}["level.strict"] == "A级"


def test_the_excel_download_has_the_level_columns(graded: Any, login: Any) -> None:
    from openpyxl import load_workbook

    url = reverse("reports:download", kwargs={"code": "corrections_register", "org": graded.county.code, "period": str(_today().year),
                                              "fmt": "xlsx"})
    answer = login(graded.supervisor).get(url)
    assert answer.status_code == 200, answer.content[:300]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {"在册按管理等级", "严管", "普管", "宽管", "未评定", "本期管理等级调整", "从严", "从宽"} <= cells


def test_the_subject_list_filters_and_exports_by_current_level(graded: Any, login: Any) -> None:
    from openpyxl import load_workbook

    c = login(graded.supervisor)
    strict = c.get("/corrections/", {"level": "strict"}).content.decode()
    assert "刘建军" in strict and "周丽" not in strict and "冯外县" not in strict
    lenient = c.get("/corrections/", {"level": "lenient"}).content.decode()
    assert "周丽" in lenient and "刘建军" not in lenient
    export = c.get("/corrections/", {"level": "strict", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [cell.value for cell in sheet[1]]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    column = header.index("管理等级")
    assert names == ["刘建军"] and sheet.cell(row=2, column=column + 1).value == "严管"
    api = c.get("/api/v1/corrections/subjects", {"level": "lenient"}).json()
    assert [s["person_name"] for s in api["items"]] == ["周丽"]


def test_the_dashboard_level_figure_leads_to_the_filtered_list(graded: Any, login: Any) -> None:
    c = login(graded.owner)
    url = reverse("dashboard:records", kwargs={"code": graded.office.code, "figure": "corrections.level_strict"})
    html = c.get(url).content.decode()
    assert "刘建军" in html and 'data-testid="records-list"' in html
    link = html.split('data-testid="records-list"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert link.startswith("/corrections/?") and "level=strict" in link
    listed = c.get(link).content.decode()
    assert "刘建军" in listed and "周丽" not in listed
