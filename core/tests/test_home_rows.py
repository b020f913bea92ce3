"""The 今日待办 rows printed by core_home's tags are what the template loops they replace printed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

from accounts.models import User
from core.models import Deadline, Notification
from core.views import HOME_DEADLINE_FIELDS, HOME_OWNER_FIELDS
from orgs.models import Org

# The loops of core/home.html before the tags, character for character.
MINE = Template('{% for d in mine %}<tr><td>{% if d.link %}<a href="{{ d.link }}">{{ d.title }}</a>{% else %}{{ d.title }}{% endif %}'
                '</td><td>{{ d.org.short_name|default:d.org.name }}</td><td class="small text-muted">{{ d.basis }}</td>'
                '<td>{{ d.due_date|date:"Y-m-d" }}</td><td><span class="badge badge-state-{{ d.state }}">{{ d.get_state_display }}'
                "</span></td></tr>{% endfor %}")
OFFICE = Template('{% for d in office %}<tr><td>{% if d.link %}<a href="{{ d.link }}">{{ d.title }}</a>{% else %}{{ d.title }}'
                  '{% endif %}</td><td>{{ d.org.short_name|default:d.org.name }}</td><td>{{ d.owner|default:"—" }}</td>'
                  '<td>{{ d.due_date|date:"Y-m-d" }}</td><td><span class="badge badge-state-{{ d.state }}">'
                  "{{ d.get_state_display }}</span></td></tr>{% endfor %}")
NOTES = Template('{% for n in notifications %}<li class="mb-2"><span class="badge text-bg-{{ n.level }} me-1">&nbsp;</span>'
                 '{% if n.link %}<a href="{{ n.link }}">{{ n.title }}</a>{% else %}{{ n.title }}{% endif %}'
                 '<div class="small text-muted">{{ n.created_at|date:"m-d H:i" }}</div></li>{% endfor %}')
TAGS = Template("{% load core_home %}{% my_deadline_rows mine %}|{% office_deadline_rows office %}|{% notification_items notifications %}")


def _deadlines() -> list[Deadline]:
    with_short = Org(name="红山区西屯街道司法所", short_name="西屯<所>")
    without_short = Org(name="红山区 \"文钟\" 司法所 & 站", short_name="")
    owner = User(username="zhang", full_name="张<三>")
    return [
        Deadline(title="调解期限 <届满>", link="/mediation/1/?a=1&b=2", basis="人民调解法 第二十六条", due_date=dt.date(2026, 1, 5),
                 state=Deadline.State.OVERDUE, org=with_short, owner=owner),
        Deadline(title="报到 'x'", link="", basis="", due_date=dt.date(2026, 12, 31), state=Deadline.State.DUE_SOON,
                 org=without_short, owner=None),
        Deadline(title="普通", link="/x/", basis="依据&", due_date=dt.date(2027, 2, 1), state=Deadline.State.NORMAL,
                 org=with_short, owner=User(username="li_si", full_name="")),
    ]


def _values(d: Deadline) -> dict[str, object]:
    """The deadline as the home view reads it: ``.values(*HOME_DEADLINE_FIELDS, *HOME_OWNER_FIELDS)``."""
    row: dict[str, object] = {}
    for name in (*HOME_DEADLINE_FIELDS, *HOME_OWNER_FIELDS):
        obj: object = d
        for part in name.split("__"):
            obj = getattr(obj, part) if obj is not None else None
        row[name] = obj
    return row


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_tags_print_what_the_loops_printed(settings, zone):  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = zone
    deadlines = _deadlines()
    notes = [
        Notification(level="danger", title="超期 <提醒>", link="/core/deadlines/?x=1&y=2",
                     created_at=dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)),
        Notification(level="info", title="无链接 & 提醒", link="", created_at=dt.datetime(2026, 3, 1, 8, 5, tzinfo=dt.UTC)),
    ]
    context = {"mine": deadlines, "office": deadlines, "notifications": notes}
    expected = "|".join(t.render(Context(context)) for t in (MINE, OFFICE, NOTES))
    rows = [_values(d) for d in deadlines]  # what the home view reads
    assert TAGS.render(Context({"mine": rows, "office": rows, "notifications": notes})) == expected
    assert "&lt;届满&gt;" in expected and "张&lt;三&gt;" in expected and "—" in expected  # the cases are really there


def test_empty_lists_print_nothing():
    assert TAGS.render(Context({"mine": [], "office": [], "notifications": []})) == "||"
