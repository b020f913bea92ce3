"""ListFilterSet builds its form class once per FilterSet class when the fields cannot differ (core/lists.py)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from consultation.filtersets import ConsultationFilterSet
from core import lists
from orgs.filtersets import OrgFilterSet
from people.filtersets import PersonFilterSet
from people.models import Person

pytestmark = pytest.mark.django_db


def _filterset(cls, query="", user=None):  # type: ignore[no-untyped-def]
    request = RequestFactory().get(f"/?{query}")
    request.user = user
    model = cls._meta.model
    return cls(request.GET or None, queryset=model._default_manager.all(), request=request)


def test_static_fields_share_one_form_class_with_forms_of_their_own(personas):
    lists._form_classes.clear()
    first, second = _filterset(PersonFilterSet, "name=张"), _filterset(PersonFilterSet, "sex=2")
    assert type(first.form) is type(second.form) and PersonFilterSet in lists._form_classes
    assert first.form.is_valid() and second.form.is_valid()
    assert (first.form.cleaned_data["name"], second.form.cleaned_data["name"]) == ("张", "")
    assert first.form.fields["name"] is not second.form.fields["name"]  # each form copies the fields
    assert str(first.form["name"]) != str(second.form["name"])  # bound to its own data
    assert list(second.qs) == list(Person.objects.filter(sex="2"))


def test_fields_chosen_per_instance_are_built_per_instance(personas):
    lists._form_classes.clear()
    # OrgFilterSet's 所属县级司法局 choices come from the request's user; ConsultationFilterSet sets its 咨询类别
    # from the 码表 in __init__: both build their form classes each time.
    org_forms = [type(_filterset(OrgFilterSet, user=personas.supervisor).form) for _ in range(2)]
    consultation_forms = [type(_filterset(ConsultationFilterSet, user=personas.owner).form) for _ in range(2)]
    assert org_forms[0] is not org_forms[1] and consultation_forms[0] is not consultation_forms[1]
    assert OrgFilterSet not in lists._form_classes and ConsultationFilterSet not in lists._form_classes


def test_each_filterset_has_its_own_filters(personas):
    """Filters are copied one object each (core.lists.copy_filter): a page's choices set in ``__init__`` stay on that
    instance, and a ``method`` filter runs on its own FilterSet."""
    from core.testing import valid_id_number
    from people.services import PersonInput, person_create

    consultation = _filterset(ConsultationFilterSet, user=personas.owner)
    assert consultation.filters["topic"].extra["choices"] and ConsultationFilterSet.base_filters["topic"].extra["choices"] == []
    assert consultation.filters["topic"] is not ConsultationFilterSet.base_filters["topic"]
    assert consultation.filters["topic"].parent is consultation and not hasattr(ConsultationFilterSet.base_filters["topic"], "parent")
    number = valid_id_number(seq="501")
    person = person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="方法", id_number=number))
    found = _filterset(PersonFilterSet, f"id_number={number}")
    assert found.filters["id_number"].filter.f is found.filters["id_number"]  # the method bound to the copy
    assert list(found.qs) == [person]
    assert list(_filterset(PersonFilterSet, "id_number=110101199003076579").qs) == []


def test_an_empty_filter_form_is_printed_once_per_class(personas):
    from accounts.filtersets import UserFilterSet
    from accounts.models import Role
    from core.templatetags import core_tables

    core_tables._empty_forms.clear()
    lists._form_classes.clear()
    fresh = _filterset(PersonFilterSet, "per_page=50").form
    first = core_tables.filter_fields(fresh)
    assert len(core_tables._empty_forms) == 1
    again = _filterset(PersonFilterSet, "per_page=50&page=2").form
    assert core_tables.filter_fields(again) is first  # remembered
    # Printed anew, the same HTML (the cache holds exactly what the loop prints).
    core_tables._empty_forms.clear()
    assert core_tables.filter_fields(_filterset(PersonFilterSet, "per_page=50").form) == first
    # A filter set in the query string: printed for this request, with its value.
    searched = core_tables.filter_fields(_filterset(PersonFilterSet, "name=张三&per_page=50").form)
    assert 'value="张三"' in searched and 'value="张三"' not in first
    # Options read from the database (角色): printed each time, so a new role shows at once.
    roles = core_tables.filter_fields(_filterset(UserFilterSet, "", user=personas.sysadmin).form)
    Role.objects.create(code="new_role", name="新建角色")
    assert "新建角色" not in roles and "新建角色" in core_tables.filter_fields(_filterset(UserFilterSet, "", user=personas.sysadmin).form)


def test_the_filterset_is_bound_only_by_a_filter_of_its_own(personas, login):
    """Paging, page size and sorting leave the filterset unbound (the rows as they are); a filter's name — even
    empty — or a part of a field with several inputs binds it."""
    import django_filters

    class Ranged(lists.ListFilterSet):
        born = django_filters.DateFromToRangeFilter(field_name="birth_date")

        class Meta:
            model = Person
            fields: list[str] = []

    assert not lists._sets_a_filter({"per_page": "50", "page": "2", "sort": "-name", "export": "xlsx"}, PersonFilterSet)
    assert lists._sets_a_filter({"name": ""}, PersonFilterSet) and lists._sets_a_filter({"per_page": "50", "sex": "1"}, PersonFilterSet)
    assert lists._sets_a_filter({"born_after": "2026-01-01"}, Ranged) and not lists._sets_a_filter({"page": "1"}, Ranged)
    assert _filterset(Ranged, "born_after=2026-01-01").form.is_valid()
    c = login(personas.owner)
    assert not c.get("/people/?per_page=50").context["filter"].is_bound
    bound = c.get("/people/?per_page=50&name=不存在").context
    assert bound["filter"].is_bound and bound["table"].paginator.count == 0
