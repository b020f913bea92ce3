"""core.html.format_html gives what Django's format_html gives."""

from __future__ import annotations

import uuid

import pytest
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core.html import format_html


class Shown:
    def __html__(self) -> str:
        return "<i>x</i>"


@pytest.mark.parametrize("args", [
    ("<b>甲&乙\"'</b>",), (mark_safe("<b>safe</b>"),), (3, None, 2.5), (Shown(),), ("a", mark_safe("<br>"), 7),
    (uuid.UUID("2c525737-d079-4ff0-a5c1-b01684aaa0eb"), True, -4), ("张三", "13912345678", "ＡＢ１２", "", "a b&c"),
])
def test_same_html_as_django(args):  # type: ignore[no-untyped-def]
    template = "<span>" + "|".join("{}" for _ in args) + "</span>"
    ours = format_html(template, *args)
    assert ours == django_html.format_html(template, *args)
    assert isinstance(ours, SafeString)


def test_keyword_arguments_are_escaped_too():
    assert format_html('<a href="{url}">{text}</a>', url="/x?a=1&b=2", text="<甲>") == (
        django_html.format_html('<a href="{url}">{text}</a>', url="/x?a=1&b=2", text="<甲>")
    )


def test_a_lazy_argument_goes_to_djangos_own():
    label = gettext_lazy("next")
    assert str(format_html("<b>{}</b>", label)) == str(django_html.format_html("<b>{}</b>", label))


@pytest.mark.parametrize("text", ["张三丰", "13912345678", "150402********162X", "O'Brien", "a<b>&\"", "", "ⅠⅡ", "x\u00a0y"])
def test_escape_text_is_html_escape(text):  # type: ignore[no-untyped-def]
    import html

    from core.html import escape, escape_text

    assert escape_text(text) == html.escape(text) == escape(text) == str(django_html.conditional_escape(text))


@pytest.mark.parametrize("attrs", [
    {}, {"class": "table table-sm", "data-testid": "x"}, {"id": None, "title": "<甲&乙>"}, {"class": lambda: "called"},
    {"td": {"class": "no"}, "th": {}, "_ordering": {}, "thead": {}, "tbody": {}, "tfoot": {}, "n": 3},
    {"style": mark_safe("a:b;")},
])
def test_attrs_html_is_attribute_dict_as_html(attrs):  # type: ignore[no-untyped-def]
    from django_tables2.utils import AttributeDict

    from core.html import attrs_html

    ours = attrs_html(AttributeDict(attrs))
    assert ours == AttributeDict(attrs).as_html() and isinstance(ours, SafeString)
