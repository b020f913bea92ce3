"""The page shell shared by every module: list pages, the left menu, the favicon."""

from __future__ import annotations

import re
from collections import Counter

import pytest

pytestmark = pytest.mark.django_db


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_list_filter_form_and_create_dialog_share_no_html_id(personas, login):
    """The filter form and the dialog loaded into the same page used to both render ``id_name`` …"""
    c = login(personas.owner)
    page = c.get("/people/").content.decode()
    dialog = c.get("/people/new/", HTTP_HX_REQUEST="true").content.decode()
    page_ids, dialog_ids = _ids(page), _ids(dialog)
    assert 'id="filter_name"' in page and 'for="filter_name"' in page
    assert not [i for i in page_ids if i.startswith("id_")], "filter fields must not use the dialogs' id_ prefix"
    assert 'id="id_name"' in dialog
    duplicates = [i for i, n in Counter(page_ids + dialog_ids).items() if n > 1]
    assert not duplicates, f"HTML ids used twice once the dialog is open: {duplicates}"


def _active(menu):
    return [i["label"] for g in menu for i in g["items"] if i["active"]]


def test_menu_highlights_exactly_one_item_the_longest_matching_url(personas):
    from core.menu import menu_for

    menu = menu_for(personas.sysadmin, "/")
    urls = {i["label"]: i["url"] for g in menu for i in g["items"]}
    # Every page of the menu, and a page below it, lights up its own item and nothing else.
    for label, url in urls.items():
        assert _active(menu_for(personas.sysadmin, url)) == [label], url
        assert _active(menu_for(personas.sysadmin, url + "00000000-0000-0000-0000-000000000000/")) == ([label] if url != "/" else [])
    # 工作日志 is /worklog/ and 日志审阅 /worklog/review/: the review page is one item, not both.
    assert _active(menu_for(personas.sysadmin, "/worklog/review/")) == ["日志审阅"]
    assert _active(menu_for(personas.sysadmin, "/worklog/day/2026-03-02/")) == ["工作日志"]


def test_favicon_is_linked_and_served(personas, login, client):
    from django.contrib.staticfiles import finders

    html = login(personas.owner).get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert href and href.group(1) == "/static/core/favicon.ico"
    path = finders.find("core/favicon.ico")
    assert path and open(path, "rb").read(4) == b"\x00\x00\x01\x00"  # a real ICO file
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"] == "/static/core/favicon.ico"


def _top_bar(html: str) -> str:
    found = re.search(r'data-testid="current-org">(.*?)</span>', html)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def test_top_bar_names_the_main_membership_read_with_the_grants(personas, login):
    """The top bar names the 主要任职 (then the oldest), also when its org is no longer active, as
    ``primary_membership`` does."""
    from accounts.models import Membership, Role
    from accounts.selectors import primary_membership

    user = personas.owner
    Membership.objects.filter(user=user).update(is_primary=False)
    extra = Membership.objects.create(user=user, org=personas.sibling_office, role=Role.objects.get(code="mediator"), is_primary=True)
    assert _top_bar(login(user).get("/").content.decode()) == "三中街街道司法所 · 人民调解员"
    assert primary_membership(user) == extra
    personas.sibling_office.is_active = False
    personas.sibling_office.save(update_fields=["is_active"])
    page = login(user).get("/people/").content.decode()
    assert _top_bar(page) == "三中街街道司法所 · 人民调解员"  # as before: the main 任职 whatever its org
    extra.is_active = False
    extra.save(update_fields=["is_active"])
    assert _top_bar(login(user).get("/").content.decode()) == "西屯街道司法所 · " + user.memberships.get(org=personas.office).role.name
    assert _top_bar(login(personas.sysadmin).get("/").content.decode()) == _expected(personas.sysadmin)


def _expected(user) -> str:  # type: ignore[no-untyped-def]
    from accounts.selectors import primary_membership

    m = primary_membership(user)
    return f"{m.org.name} · {m.role.name}" if m else ""


