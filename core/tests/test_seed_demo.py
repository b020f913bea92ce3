"""seed_demo on two real Chifeng counties (红山区, 元宝山区): the login pattern, data scope between counties,
determinism for a seed, valid and encrypted ID numbers, and the plug-in registry."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import Membership, User
from core.demo import seeders
from core.models import AuditEvent, Deadline, WorkEvent
from core.validators import validate_id_number
from people.models import Person

pytestmark = pytest.mark.django_db

COUNTIES = "150402,150403"


def _seed(seed: int = 2026) -> str:
    out = io.StringIO()
    call_command("seed_demo", counties=COUNTIES, seed=seed, apps="people", per_office=["persons=4"], stdout=out)
    return out.getvalue()


class _Rollback(Exception):
    pass


def _names_of_a_seed(seed: int) -> list[str]:
    """Seed inside a savepoint, read the registry in creation order, then roll the whole seed back."""
    try:
        with transaction.atomic():
            _seed(seed)
            names = list(Person.objects.order_by("id").values_list("name", flat=True))
            raise _Rollback
    except _Rollback:
        return names


@pytest.fixture
def seeded() -> str:
    return _seed()


def test_office_login_is_the_head_of_its_office(seeded):
    membership = Membership.objects.select_related("org", "role").get(user__username="office_150402001")
    assert membership.org.name == "西屯街道司法所"
    assert membership.role.code == "office_head"
    assert Membership.objects.get(user__username="county_150402").role.code == "county_staff"
    assert Membership.objects.get(user__username="auditor_150402").role.code == "auditor"
    assert Membership.objects.get(user__username="countylead_150402").role.code == "county_leader"
    assert Membership.objects.filter(user__username__startswith="staff_150402001_", role__code="office_staff").exists()
    assert Membership.objects.get(user__username="sysadmin").role.code == "sysadmin"
    assert User.objects.get(username="sysadmin").is_superuser
    # Only the listed counties get accounts below the city.
    assert not User.objects.filter(username="county_150404").exists()


def test_demo_password_is_hashed_once_and_accepted(seeded, settings):
    user = User.objects.get(username="office_150402001")
    assert user.check_password(settings.DEMO_PASSWORD)
    assert User.objects.values("password").distinct().count() == 1


def test_demo_phones_are_mobile_numbers(seeded):
    phones = list(User.objects.values_list("phone", flat=True)) + [p for p in Person.objects.values_list("phone", flat=True) if p]
    assert phones
    assert all(len(p) == 11 and p[0] == "1" and p[1] in "3456789" and p.isdigit() for p in phones)


def test_county_user_sees_its_offices_people_and_not_the_other_county(seeded):
    county_user = User.objects.get(username="county_150402")
    visible = Person.objects.visible_to(county_user, "view")
    assert visible.filter(org__code="150402001").exists()
    assert visible.exists() and all(code.startswith("150402") for code in visible.values_list("org__code", flat=True))
    assert Person.objects.filter(org__code__startswith="150403").exists()
    assert not visible.filter(org__code__startswith="150403").exists()


def test_people_are_registered_through_the_service(seeded):
    office_people = Person.objects.filter(org__code="150402001")
    assert office_people.count() == 4
    assert AuditEvent.objects.filter(action="create", summary__startswith="登记人员").count() == Person.objects.count()
    assert WorkEvent.objects.filter(event_type="people.person_registered").count() == Person.objects.count()


def test_id_numbers_are_valid_unique_and_never_stored_in_plain(seeded):
    people = list(Person.objects.all())
    numbers = [p.reveal_id_number() for p in people]
    assert len(set(numbers)) == len(numbers)
    for person, number in zip(people, numbers, strict=True):
        info = validate_id_number(number)
        assert info.birth_date == person.birth_date and info.sex == person.sex
        assert number not in person.id_number_encrypted
        assert person.id_number_masked == number[:6] + "*" * 8 + number[-4:]
        assert number[6:14] not in person.id_number_encrypted


def test_office_head_has_overdue_and_due_soon_checks_on_the_home_page(seeded, login):
    head = User.objects.get(username="office_150402001")
    open_checks = Deadline.objects.filter(kind="people.info_check", status=Deadline.Status.OPEN, org__code="150402001")
    assert open_checks.count() == 4
    states = set(open_checks.values_list("state", flat=True))
    assert {Deadline.State.OVERDUE, Deadline.State.DUE_SOON} <= states
    page = login(head).get("/").content.decode()
    assert "人员信息核对" in page


def test_same_seed_gives_the_same_people_in_the_same_order():
    first = _names_of_a_seed(2026)
    assert first and first == _names_of_a_seed(2026)
    assert first != _names_of_a_seed(7)


def test_seed_refuses_a_database_with_users(seeded):
    with pytest.raises(CommandError, match="已有用户账号"):
        _seed()


def test_unknown_county_code_is_refused():
    with pytest.raises(CommandError, match="不存在的旗县区代码：999999"):
        call_command("seed_demo", counties="999999", stdout=io.StringIO())


def test_progress_and_logins_are_printed(seeded):
    assert "人员信息：" in seeded and "完成" in seeded
    assert "office_150402001" in seeded and "county_150402" in seeded


def test_people_seeder_is_a_registered_plug_in():
    assert "人员信息库" in [label for label, _ in seeders()]
    assert [label for label, _ in seeders({"people"})] == ["人员信息库"]


def test_province_scale_clones_chifeng_under_a_new_city_code():
    from orgs.demo import regions_clone_city
    from orgs.models import Org, Region
    from orgs.services import org_tree_build_from_regions

    regions_clone_city(source_code="150400", city_code="150500", name="模拟甲市")
    town = Region.objects.get(code="150502001")
    assert town.name == "西屯街道" and Region.objects.get(path=town.path[: -Region.steplen]).code == "150502"
    assert Region.objects.filter(code__startswith="1505", level=Region.Level.VILLAGE).count() == \
        Region.objects.filter(code__startswith="1504", level=Region.Level.VILLAGE).count()
    org_tree_build_from_regions(city_code="150500", committees=False)
    offices = Org.objects.filter(kind=Org.Kind.OFFICE, code__startswith="1505")
    assert offices.count() == 197
    office = offices.get(code="150502001")
    assert Org.objects.get(path=office.path[: -Org.steplen]).code == "150502"
    assert not Org.objects.filter(kind=Org.Kind.COMMITTEE, code__startswith="1505").exists()


def test_history_days_write_a_year_of_synthetic_ledger_per_office_deterministically():
    from django.db.models import Count

    from core.demo import HISTORY_NOTE
    from core.ledger import EVENT_TYPES
    from orgs.models import Org

    def history(seed: int) -> list[tuple[str, str, dt.date]]:
        try:
            with transaction.atomic():
                call_command("seed_demo", counties="150402", seed=seed, apps="people", per_office=["persons=1"],
                             history_days=30, stdout=io.StringIO())
                rows = list(WorkEvent.objects.filter(note=HISTORY_NOTE).order_by("id")
                            .values_list("org__code", "event_type", "date"))
                offices = Org.objects.filter(kind=Org.Kind.OFFICE, code__startswith="150402").count()
                per_office = dict(WorkEvent.objects.filter(note=HISTORY_NOTE).values_list("org_id").annotate(n=Count("id")))
                assert len(per_office) == offices  # every office has history
                raise _Rollback
        except _Rollback:
            return rows

    first = history(7)
    assert first and all(code in EVENT_TYPES for _, code, _ in first)
    assert max(d for _, _, d in first) < dt.date.today()  # history ends yesterday: today belongs to real work
    assert first == history(7)
