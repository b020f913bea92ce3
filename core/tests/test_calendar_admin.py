"""Admin for the reference tables: 码表 with its items inline, 节假日调整, roles and the read-mostly org tree.
Edits are audited and take effect at once (the cached copies are cleared)."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from core.calendar import add_working_days, is_workday
from core.dictionaries import dict_choices
from core.models import AuditEvent, CalendarOverride, DictItem, DictType

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(personas, login):
    personas.sysadmin.is_staff = True
    personas.sysadmin.save(update_fields=["is_staff"])
    return login(personas.sysadmin)


def test_admin_pages_have_chinese_labels(admin_client):
    body = admin_client.get("/admin/").content.decode()
    for label in ("码表", "节假日调整", "角色", "机构", "行政区划", "登录日志"):
        assert label in body


def test_calendar_override_added_in_admin_changes_deadlines_at_once(personas, admin_client):
    day = dt.date(2031, 3, 3)  # a Monday in a year the holiday package does not know yet
    assert is_workday(day)
    r = admin_client.post(reverse("admin:core_calendaroverride_add"), {"date": "2031-03-03", "is_workday": "", "note": "地方性假日"})
    assert r.status_code == 302
    assert CalendarOverride.objects.get(date=day).is_workday is False
    assert not is_workday(day)
    assert add_working_days(dt.date(2031, 2, 28), 1) == dt.date(2031, 3, 4)
    event = AuditEvent.objects.get(action="create", content_type__model="calendaroverride")
    assert event.actor == personas.sysadmin and event.after["note"] == "地方性假日"


def test_dictionary_items_edited_inline_reach_the_forms(personas, admin_client):
    dt_ = DictType.objects.create(code="walk_topics", name="走访事项")
    DictItem.objects.create(dict_type=dt_, code="01", label="邻里纠纷")
    assert dict_choices("walk_topics") == [("01", "邻里纠纷")]
    item = dt_.items.get()
    url = reverse("admin:core_dicttype_change", args=[dt_.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "码表项" in page.content.decode()
    data = {
        "name": "走访事项", "description": "",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "1", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
        "items-0-id": str(item.pk), "items-0-dict_type": str(dt_.pk), "items-0-code": "01", "items-0-label": "邻里纠纷",
        "items-0-sort_order": "0", "items-0-is_active": "on",
        "items-1-id": "", "items-1-dict_type": str(dt_.pk), "items-1-code": "02", "items-1-label": "婚姻家庭纠纷",
        "items-1-sort_order": "2", "items-1-is_active": "on",
    }
    r = admin_client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert dict_choices("walk_topics") == [("01", "邻里纠纷"), ("02", "婚姻家庭纠纷")]
    event = AuditEvent.objects.get(summary__contains="码表项")
    assert event.summary == "修改码表“走访事项”的1个码表项" and event.after == {"items": ["02"]}, (event.summary, event.after)
    # The code of a 码表 is fixed once created: the modules refer to it.
    assert "walk_topics" in page.content.decode() and 'name="code"' not in page.content.decode()


def test_org_admin_is_read_mostly(personas, admin_client):
    assert admin_client.get(reverse("admin:orgs_org_add")).status_code == 403
    url = reverse("admin:orgs_org_change", args=[personas.office.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="phone"' in page and 'name="code"' not in page and 'name="kind"' not in page
    assert admin_client.get(reverse("admin:orgs_region_add")).status_code == 403
    assert admin_client.post(reverse("admin:orgs_org_delete", args=[personas.office.pk]), {"post": "yes"}).status_code == 403


def test_role_admin_leaves_rights_to_the_role_page(personas, admin_client):
    role = Role.objects.get(code="mediator")
    page = admin_client.get(reverse("admin:accounts_role_change", args=[role.pk])).content.decode()
    assert 'name="name"' in page and 'name="data_scope"' not in page and 'name="permissions"' not in page
    assert "在角色管理中设置" in admin_client.get(reverse("admin:accounts_role_changelist")).content.decode()
    assert admin_client.post(reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"}).status_code == 403


def test_menu_links_sysadmin_to_the_reference_tables(personas, admin_client, login):
    assert reverse("admin:core_dicttype_changelist") in admin_client.get("/").content.decode()
    assert "码表与节假日" not in login(personas.owner).get("/").content.decode()