def test_the_menu_marks_the_page_of_each_request(personas, login):
    """The menu's items are remembered per set of permissions: each page still lights up its own."""
    c = login(personas.owner)
    for url, label in (("/people/", "人员信息库"), ("/", "今日待办"), ("/people/", "人员信息库"), ("/notifications/", "消息提醒")):
        html = c.get(url).content.decode()
        active = re.findall(r'<a class="nav-link active" href="([^"]+)"><i class="bi [^"]+" aria-hidden="true"></i>([^<]+)</a>', html)
        assert active == [(url, label)], (url, active)


def _badge(html: str) -> str:
    bell = r'title="提醒"><i class="bi bi-bell" aria-hidden="true"></i>'
    found = re.search(bell + r'(?:<span class="badge rounded-pill bg-danger ms-1">(\d+)</span>)?</a>', html)
    assert found, "the top bar's bell is missing"
    return found.group(1) or ""


def test_unread_badge_counts_every_unread_notification_on_the_home_page_and_elsewhere(personas, login):
    """今日待办 lists at most 10 unread notifications; the top bar's badge counts all of them, on every page."""
    from core.models import Notification

    c = login(personas.owner)
    assert _badge(c.get("/").content.decode()) == ""
    for n in range(11):
        Notification.objects.create(user=personas.owner, title=f"提醒{n}")
    Notification.objects.create(user=personas.owner, title="已读的", is_read=True)
    Notification.objects.create(user=personas.supervisor, title="别人的")
    home = c.get("/").content.decode()
    assert _badge(home) == "11" and home.count('<li class="mb-2">') == 10
    assert _badge(c.get("/people/").content.decode()) == "11"
    Notification.objects.filter(user=personas.owner, title__in=["提醒0", "提醒1", "提醒2"]).update(is_read=True)
    home = c.get("/").content.decode()
    assert _badge(home) == "8" and home.count('<li class="mb-2">') == 8
    assert _badge(login(personas.supervisor).get("/").content.decode()) == "1"


def test_the_shell_carries_no_csrf_token_and_the_cookie_one_is_accepted(personas):
    """Pages without a form of their own neither print a CSRF token nor renew the cookie; app.js sends the
    cookie's token in the header (htmx) or as the form field (退出登录), and Django accepts both, while a request
    without it is refused."""
    from django.conf import settings
    from django.test import Client

    from core.testing import valid_id_number
    from people.services import PersonInput, person_create

    person = person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="令牌", id_number=valid_id_number(seq="501")))
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas.owner)
    first = c.get("/people/")  # a browser without the cookie gets it with the first page
    assert settings.CSRF_COOKIE_NAME in first.cookies and "csrfmiddlewaretoken" not in first.content.decode()
    c.cookies.pop(settings.CSRF_COOKIE_NAME)
    dialog = c.get("/people/new/", HTTP_HX_REQUEST="true")  # a form of its own: the token, and the cookie set
    assert "csrfmiddlewaretoken" in dialog.content.decode() and settings.CSRF_COOKIE_NAME in dialog.cookies
    token = c.cookies[settings.CSRF_COOKIE_NAME].value
    for url in ("/", "/people/", "/people/?per_page=50"):
        page = c.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html, url
        assert f'data-csrf-cookie="{settings.CSRF_COOKIE_NAME}"' in html
        assert settings.CSRF_COOKIE_NAME not in page.cookies, url  # not renewed on every page
    reveal = f"/people/{person.uuid}/reveal/"
    assert c.post(reveal, HTTP_HX_REQUEST="true").status_code == 403
    header = "HTTP_" + settings.CSRF_HEADER_NAME.removeprefix("HTTP_")
    assert c.post(reveal, HTTP_HX_REQUEST="true", **{header: token}).status_code == 200
    assert c.post("/accounts/logout/").status_code == 403
    out = c.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert out.status_code == 302 and c.get("/").status_code == 302  # logged out: the home page sends to login
