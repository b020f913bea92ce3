"""{% url_of %} and {% asset %} print what {% url %} and {% static %} print, and follow a changed STATIC_URL."""

from __future__ import annotations

from django.template import Context, Template
from django.test import override_settings

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
