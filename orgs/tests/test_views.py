"""机构管理: the org tree each persona may see, filters, and an org's members."""

import pytest

pytestmark = pytest.mark.django_db


def test_office_staff_sees_own_subtree_only(personas, login):
    r = login(personas.owner).get("/orgs/")
    assert r.status_code == 200
    names = [row.record.name for row in r.context["table"].rows]
    assert names == [personas.office.name, personas.committee.name]


def test_county_sees_its_offices_in_tree_order_and_not_another_county(personas, login):
    r = login(personas.supervisor).get("/orgs/")
    codes = [row.record.code for row in r.context["table"].rows]
    tree = [personas.county, personas.office, personas.committee, personas.sibling_office]
    assert codes == [o.code for o in tree]
    assert personas.other_office.code not in codes and personas.city.code not in codes


def test_sysadmin_filters_by_kind_name_and_county(personas, login):
    c = login(personas.sysadmin)
    r = c.get("/orgs/", {"kind": "office"})
    assert {row.record.code for row in r.context["table"].rows} == {personas.office.code, personas.sibling_office.code,
                                                                      personas.other_office.code}
    r = c.get("/orgs/", {"county": personas.other_county.pk})
    assert {row.record.code for row in r.context["table"].rows} == {personas.other_county.code, personas.other_office.code}
    r = c.get("/orgs/", {"name": "三中街"})
    assert [row.record.code for row in r.context["table"].rows] == [personas.sibling_office.code]


def test_county_filter_offers_only_visible_counties(personas, login):
    r = login(personas.supervisor).get("/orgs/")
    assert list(r.context["filter"].form.fields["county"].queryset) == [personas.county]


def test_org_detail_lists_members(personas, login):
    r = login(personas.supervisor).get(f"/orgs/{personas.office.code}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "张明" in body and "李所长" in body and "司法所工作人员" in body
    assert personas.committee.name in body  # child org


def test_org_detail_of_another_county_is_404(personas, login):
    assert login(personas.owner).get(f"/orgs/{personas.other_office.code}/").status_code == 404
    assert login(personas.owner).get("/orgs/999999/").status_code == 404


def test_sysadmin_member_names_link_to_user_management(personas, login):
    body = login(personas.sysadmin).get(f"/orgs/{personas.office.code}/").content.decode()
    assert f"/accounts/users/{personas.owner.username}/" in body
    body = login(personas.supervisor).get(f"/orgs/{personas.office.code}/").content.decode()
    assert "/accounts/users/" not in body


def test_org_export(personas, login):
    r = login(personas.supervisor).get("/orgs/", {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")


def test_menu_shows_org_and_system_items_by_permission(personas, login):
    body = login(personas.sysadmin).get("/orgs/").content.decode()
    for label in ("机构管理", "用户管理", "角色管理", "登录日志", "码表与节假日", "操作日志"):
        assert label in body
    body = login(personas.owner).get("/orgs/").content.decode()
    assert "机构管理" in body and "用户管理" not in body and "登录日志" not in body


def test_org_pickers_group_by_county_and_tell_repeated_names_apart(personas, django_assert_max_num_queries):
    from orgs.models import Org, Region
    from orgs.selectors import org_choice_groups

    twin = Org.objects.add_child(Org.objects.get(pk=personas.other_office.pk), {
        "code": "150403001009", "name": "一西街社区人民调解委员会", "kind": Org.Kind.COMMITTEE,
        "region": Region.objects.get(code="150403001"), "doc_abbr": "元平一"})
    near = Org.objects.add_child(Org.objects.get(pk=personas.sibling_office.pk), {
        "code": "150402002009", "name": "一西街社区人民调解委员会", "kind": Org.Kind.COMMITTEE,
        "region": Region.objects.get(code="150402001"), "doc_abbr": "红三一"})
    orgs = Org.objects.filter(kind__in=[Org.Kind.OFFICE, Org.Kind.COMMITTEE]).order_by("path")
    with django_assert_max_num_queries(3):
        groups = dict(org_choice_groups(orgs))
    assert list(groups) == ["红山区", "元宝山区"]
    labels = dict(groups["红山区"])
    assert labels[personas.office.pk] == "西屯街道司法所"  # a unique name is shown as it is
    # The same name twice in one county: the parent org tells them apart; in another county the county does.
    assert labels[personas.committee.pk] == "一西街社区人民调解委员会（红山区西屯街道司法所）"
    assert labels[near.pk] == "一西街社区人民调解委员会（红山区三中街街道司法所）"
    assert dict(groups["元宝山区"])[twin.pk] == "一西街社区人民调解委员会（元宝山区）"
