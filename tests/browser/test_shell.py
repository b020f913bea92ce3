"""The page shell in a real browser: log in through the form, the menu per role, the 人员信息库 list and its htmx
dialog (errors in Chinese, nothing saved, toast on success), the audited reveal of an ID number, the phone layout,
and the 404 and login redirects. Any script error or Content-Security-Policy violation fails the test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core.testing import Personas, valid_id_number
from people.models import Person

pytestmark = pytest.mark.browser

NEW_ID = valid_id_number("150402", "19880516", "024")  # 18th-from-last digit 2: female
BAD_ID = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")


def menu(page: Page) -> Locator:
    return page.locator("#sidebar")


def field(dialog: Locator, name: str) -> Locator:
    """A dialog input by its form name (the list's filter form above has the same names, with ids filter_<name>)."""
    return dialog.locator(f"[name={name}]")


def page_overflow(page: Page) -> int:
    """How many pixels the page is wider than the viewport (0 when nothing sticks out sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_office_user_registers_a_person_and_reveals_the_id_number(
    page: Page, personas: Personas, residents: list[Any], login_as: Any, shots: Path
) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name="登 录")).to_be_visible()
    page.get_by_label("用户名").fill(personas.owner.username)
    page.screenshot(path=shots / "login.png")

    login_as(page, personas.owner)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    expect(page.get_by_test_id("current-org")).to_contain_text("西屯街道司法所")
    expect(page.get_by_test_id("user-menu")).to_contain_text("张明")
    expect(page.get_by_test_id("todo-table")).to_contain_text("人员信息核对：王桂兰")
    assert page_overflow(page) <= 1
    page.screenshot(path=shots / "home.png")

    menu(page).get_by_role("link", name="人员信息库").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(menu(page).get_by_role("link", name="人员信息库")).to_have_class(re.compile(r"\bactive\b"))
    table = page.get_by_test_id("person-table")
    expect(table).to_contain_text("包金花")
    assert page_overflow(page) <= 1
    page.screenshot(path=shots / "people-list.png")

    # Empty form: the error is shown inside the dialog and nothing is saved.
    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="登记人员")).to_be_visible()
    expect(dialog.get_by_test_id("btn-save")).to_be_in_viewport(ratio=1)
    dialog.get_by_test_id("btn-save").click()
    expect(dialog.get_by_test_id("error-name")).to_have_text("请填写姓名")
    expect(dialog).to_be_visible()
    assert Person.objects.count() == len(residents)

    field(dialog, "name").fill("赵丽娟")
    field(dialog, "id_number").fill(BAD_ID)
    field(dialog, "phone").fill("13704761256")
    field(dialog, "address_detail").fill("一西街社区3号楼2单元601室")
    dialog.get_by_test_id("btn-save").click()
    expect(dialog.get_by_test_id("error-id_number")).to_contain_text("校验位错误")
    expect(field(dialog, "name")).to_have_value("赵丽娟")
    assert Person.objects.count() == len(residents)
    page.screenshot(path=shots / "person-dialog.png")

    field(dialog, "id_number").fill(NEW_ID)
    dialog.get_by_test_id("btn-save").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#toasts")).to_contain_text("已登记 赵丽娟")
    person = Person.objects.get(name="赵丽娟")
    assert person.org == personas.office
    row = table.get_by_role("row").filter(has_text="赵丽娟")
    expect(row).to_contain_text(person.id_number_masked)
    assert NEW_ID not in page.content()

    row.get_by_role("link", name="赵丽娟").click()
    expect(page).to_have_url(re.compile(rf"/people/{person.uuid}/$"))
    expect(page.get_by_test_id("id-masked")).to_have_text(person.id_number_masked)
    confirms: list[str] = []

    def accept(dialog: Any) -> None:
        confirms.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="查看完整号码").click()
    expect(page.get_by_test_id("id-revealed")).to_have_text(NEW_ID)
    assert confirms and "操作日志" in confirms[0]


def test_menu_follows_the_role(page: Page, personas: Personas, login_as: Any) -> None:
    """office_staff lacks core.view_auditevent, so 操作日志 is hidden; the office head and the auditor see it."""
    expected = {
        personas.owner: {"今日待办": True, "人员信息库": True, "操作日志": False},
        personas.head: {"今日待办": True, "人员信息库": True, "操作日志": True},
        personas.readonly: {"今日待办": True, "人员信息库": True, "操作日志": True},
    }
    for user, items in expected.items():
        login_as(page, user)
        expect(page.get_by_test_id("user-menu")).to_contain_text(user.full_name)
        for label, shown in items.items():
            link = menu(page).get_by_role("link", name=label, exact=True)
            if shown:
                expect(link).to_be_visible()
            else:
                expect(link).to_have_count(0)
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="退出登录").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_phone_menu_list_and_dialog_fit_the_screen(
    phone_page: Page, personas: Personas, residents: list[Any], login_as: Any, shots: Path
) -> None:
    page = phone_page
    login_as(page, personas.owner)
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    assert page_overflow(page) <= 1
    expect(menu(page).get_by_role("link", name="人员信息库")).to_be_hidden()

    page.get_by_role("button", name="菜单").click()
    expect(menu(page)).to_be_visible()
    page.screenshot(path=shots / "phone-menu.png")
    menu(page).get_by_role("link", name="人员信息库").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(page.get_by_test_id("person-table")).to_contain_text("王桂兰")
    page.screenshot(path=shots / "phone-people-list.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    save = dialog.get_by_test_id("btn-save")
    field(dialog, "name").fill("孙建国")
    field(dialog, "id_number").fill(valid_id_number("150402", "19720803", "157"))
    page.screenshot(path=shots / "phone-person-dialog.png")
    expect(save).to_be_in_viewport(ratio=1)  # the form scrolls inside the dialog; its buttons stay on screen
    save.click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#toasts")).to_contain_text("已登记 孙建国")
    expect(page.get_by_test_id("person-table")).to_contain_text("孙建国")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1


def test_outsider_gets_chinese_404_and_anonymous_goes_to_login(page: Page, personas: Personas, residents: list[Any], login_as: Any) -> None:
    url = f"/people/{residents[0].uuid}/"
    response = page.goto(url)
    assert response is not None
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)people(/|%2F)" + str(residents[0].uuid)))
    expect(page.get_by_label("用户名")).to_be_visible()

    login_as(page, personas.outsider)
    response = page.goto(url)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="404 未找到")).to_be_visible()
    expect(page.locator("main")).to_contain_text("不在您的数据权限范围内")
    expect(page.locator("main")).not_to_contain_text("王桂兰")
    expect(page.get_by_test_id("current-org")).to_contain_text("平庄镇司法所")


@pytest.mark.parametrize("who", ["owner", "head", "supervisor"])
def test_every_menu_page_opens_without_errors_or_overflow(page: Page, personas: Personas, residents: list[Any], login_as: Any, who: str) -> None:
    """Each page the menu offers answers, keeps the shell, and stays inside 1366 px; the page fixture fails the test
    on any script error or CSP violation along the way."""
    login_as(page, getattr(personas, who))
    links = menu(page).get_by_role("link")
    urls = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert "/people/" in urls
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        expect(menu(page).locator(f'a.active[href="{url}"]')).to_have_count(1)
        assert page_overflow(page) <= 1, url
