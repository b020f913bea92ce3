"""{% url_of %} and {% asset %} print what {% url %} and {% static %} print, and follow a changed STATIC_URL; the
shell's own tags print what its template markup printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import Message
from django.template import Context, Template, engines
from django.template.loader import get_template
from django.test import RequestFactory, override_settings
from django.utils.safestring import mark_safe

from core.models import Notification

OURS = Template("{% load core_shell %}{% asset 'core/app.css' %}|{% asset 'vendor/htmx/htmx.min.js' %}|{% url_of 'core:home' %}"
                "|{% url_of 'accounts:logout' %}")
DJANGO = Template("{% load static %}{% static 'core/app.css' %}|{% static 'vendor/htmx/htmx.min.js' %}|{% url 'core:home' %}"
                  "|{% url 'accounts:logout' %}")


def test_same_urls_as_the_django_tags():
    assert OURS.render(Context()) == DJANGO.render(Context())


def test_a_changed_static_url_is_followed_and_escaped_alike():
    before = OURS.render(Context())
    with override_settings(STATIC_URL="/assets&v2/"):
        changed = OURS.render(Context())
        assert changed == DJANGO.render(Context())
        assert "&amp;" in changed
    assert OURS.render(Context()) == before


REFERENCE = Path(__file__).with_name("shell_reference.html")
def _shell_pair(request: Any, context: dict[str, Any]) -> tuple[str, str]:
    """The page shell rendered by templates/base.html and by the template markup it replaced, in the same context."""
    ours = get_template("base.html").render(dict(context), request)
    reference = engines["django"].from_string(REFERENCE.read_text(encoding="utf-8")).render(dict(context), request)
    return ours, reference


@pytest.mark.django_db
def test_the_shell_prints_what_its_template_markup_printed(personas):
    """Top bar, breadcrumbs, flash messages and assets as the template gave them: for an office user with
    unread reminders, breadcrumbs with and without a link and a page title; names with characters HTML escapes;
    messages plain, marked safe and with tags; a visitor with nothing of the shell context."""
    factory = RequestFactory()
    personas.owner.full_name = '王<小>&"明"'
    personas.owner.save(update_fields=["full_name"])
    request = factory.get("/people/")
    request.user = personas.owner
    Notification.objects.create(user=personas.owner, title="待办到期")
    ours, reference = _shell_pair(request, {
        "title": "人员信息库", "breadcrumbs": [("基础信息", "/people/?a=1&b=<2>"), ("人员<信息>库", "")],
        "messages": [Message(messages.SUCCESS, "已保存 <张三>"), Message(messages.ERROR, mark_safe("<b>失败</b>"), extra_tags="x&y")],
    })
    assert ours == reference
    assert "王&lt;小&gt;&amp;&quot;明&quot;" in ours and 'badge rounded-pill bg-danger ms-1">1<' in ours
    assert "已保存 &lt;张三&gt;" in ours and "<b>失败</b>" in ours and 'data-level="x&amp;y error"' in ours
    assert '<li class="breadcrumb-item active">人员&lt;信息&gt;库</li>' in ours
    # No CSRF token in the shell: app.js takes it from the cookie named here.
    assert 'data-csrf-cookie="csrftoken" data-csrf-header="X-CSRFTOKEN"' in ours and "csrfmiddlewaretoken" not in ours
    assert '<form method="post" action="/accounts/logout/" data-csrf>' in ours
    # No unread reminders, no breadcrumbs, no messages, no 任职 shown.
    Notification.objects.filter(user=personas.owner).update(is_read=True)
    request = factory.get("/")
    request.user = personas.owner
    ours, reference = _shell_pair(request, {"messages": []})
    assert ours == reference and "rounded-pill" not in ours and "flash-messages" not in ours
    # A visitor (the 404 page of an anonymous request): no name and no 任职 in the top bar.
    request = factory.get("/nowhere/")
    request.user = AnonymousUser()
    ours, reference = _shell_pair(request, {})
    assert ours == reference and 'data-testid="current-org"' not in ours


def test_the_shell_assets_follow_the_script_prefix():
    """Served below a prefix (``SCRIPT_NAME``), the stylesheets and scripts carry it, as ``{% static %}`` gives them."""
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    try:
        set_script_prefix("/sfs/")
        with override_settings(STATIC_URL="static/"):
            head = Template("{% load core_shell %}{% shell_assets 'head' %}").render(Context())
            expected = Template("{% load static %}{% static 'core/app.css' %}").render(Context())
        assert expected.startswith("/sfs/") and f'href="{expected}"' in head
    finally:
        set_script_prefix(before)


def test_an_unknown_assets_part_says_which_are_known():
    with pytest.raises(ValueError, match="head 或 scripts"):
        Template("{% load core_shell %}{% shell_assets 'footer' %}").render(Context())
