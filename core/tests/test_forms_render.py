"""The fast form renderer prints exactly what Django's widget templates print, for every form of the project.

Each filter form of a list page and each form class in an app's ``forms.py`` that can be built without arguments is
rendered field by field with ``core.forms_render.FastWidgetRenderer`` and with Django's ``DjangoTemplates``: unbound,
bound to empty data (required fields get ``aria-invalid``) and bound to a value for every field (the chosen option
``selected``, a typed value in the box)."""

from __future__ import annotations

import inspect
from importlib import import_module
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.renderers import DjangoTemplates

from core.forms_render import FAST, FastWidgetRenderer, _attrs
from core.lists import ScopedListView, list_views

pytestmark = pytest.mark.django_db
PROJECT_ROOT = str(settings.BASE_DIR)


def _list_views() -> list[type[ScopedListView]]:
    return list(dict.fromkeys(view for _, view in list_views()))


def _project_form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if "site-packages" in config.path or not config.path.startswith(PROJECT_ROOT):
            continue  # Django's and third-party apps
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def _sample(field: forms.Field) -> Any:
    """A value the field's widget shows: the first real choice, a date, a number or a word."""
    choices = [value for value, _ in getattr(field, "choices", ()) if value not in ("", None)]
    if choices:
        value = choices[0]
        return [str(getattr(value, "value", value))] if isinstance(field, forms.MultipleChoiceField) else str(getattr(value, "value", value))
    if isinstance(field, forms.DateField):
        return "2026-03-05"
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return "12"
    if isinstance(field, forms.BooleanField):
        return "on"
    return "王 <b>&\""


def _compare(form: forms.BaseForm) -> int:
    """Render every field with both renderers; the number of fields compared."""
    fast, stock = FastWidgetRenderer(), DjangoTemplates()
    for bound in form:
        form.renderer = stock
        expected = str(bound)
        form.renderer = fast
        assert str(bound) == expected, f"{type(form).__name__}.{bound.name}"
    return len(form.fields)


def _variants(build: Any, fields: dict[str, forms.Field]) -> list[forms.BaseForm]:
    data = {name: _sample(field) for name, field in fields.items()}
    return [build(None), build({}), build(data)]


def test_every_filter_form_renders_as_the_widget_templates(rf):  # type: ignore[no-untyped-def]
    compared = 0
    for view in _list_views():
        request = rf.get("/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        fields = view.filterset_class(queryset=view.model._default_manager.none(), request=request).form.fields
        for form in _variants(lambda data: view.filterset_class(data, queryset=view.model._default_manager.none(),
                                                                request=request).form, fields):
            compared += _compare(form)
    assert compared > 50


def test_every_form_built_without_arguments_renders_as_the_widget_templates():
    built = compared = 0
    for cls in _project_form_classes():
        try:
            fields = cls().fields
        except (TypeError, KeyError, AttributeError):
            continue  # needs the actor, an instance or an org: covered where its page is tested
        built += 1
        for form in _variants(cls, fields):
            compared += _compare(form)
    assert built >= 10 and compared > 50


@pytest.mark.parametrize("widget", [
    forms.TextInput(attrs={"class": "form-control", "placeholder": "姓名 \"甲\"", "readonly": True, "hidden": False}),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
    forms.CheckboxInput(),
    forms.HiddenInput(),
    forms.PasswordInput(render_value=True),
    forms.Select(choices=[("", "全部"), ("a", "甲<乙>"), ("分组", [("b", "乙"), ("c", "丙")]), (3, 3)]),
    forms.SelectMultiple(choices=[("a", "甲"), ("b", "乙")]),
])
@pytest.mark.parametrize("value", [None, "", "a", ["a", "b"], 3, "<script>"])
def test_single_widgets_match_for_odd_values_and_attributes(widget, value):  # type: ignore[no-untyped-def]
    assert widget.render("f", value, {"id": "x&y"}, FastWidgetRenderer()) == widget.render("f", value, {"id": "x&y"}, DjangoTemplates())


def test_a_custom_option_template_is_left_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"  # any other template than the stock option

    widget = Custom(choices=[("a", "甲")])
    context = widget.get_context("f", "a", {})
    assert FAST["django/forms/widgets/select.html"](context) is None


def test_attrs_follow_the_template_rules_for_true_false_and_safe_values():
    from django.utils.safestring import mark_safe

    assert _attrs({"required": True, "disabled": False, "data-x": mark_safe("<b>"), "title": "<b>"}) == (
        ' required data-x="<b>" title="&lt;b&gt;"'
    )
