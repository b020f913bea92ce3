"""seed_demo: the Chifeng demo installation (or a province-sized one for benchmarks), deterministic for a seed: the org tree,
the accounts, then every module's demo plug-in."""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from faker import Faker

from accounts.demo import accounts_create
from accounts.models import User
from core.deadlines import deadlines_refresh
from core.demo import PER_OFFICE_DEFAULTS, ledger_history_seed, seeders
from core.models import Deadline
from orgs.demo import CITY_CODE, context_build, org_trees_build
from orgs.models import Org


def _per_office(values: list[str], scale: str) -> dict[str, int]:
    counts = dict(PER_OFFICE_DEFAULTS[scale])
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not raw.isdigit():
            raise CommandError(f"--per-office 的格式应为 名称=数量（如 disputes=5），现在是“{item}”")
        counts[key.strip()] = int(raw)
    return counts


class Command(BaseCommand):
    help = (
        "向空数据库载入演示数据，同一 --seed 生成的数据完全相同。"
        "--scale city（默认）：赤峰市真实区划——市司法局、12个县级司法局及公共法律服务中心、197个司法所、2457个人民调解委员会；"
        "账号 sysadmin、city_admin、city_leader，每个旗县区 county_/countylead_/auditor_<6位代码>，每个司法所 office_<9位代码>（所长）"
        "和1～2个 staff_<9位代码>_<n>，每所前两个调委会 mediator_<12位代码>；"
        "每所约10名人员、4个待办期限、6件矛盾纠纷及其他模块的业务记录（--per-office disputes=24 约为一年的真实数量）。"
        "--scale province：另按赤峰的结构复制10个模拟地市（代码150500～151400，共2167个司法所，不建调委会），每所2名人员，用于性能测试。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=["city", "province"], default="city", help="city：赤峰市；province：约2000个司法所")
        parser.add_argument("--seed", type=int, default=2026, help="随机数种子（默认2026）")
        parser.add_argument("--counties", default="", help="只为这些旗县区（逗号分隔的6位代码）建账号和业务记录，机构树仍完整")
        parser.add_argument("--apps", default="", help="只运行这些应用的演示数据插件（逗号分隔的应用标签，如 people,mediation）")
        parser.add_argument("--per-office", action="append", default=[], metavar="名称=数量",
                            help="每个司法所的记录数，可重复：persons、deadlines、disputes（默认随 --scale 而定）")
        parser.add_argument("--history-days", type=int, default=None, metavar="天数",
                            help="为每个司法所批量生成的模拟历史台账天数（性能测试用；province 默认 365，city 默认 0）")

    def handle(self, *args: Any, scale: str, seed: int, counties: str, apps: str, per_office: list[str],
               history_days: int | None = None, **options: Any) -> None:
        if User.objects.exists():
            raise CommandError("数据库中已有用户账号，演示数据只能载入空数据库。请换一个新数据库（或删除 db.sqlite3）后再运行 make run。")
        counts = _per_office(per_office, scale)
        limit = {c.strip() for c in counties.split(",") if c.strip()}
        started = time.monotonic()
        rng = random.Random(seed)
        faker = Faker("zh_CN")
        faker.seed_instance(seed)
        out = self.stdout.write

        out("建立机构树……")
        org_trees_build(scale=scale)
        unknown = limit - set(Org.objects.filter(kind=Org.Kind.COUNTY_BUREAU).values_list("code", flat=True))
        if unknown:
            raise CommandError(f"--counties 中有不存在的旗县区代码：{'、'.join(sorted(unknown))}，请填写6位旗县区代码（如 150402）")
        out(f"  机构 {Org.objects.count()} 个，其中司法所 {Org.objects.filter(kind=Org.Kind.OFFICE).count()} 个"
            f"（{time.monotonic() - started:.1f} 秒）")

        out("创建账号……")
        offices, office_users = accounts_create(rng=rng, faker=faker, scale=scale, counties=limit)
        out(f"  账号 {User.objects.count()} 个")

        ctx = context_build(rng=rng, faker=faker, scale=scale, offices=offices, office_users=office_users, out=out,
                            today=timezone.localdate(), per_office=counts)
        # Before the modules' seeders: a plug-in that rebuilds rollups at the end then sees the history too.
        history = history_days if history_days is not None else (365 if scale == "province" else 0)
        if history > 0:
            out(f"生成模拟历史台账（{history} 天）……")
            out(f"  台账条目 {ledger_history_seed(ctx, days=history)} 条")
        for label, seed_fn in seeders({a.strip() for a in apps.split(",") if a.strip()}):
            out(f"生成{label}演示数据……")
            seed_fn(ctx)
        deadlines_refresh(today=ctx.today)
        open_deadlines = Deadline.objects.filter(status=Deadline.Status.OPEN)
        out(f"待办期限 {open_deadlines.count()} 个，其中已超期 {open_deadlines.filter(state=Deadline.State.OVERDUE).count()}、"
            f"即将到期 {open_deadlines.filter(state=Deadline.State.DUE_SOON).count()}")
        out(self.style.SUCCESS(f"演示数据已载入（{time.monotonic() - started:.0f} 秒）。"))
        self._logins(out)

    def _logins(self, out: Any) -> None:
        samples = [
            ("sysadmin", "系统管理员（首次登录需绑定身份验证器）"),
            ("city_admin", "赤峰市司法局 业务科室"),
            ("city_leader", "赤峰市司法局 领导（只读）"),
        ]
        county = Org.objects.filter(kind=Org.Kind.COUNTY_BUREAU, code__startswith=CITY_CODE[:4]).order_by("path")
        office = Org.objects.filter(kind=Org.Kind.OFFICE, code__startswith=CITY_CODE[:4]).order_by("path")
        first_county = next((c for c in county if User.objects.filter(username=f"county_{c.code}").exists()), None)
        if first_county is not None:
            first_office = office.filter(code__startswith=first_county.code).first()
            samples += [
                (f"county_{first_county.code}", f"{first_county.name}（county_<6位旗县区代码>）"),
                (f"countylead_{first_county.code}", f"{first_county.name} 领导（只读）"),
                (f"auditor_{first_county.code}", f"{first_county.name} 只读审计"),
            ]
            if first_office is not None:
                samples.append((f"office_{first_office.code}", f"{first_office.name} 所长（office_<9位乡镇街道代码>）"))
                samples.append((f"staff_{first_office.code}_1", f"{first_office.name} 工作人员"))
        out(f"演示账号（密码均为 {settings.DEMO_PASSWORD}）：")
        width = max(len(name) for name, _ in samples)
        for name, label in samples:
            out(f"  {name.ljust(width)}  {label}")
