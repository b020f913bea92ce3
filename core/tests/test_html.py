"""core.html.format_html gives what Django's format_html gives."""

from __future__ import annotations

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
