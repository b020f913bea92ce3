"""Demo 安置帮教: per office a few people released over the last year and a half, written through the services (so
the ledger, the audit trail and the clocks exist): most received by their family, 重点帮教对象 collected at the gate,
filed and assessed, visited at the interval of their risk level up to today, many placed in work or 低保; a few still
awaiting release (the notice came a month ahead), a few out of contact (with a 协查 to the county bureau), a rare one
re-offending; most have a 帮教小组, some earn 积分, and a few living in another office's area are 双列管."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from people.demo import person_inputs
from resettlement import services
from resettlement.choices import AssistanceKind, HandoverMethod, RiskLevel
from resettlement.models import PointsItem

CRIMES = [("盗窃罪", 30), ("故意伤害罪", 14), ("诈骗罪", 10), ("抢劫罪", 6), ("贩卖毒品罪", 6), ("危险驾驶罪", 8),
          ("寻衅滋事罪", 8), ("交通肇事罪", 6), ("强奸罪", 3), ("非法拘禁罪", 3), ("开设赌场罪", 6)]
SENTENCES = ["有期徒刑一年", "有期徒刑一年六个月", "有期徒刑二年", "有期徒刑三年", "有期徒刑三年六个月", "有期徒刑五年", "有期徒刑八年"]
PRISONS = ["内蒙古自治区赤峰监狱", "内蒙古自治区赤峰第二监狱", "内蒙古自治区保安沼监狱", "内蒙古自治区呼和浩特第二监狱"]
KEY_GROUNDS = {"贩卖毒品罪": "涉毒", "抢劫罪": "严重暴力犯罪", "强奸罪": "严重暴力犯罪", "故意伤害罪": "暴力犯罪"}
FAMILY = ["与父母同住，家庭关系和睦", "与妻子、子女同住", "离异，独居", "与兄长一家同住", "父母年迈，需照顾"]
HOUSING = ["自有平房三间", "租住楼房", "与父母同住", "暂住亲属家"]
INCOME = ["务农", "打零工", "个体经营", "暂无收入，依靠家人", "外出务工"]
HELP = [(AssistanceKind.EMPLOYMENT, "介绍到镇农机合作社务工"), (AssistanceKind.SUBSISTENCE, "协助申请纳入最低生活保障"),
        (AssistanceKind.TRAINING, "参加县人社局电焊技能培训"), (AssistanceKind.INSURANCE, "协助办理城乡居民医疗保险"),
        (AssistanceKind.EMPLOYMENT, "推荐到县城物业公司做保安"), (AssistanceKind.HOUSING, "协调村委会修缮危房")]
VISIT_NOTES = ["在家务农，思想稳定", "外出务工，电话联系，情况正常", "与家人关系融洽，积极找工作", "情绪低落，已做思想疏导",
               "已在合作社上班，表现良好"]


GROUP_ROLES = ["cadre", "family", "volunteer", "cadre"]
GROUP_TASKS = ["每月谈心一次，了解思想动态", "帮助联系就业", "日常联系，发现异常及时报告", "督促参加技能培训"]


def seed_released(ctx: Any, *, office: Any, users: list[Any], count: int) -> int:
    rng, today = ctx.rng, ctx.today
    points_items = list(PointsItem.objects.filter(is_active=True, kind="earn"))
    made = 0
    for n, person in enumerate(person_inputs(ctx, office, count)):
        crime = rng.choices([c for c, _ in CRIMES], weights=[w for _, w in CRIMES])[0]
        key = crime in KEY_GROUNDS and rng.random() < 0.6
        pending = n == count - 1 and rng.random() < 0.5  # the notice of a coming release
        release = today + dt.timedelta(days=rng.randint(3, 25)) if pending else today - dt.timedelta(days=rng.randint(10, 540))
        officer = rng.choice(users)
        r = services.released_register(actor=officer, org=office, person=person, data=services.ReleasedInput(
            category="released", crime=crime, sentence=rng.choice(SENTENCES), prison=rng.choice(PRISONS), release_date=release,
            notice_date=max(release - dt.timedelta(days=rng.randint(25, 35)), today - dt.timedelta(days=600)) if rng.random() < 0.85 else None,
            key_subject=key, key_ground=KEY_GROUNDS.get(crime, "") if key else "", officer=officer))
        made += 1
        if pending:
            continue
        returned = min(release + dt.timedelta(days=0 if key else rng.randint(0, 5)), today)
        method = HandoverMethod.COLLECTED if key else rng.choice([HandoverMethod.FAMILY, HandoverMethod.FAMILY, HandoverMethod.SELF])
        services.handover_record(actor=officer, released=r, date=returned, method=method,
                                 collected_by="" if method == HandoverMethod.SELF else ("司法所工作人员" if key else "家属"))
        if rng.random() < 0.9:
            services.file_record(actor=officer, released=r, data=services.FileInput(
                prison_conduct=rng.choice(["积极改造，获表扬两次", "表现一般", "遵守监规"]), family=rng.choice(FAMILY),
                education=rng.choice(["小学", "初中", "高中", "中专"]), skills=rng.choice(["驾驶", "电焊", "养殖", "无"]),
                housing=rng.choice(HOUSING), income=rng.choice(INCOME)))
        level = RiskLevel.HIGH if key else rng.choice([RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.LOW])
        services.risk_assess(actor=officer, released=r, level=level, date=min(returned + dt.timedelta(days=3), today),
                             reason="结合犯罪类型、悔罪表现和家庭社会关系评定")
        day = returned + dt.timedelta(days=rng.randint(1, 6))
        interval = services.visit_interval(level)
        while day <= today - dt.timedelta(days=2):
            services.visit_record(actor=officer, released=r, date=day, kind=rng.choice(["home", "home", "talk", "phone"]),
                                  content=rng.choice(VISIT_NOTES))
            day += dt.timedelta(days=interval - rng.randint(0, 10))
        if rng.random() < 0.7 and (today - returned).days > 20:
            kind, content = rng.choice(HELP)
            services.assistance_record(actor=officer, released=r, date=returned + dt.timedelta(days=rng.randint(10, 20)), kind=kind,
                                       content=content)
        if rng.random() < 0.8:
            services.group_member_add(actor=officer, released=r, name=ctx.faker.name(), role=rng.choice(GROUP_ROLES),
                                      task=rng.choice(GROUP_TASKS))
        if rng.random() < 0.4 and points_items:
            for _ in range(rng.randint(1, 3)):
                services.points_record(actor=officer, released=r, item=rng.choice(points_items),
                                       date=min(returned + dt.timedelta(days=rng.randint(5, 60)), today))
        neighbours = [o for o in ctx.offices if o.pk != office.pk]
        if neighbours and rng.random() < 0.08:
            services.co_manage_set(actor=officer, released=r, co_org=rng.choice(neighbours), note="户籍在本所辖区，现居住地在外所辖区")
        roll = rng.random()
        if roll < 0.03:
            lost = max(returned, today - dt.timedelta(days=rng.randint(1, 20)))
            services.contact_lost(actor=officer, released=r, date=lost, note="电话关机，家属称外出未告知去向，已通报派出所协查")
            county = office.get_parent()
            if county is not None:
                services.assist_request(actor=officer, released=r, to_org=county, reason="missing", date=lost,
                                        details="电话关机，家属称其可能在县城务工，请协助查找")
        elif roll < 0.05:
            services.released_end(actor=officer, released=r, reason="reoffended",
                                  date=max(returned, today - dt.timedelta(days=rng.randint(1, 20))),
                                  reoffence=rng.choice(["盗窃罪", "故意伤害罪"]))
    return made


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: ``ctx.per_office["released"]`` people (three at city scale, one at
    province scale)."""
    count = ctx.per_office.get("released", 3 if ctx.scale == "city" else 1)
    with ctx.stage("安置帮教", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_released(ctx, office=office, users=users, count=count)
            tick(i)
