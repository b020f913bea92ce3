"""调委会信息: type (村/社区, 乡镇/街道, 企事业单位, 行业性/专业性), trade, established date and the three-year term
(人民调解法 第八条、第九条、第三十四条), edited in a dialog on the committee page with warnings kept beside the
composition's (each committee includes a woman)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from core.errors import ValidationFailed
from core.models import AuditEvent
from mediation.models import CommitteeProfile
from mediation.services import (
    CommitteeProfileInput,
    MediatorInput,
    committee_profile_save,
    committee_profile_warnings,
    mediator_appoint,
)
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
HX = {"HTTP_HX_REQUEST": "true"}


def test_a_trade_committee_is_registered_with_a_three_year_term(personas):
    profile = committee_profile_save(actor=personas.owner, committee=personas.committee, data=CommitteeProfileInput(
        committee_type="trade", trade=" 医疗 ", established=dt.date(2015, 5, 4), term_start=dt.date(2024, 2, 29)))
    assert (profile.committee_type, profile.trade, profile.term_end) == ("trade", "医疗", dt.date(2027, 2, 28))
    assert AuditEvent.objects.get(summary__startswith="登记调委会信息").after["trade"] == "医疗"

    committee_profile_save(actor=personas.owner, committee=personas.committee, data=CommitteeProfileInput(
        committee_type="trade", trade="医疗", established=dt.date(2015, 5, 4), term_start=dt.date(2024, 3, 1),
        term_end=dt.date(2027, 2, 28)))
    assert CommitteeProfile.objects.count() == 1
    update = AuditEvent.objects.filter(summary__startswith="登记调委会信息").latest("id")
    assert update.before["term_start"] == "2024-02-29" and update.after["term_start"] == "2024-03-01"
    assert "term_end" not in update.after  # only what changed


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"committee_type": "trade"}, "trade", "请填写行业领域"),
    ({"committee_type": "no_such"}, "committee_type", "请选择调委会类型"),
    ({"committee_type": "village", "term_start": dt.date(2024, 1, 1), "term_end": dt.date(2024, 1, 1)}, "term_end", "须晚于"),
    ({"committee_type": "village", "term_end": dt.date(2027, 1, 1)}, "term_start", "请填写本届任期开始日期"),
    ({"committee_type": "village", "established": TODAY + dt.timedelta(days=1)}, None, "不能晚于今天"),
    ({"committee_type": "village", "established": dt.date(2020, 1, 1), "term_start": dt.date(2019, 1, 1)}, "term_start", "不能早于"),
])
def test_bad_profiles_are_refused_and_nothing_saved(personas, data, field, message):
    with pytest.raises(ValidationFailed, match=message) as info:
        committee_profile_save(actor=personas.owner, committee=personas.committee, data=CommitteeProfileInput(**data))
    assert info.value.field == field and not CommitteeProfile.objects.exists()


def test_only_a_committee_has_a_profile(personas):
    with pytest.raises(ValidationFailed, match="只有人民调解委员会"):
        committee_profile_save(actor=personas.owner, committee=personas.office, data=CommitteeProfileInput(committee_type="township"))


def test_warnings_for_a_missing_profile_an_expired_and_an_overlong_term():
    assert committee_profile_warnings(None) == ["尚未登记调委会类型和本届任期，请点击“编辑调委会信息”补充"]
    expired = CommitteeProfile(committee_type="village", term_start=dt.date(2020, 1, 1), term_end=dt.date(2023, 1, 1))
    assert committee_profile_warnings(expired, today=dt.date(2024, 1, 1)) == [
        "本届任期已于 2023-01-01 届满，请及时换届（人民调解法 第九条：每届任期三年）"]
    long = CommitteeProfile(committee_type="village", term_start=dt.date(2022, 1, 1), term_end=dt.date(2027, 1, 1))
    assert committee_profile_warnings(long, today=dt.date(2024, 1, 1)) == [
        "本届任期超过三年（2022-01-01 至 2027-01-01），请核对（人民调解法 第九条）"]
    current = CommitteeProfile(committee_type="village", term_start=dt.date(2023, 1, 1), term_end=dt.date(2026, 1, 1))
    assert committee_profile_warnings(current, today=dt.date(2024, 1, 1)) == []


def test_the_dialog_saves_and_the_page_shows_the_profile_with_both_kinds_of_warning(personas, login):
    c = login(personas.owner)
    page_url = f"/mediation/committees/{personas.committee.code}/"
    url = f"{page_url}profile/"
    page = c.get(page_url).content.decode()
    assert 'data-action="profile"' in page and "尚未登记调委会类型和本届任期" in page
    bad = c.post(url, {"committee_type": "community", "term_start": "2024-01-01", "term_end": "2023-12-31"}, **HX)
    assert bad.status_code == 422 and "本届任期届满日期须晚于任期开始日期" in bad.content.decode()
    assert not CommitteeProfile.objects.exists()
    start = TODAY.replace(year=TODAY.year - 4)
    r = c.post(url, {"committee_type": "community", "established": "2008-03-01", "term_start": start.isoformat()}, **HX)
    assert r.status_code == 204 and "届满" in json.loads(r["HX-Trigger"])["toast"]["message"]  # the toast warns: term ran out
    assert c.get(url, **HX).context["form"].initial["committee_type"] == "community"
    for name in ("钱", "孙", "李"):  # three men: the rule that each committee includes a woman still warns
        person = factories.person(personas, f"{name}委员")
        person.sex = "1"
        person.save()
        mediator_appoint(actor=personas.owner, org=personas.committee, person=person,
                         data=MediatorInput(position="chair" if name == "钱" else "member"))
    page = c.get(page_url).content.decode()
    assert "居民委员会调委会" in page and "2008-03-01" in page
    assert "本届任期已于" in page and "请及时换届" in page
    assert "应当有妇女成员" in page


def test_personas_on_the_profile_dialog(personas, login, client):
    url = f"/mediation/committees/{personas.committee.code}/profile/"
    data = {"committee_type": "community", "term_start": "2024-01-01"}
    assert client.get(url).status_code == 302
    assert login(personas.outsider).post(url, data, **HX).status_code == 404
    assert login(personas.readonly).post(url, data, **HX).status_code == 403
    assert 'data-action="profile"' not in login(personas.readonly).get(
        f"/mediation/committees/{personas.committee.code}/").content.decode()
    assert not CommitteeProfile.objects.exists()
    assert login(personas.supervisor).get(url, **HX).status_code == 200  # the county keeps its committees' registry
    assert login(personas.owner).post(url, data, **HX).status_code == 204
    assert CommitteeProfile.objects.get().term_end == dt.date(2027, 1, 1)


def test_the_committee_list_and_its_export_show_type_trade_and_term(personas, login):
    from io import BytesIO

    from openpyxl import load_workbook

    committee_profile_save(actor=personas.owner, committee=personas.committee, data=CommitteeProfileInput(
        committee_type="trade", trade="物业", term_start=dt.date(2020, 3, 1), term_end=dt.date(2023, 2, 28)))
    c = login(personas.owner)
    page = c.get("/mediation/committees/").content.decode()
    assert "行业性、专业性调委会（物业）" in page and "2023-02-28" in page and "已届满" in page

    wb = load_workbook(BytesIO(c.get("/mediation/committees/?export=xlsx").content))
    header, *rows = list(wb.active.values)
    row = dict(zip(header, rows[0], strict=True))
    assert row["类型"] == "行业性、专业性调委会（物业）" and row["本届任期届满"].date() == dt.date(2023, 2, 28)
