"""Demo 法律援助申请: per office a few of the consultations marked 转为法律援助申请 become applications through the
conversion service (so nothing is retyped and the ledger counts them), plus one applicant at the window. Older
applications have been forwarded to the county 法律援助中心 (one now and then not accepted); the last few days' are
still waiting, so their forwarding clocks show on 今日待办."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from consultation.choices import FollowUp
from consultation.models import Consultation
from core import calendar
from legalaid import services
from legalaid.choices import HardshipBasis
from legalaid.models import Application
from people.demo import person_inputs

WAITING_DAYS = 4  # applications received within this many days are left for the office to forward
NOT_ACCEPTED_SHARE = 0.1

# What a consultation topic of the demo scenarios becomes: (matter, hardship basis, hardship detail, request).
FROM_TOPIC: dict[str, tuple[str, str, str, str]] = {
    "marriage_family": ("maintenance", HardshipBasis.NO_INCOME, "年逾七十，无固定生活来源，村民委员会出具情况说明",
                        "请求指派律师代理追索赡养费诉讼"),
    "migrant_wages": ("labour", HardshipBasis.MIGRANT_WORKER, "工友名单、工地考勤记录及讨薪录音",
                      "请求指派律师代理追索劳动报酬"),
    "criminal": ("criminal_defence", HardshipBasis.STATEMENT, "家中务农，年收入约两万元，另有两名子女上学，无力委托律师",
                 "请求为犯罪嫌疑人指派辩护律师"),
    "legal_aid": ("other", HardshipBasis.MINIMUM_LIVING, "最低生活保障证、医院诊断证明",
                  "请求指派律师代理人身损害赔偿诉讼"),
}
WINDOW = ("personal_injury", HardshipBasis.STATEMENT, "家庭三口人，靠打零工为生，月收入约一千五百元",
          "在{v}骑电动车被货车撞伤，住院一个月，肇事方只垫付了部分医药费，拒绝继续赔偿。", "请求指派律师代理交通事故损害赔偿诉讼")


def _settle(ctx: Any, application: Application, actor: Any) -> None:
    """Forward (or, now and then, not accept) an application older than the waiting window."""
    if (ctx.today - application.received_date).days <= WAITING_DAYS:
        return
    day = min(calendar.add_working_days(application.received_date, ctx.rng.randint(0, 3)), ctx.today)
    if ctx.rng.random() < NOT_ACCEPTED_SHARE:
        services.application_not_accept(actor=actor, application=application, date=day,
                                        reason="申请人已自行委托律师，撤回法律援助申请")
    else:
        services.application_forward(actor=actor, application=application, date=day)


def seed_applications(ctx: Any, *, office: Any, users: list[Any], count: int) -> int:
    """Up to ``count`` applications from ``office``'s consultations marked 转为法律援助申请, plus one at the window;
    returns how many came from consultations."""
    marked = list(Consultation.objects.filter(org=office, follow_up=FollowUp.LEGAL_AID, topic__in=FROM_TOPIC,
                                              legal_aid_application__isnull=True).select_related("person", "handler")
                  .order_by("date", "pk"))
    chosen = ctx.rng.sample(marked, min(count, len(marked)))
    for consultation in chosen:
        matter, basis, detail, request = FROM_TOPIC[consultation.topic]
        actor = consultation.handler or ctx.rng.choice(users)
        application = services.application_from_consultation(actor=actor, consultation=consultation, data=services.ApplicationInput(
            received_date=min(consultation.date + dt.timedelta(days=ctx.rng.randint(0, 2)), ctx.today), matter=matter,
            facts="", hardship_basis=basis, hardship_detail=detail, request=request,
        ))
        _settle(ctx, application, actor)
    matter, basis, detail, facts, request = WINDOW
    applicant = person_inputs(ctx, office, 1)[0]
    actor = ctx.rng.choice(users)
    application = services.application_receive(actor=actor, org=office, applicant=applicant, data=services.ApplicationInput(
        received_date=ctx.today - dt.timedelta(days=ctx.rng.randint(0, 20)), matter=matter, hardship_basis=basis,
        hardship_detail=detail, request=request,
        facts=facts.format(v=applicant.region.name if applicant.region else office.region.name),
    ))
    _settle(ctx, application, actor)
    return len(chosen)


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: ``ctx.per_office["legal_aid"]`` (default 3) applications from marked
    consultations and one at the window."""
    count = ctx.per_office.get("legal_aid", 3)
    with ctx.stage("法律援助", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_applications(ctx, office=office, users=users, count=count)
            tick(i)
