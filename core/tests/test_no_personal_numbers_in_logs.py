"""No ID number or phone number in any URL or log line (project issue #15, item 5)."""

from __future__ import annotations

import logging
import logging.config
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from core.idsearch import id_number_key
from core.logging import RedactPersonalNumbersFilter, logging_config, redact_personal_numbers
from core.testing import valid_id_number
from people.services import PersonInput, person_create

NUMBER = valid_id_number(seq="731")
OLD_NUMBER = "150402800101731"  # the 15-digit form issued before 1999
PHONE = "13904761234"
LANDLINE = "0476-8331234"


@pytest.fixture
def log_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The project's logging configuration with a file beside the console, as LOG_FILE sets it; restored after."""
    path = tmp_path / "sifasuo.log"
    logging.config.dictConfig(logging_config(level="INFO", log_file=str(path)))
    yield path
    for handler in logging.getLogger().handlers:
        handler.flush()
    logging.config.dictConfig(settings.LOGGING)


def _person(personas):  # type: ignore[no-untyped-def]
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="赵六", id_number=NUMBER, phone=PHONE))


@pytest.mark.django_db
def test_searching_exporting_and_failing_by_id_number_leaves_no_number_in_urls_or_logs(personas, login, log_file):
    person = _person(personas)
    c = login(personas.owner)
    key = id_number_key(NUMBER)

    # The filter form posts the number; the answer is a redirect to the list with its key instead.
    r = c.post("/people/", {"id_number": NUMBER, "name": "", "per_page": "50"})
    assert r.status_code == 303 and r["Location"] == f"/people/?per_page=50&id_key={key}"
    page = c.get(r["Location"])
    html = page.content.decode()
    assert list(page.context["table"].data) == [person]
    i = html.find(NUMBER)
    assert i < 0, html[i - 300:i + 50]
    assert f"id_key={key}&export=xlsx" in html  # the export link carries the key
    assert f'name="id_key" value="{key}"' in html  # kept when another filter changes
    export = c.get(f"/people/?id_key={key}&export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    # An old link with the number in it is answered with the same redirect.
    assert c.get(f"/people/?id_number={NUMBER}")["Location"] == f"/people/?id_key={key}"
    # The other lists about a person take the same filter.
    for url in ("/mediation/disputes/", "/corrections/", "/legalaid/", "/consultation/"):
        r = c.post(url, {"id_number": NUMBER})
        assert r.status_code == 303 and r["Location"] == f"{url}?id_key={key}", url
        assert c.get(r["Location"]).status_code == 200

    # The API: the number goes in a request body, the key in the query string.
    api_key = c.post("/api/v1/id-key", {"id_number": NUMBER}, content_type="application/json").json()["id_key"]
    assert api_key == key
    assert [p["name"] for p in c.get("/api/v1/people", {"id_key": key}).json()["items"]] == ["赵六"]

    # Errors that quote the number: a 404 logged with its path, an exception logged with its traceback.
    assert c.get(f"/people/{NUMBER}/").status_code == 404
    try:
        raise ValueError(f"号码 {NUMBER} 与 {OLD_NUMBER} 不符，联系电话 {PHONE}，座机 {LANDLINE}")
    except ValueError:
        logging.getLogger("people").exception("核对失败：%s %s", NUMBER, PHONE)
    # What runserver and gunicorn write for a request line that carries the numbers.
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /people/?id_number={NUMBER}&phone={PHONE} HTTP/1.1", 200, 10)
    logging.getLogger("gunicorn.access").info("%(r)s %(s)s", {"r": f"GET /people/?phone=%2B86{PHONE} HTTP/1.1", "s": 200})

    text = log_file.read_text(encoding="utf-8")
    assert "Not Found: /people/" in text and "Traceback" in text and "gunicorn.access" in text  # the lines were written
    for secret in (NUMBER, OLD_NUMBER, PHONE, LANDLINE):
        assert secret not in text, secret
    assert f"{NUMBER[:6]}********{NUMBER[-4:]}" in text and "139****1234" in text


def test_every_handler_masks_personal_numbers(log_file):
    """Each handler in settings.LOGGING has the filter, and once configured no logger — Django's request and server
    loggers and gunicorn's included — keeps a handler without it."""
    assert all("redact" in handler["filters"] for handler in settings.LOGGING["handlers"].values())
    assert {"django", "django.server", "gunicorn.access", "gunicorn.error"} <= set(settings.LOGGING["loggers"])
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    handlers = [h for lg in loggers for h in lg.handlers  # pytest's capture and libraries' NullHandler write nowhere
                if not type(h).__module__.startswith("_pytest") and not isinstance(h, logging.NullHandler)]
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, RedactPersonalNumbersFilter) for f in handler.filters), handler


@pytest.mark.parametrize(("text", "masked"), [
    (f"id={NUMBER};", f"id={NUMBER[:6]}********{NUMBER[-4:]};"),
    ("11010119900307757x", "110101********757x"),
    (f"old {OLD_NUMBER}", "old 150402*****1731"),
    (f"tel:{PHONE}", "tel:139****1234"),
    (f"+86{PHONE}", "+86139****1234"),
    (f"座机 {LANDLINE}", "座机 0476-***1234"),
    ("订单 2026-12-07 共 12345 元，编号 20261207", "订单 2026-12-07 共 12345 元，编号 20261207"),
])
def test_redaction_masks_the_middle_digits(text, masked):
    assert redact_personal_numbers(text) == masked


def test_the_masked_forms_hold_no_whole_number():
    for secret in (NUMBER, OLD_NUMBER, PHONE):
        assert not re.search(secret, redact_personal_numbers(f"a {secret} b"))


@pytest.mark.django_db
def test_an_api_client_cannot_put_the_number_in_the_query_string(personas):
    c = Client()
    c.force_login(personas.owner)
    _person(personas)
    r = c.get("/api/v1/people", {"id_key": NUMBER})
    assert r.status_code == 422 and r.json()["field"] == "id_key"
