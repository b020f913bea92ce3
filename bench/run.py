"""Performance budget check (ARCHITECTURE.md, 性能预算), run by ``make bench``: speed as users feel it.

1. The city-scale demo (``SEED_ARGS["city"]``) on PostgreSQL (database ``sifasuo_bench`` on 127.0.0.1:5432; without
   PostgreSQL on SQLite, said so in the output and the results), built once and reused while the code that decides
   its content is unchanged (``bench/stack.py``).
2. The SQL query count of every list page (each route served by a ``core.lists.ScopedListView``) with 1 and with 50
   rows per page, in this process with Django's test client (target: equal).
3. The production shape: gunicorn with 2–4 workers, the task worker (``manage.py run_worker``), DEBUG off, generated
   secrets; loaded by ``bench/load.py`` (locust, loopback) with 20 users of five personas for two minutes: per page
   group p50/p95/p99 (targets p95 ≤ 300 ms for pages and API reads, ≤ 1 s for Word documents), throughput, errors
   (target 0), and every acknowledged write looked up in the database (lost writes, target 0).
4. With ``--dashboard``: the 数据驾驶舱 at province scale (``bench/dashboard.py``: dashboards stay as fast with 2,167
   offices and a year of history as with one city and a month; about ten minutes more to build its databases).

Writes ``bench/results/latest.json`` (a list of ``{"name", "value", "unit", "extra"}``) and ``latest.md``, prints a
short table; exits 1 when a target is missed.

``--soak 30m`` (or ``--soak 60s`` for CI): steady load with writes for that long, then errors and lost writes
(target 0 and 0), printed (and written to ``--json``); the results files are left alone. Exit codes: 0 met, 1 missed,
3 the server or the load driver could not start."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stack import Database, StackError, database_prepare, postgres_available, stack_run  # noqa: E402

RESULTS = ROOT / "bench" / "results"
OFFICE_USER, COUNTY_USER = "office_150402001", "county_150402"
# Who may open which list: tried in order, the first who sees at least 50 rows measures it.
LIST_USERS = [OFFICE_USER, COUNTY_USER, "auditor_150402", "countylead_150402", "city_admin", "city_leader", "sysadmin"]
ROWS = (1, 50)
# The city demo at benchmark size: every module's records, fewer disputes per office to keep the build short; one
# county of it for the short soak in the test suite.
SEED_ARGS: dict[str, dict[str, Any]] = {
    "city": {"scale": "city", "per_office": ["disputes=4"]},
    "county": {"scale": "city", "counties": "150402", "per_office": ["disputes=3", "persons=12"]},
}
DATABASE_NAMES = {"city": "sifasuo_bench", "county": "sifasuo_bench_county"}
EXIT_NOT_STARTED = 3


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str
    ok: bool
    derived_from: dict[str, Any] = field(default_factory=dict)

    def as_entry(self) -> dict[str, Any]:
        """``{"name", "value", "unit", "extra"}``: the target, whether it was met and the raw figures in ``extra``."""
        raw = "；".join(f"{k}={v}" for k, v in self.derived_from.items())
        return {"name": self.name, "value": self.value, "unit": self.unit,
                "extra": f"目标 {self.target}；{'达标' if self.ok else '未达标'}" + (f"；{raw}" if raw else "")}


def _django_setup(db: Database) -> None:
    """Open the benchmark database in this process, with the settings the server runs with."""
    os.environ.update(db.env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    django.setup()


def _ensure_people(username: str, at_least: int) -> int:
    """Register residents through the service until ``username`` sees ``at_least`` people (the 50-row page must be full)."""
    import random

    from django.utils import timezone
    from faker import Faker

    from accounts.models import User
    from orgs.demo import context_build
    from people.demo import person_inputs
    from people.models import Person
    from people.services import person_create

    user = User.objects.get(username=username)
    visible = Person.objects.visible_to(user, "view").count()
    if visible >= at_least:
        return visible
    office = user.memberships.get().org
    faker = Faker("zh_CN")
    faker.seed_instance(50)
    ctx = context_build(rng=random.Random(50), faker=faker, scale="city", offices=[office], office_users={office.pk: [user]},
                        out=print, today=timezone.localdate(), per_office={})
    ctx.id_numbers.update(p.reveal_id_number() for p in Person.objects.exclude(id_number_encrypted=""))
    for data in person_inputs(ctx, office, at_least - visible):
        person_create(actor=user, org=office, data=data, confirm_duplicate=True)
    return Person.objects.visible_to(user, "view").count()


def _client(username: str) -> Any:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if user.is_superuser:  # the administrator's session counts as TOTP-verified, as after the second login step
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def _list_queries(client: Any, url: str, per_page: int) -> tuple[int, int, int]:
    """(status, queries, rows in the filtered list) for one page; the second request is counted (caches warm)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = f"{url}?per_page={per_page}"
    client.get(page)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
    table = response.context["table"] if response.status_code == 200 and response.context else None
    rows = table.paginator.count if table is not None else 0
    return response.status_code, len(ctx.captured_queries), rows


def query_count_figures() -> list[Figure]:
    import logging

    from django.test.utils import setup_test_environment

    setup_test_environment()  # record response.context (template rendering instrumented: no latency is measured here)
    logging.getLogger("django.request").setLevel(logging.ERROR)  # users without the permission get 403: expected here
    out = []
    clients = {u: _client(u) for u in LIST_USERS}
    for url in list_urls():
        best: tuple[str, int] | None = None
        for username in LIST_USERS:
            status, _, rows = _list_queries(clients[username], url, 1)
            if status == 200 and (best is None or rows > best[1]):
                best = (username, rows)
            if status == 200 and rows >= ROWS[-1]:
                break
        if best is None:
            out.append(Figure(name=f"queries 1 vs 50 rows {url}", value=0, unit="queries", target="1行与50行相同", ok=False,
                              derived_from={"url": url, "error": "没有演示账号能打开此列表"}))
            continue
        username, rows = best
        counts = {n: _list_queries(clients[username], url, n)[1] for n in ROWS}
        # With fewer than 50 rows the second page shows all of them; two rows already reveal a per-row query.
        ok = counts[1] == counts[50] and rows >= 2
        derived = {"url": url, "user": username, "rows_visible": rows, "queries_1_row": counts[1],
                   f"queries_{min(rows, ROWS[-1])}_rows": counts[50]}
        if rows < 2:
            derived["error"] = f"演示数据中可见记录只有 {rows} 条，无法比较（请在该模块的 demo.py 中生成记录）"
        out.append(Figure(name=f"queries 1 vs 50 rows {url}", value=counts[50] - counts[1], unit="extra queries",
                          target="0（1行与50行相同）", ok=ok, derived_from=derived))
    return out


def list_urls() -> list[str]:
    """Every parameter-free URL whose view is a ScopedListView (``core.lists.list_urls``)."""
    from core.lists import list_urls as found

    return found()


def load_run(db: Database, *, users: int, seconds: float, workers: int | None) -> dict[str, Any]:
    """Start the production shape on ``db`` and run ``bench/load.py`` against it; its report (``load.run``)."""
    with tempfile.TemporaryDirectory(prefix="sifasuo-bench-load-") as tmp:
        lists, report = Path(tmp) / "lists.json", Path(tmp) / "report.json"
        lists.write_text(json.dumps(list_urls()), encoding="utf-8")
        database = db.url.rsplit("/", 1)[1] if db.vendor == "postgresql" else ""
        with stack_run(db, workers=workers) as server:
            done = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), "--url", server.url, "--users", str(users),
                                   "--seconds", str(seconds), "--lists", str(lists), "--json", str(report),
                                   "--server-pid", str(server.server_pid), "--database", database], cwd=ROOT, check=False)
        if not report.exists():
            raise RuntimeError(f"负载测试程序 bench/load.py 没有给出结果（退出码 {done.returncode}）")
        return json.loads(report.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def lost_writes(report: dict[str, Any]) -> list[str]:
    """Every write the server acknowledged, looked up in the database: the dispute in the state the last
    acknowledged step left it in, its mediation sessions and agreement, each generated document by its number."""
    from documents.models import GeneratedDocument
    from mediation.models import Agreement, Dispute

    writes = report["writes"]
    found = {str(d.uuid): d for d in Dispute.objects.filter(uuid__in=[w["uuid"] for w in writes["disputes"]]).prefetch_related("sessions")}
    agreed = set(Agreement.objects.filter(dispute__uuid__in=list(found)).values_list("dispute__uuid", flat=True))
    lost = []
    for w in writes["disputes"]:
        dispute = found.get(w["uuid"])
        if dispute is None:
            lost.append(f"纠纷 {w['uuid']} 不在数据库中")
        elif dispute.status != w["status"]:
            lost.append(f"纠纷 {w['uuid']} 应为 {w['status']}，数据库中为 {dispute.status}")
        elif len(dispute.sessions.all()) < w["sessions"] or (w.get("agreement") and dispute.uuid not in agreed):
            lost.append(f"纠纷 {w['uuid']} 缺少已确认的调解记录或调解协议")
    numbers = {d["number"] for d in writes["documents"]}
    stored = set(GeneratedDocument.objects.filter(number__in=numbers).values_list("number", flat=True))
    lost += [f"文书 {n} 不在数据库中" for n in sorted(numbers - stored)]
    return lost


def load_figures(report: dict[str, Any], lost: list[str]) -> list[Figure]:
    out = []
    base = {"users": report["users"], "seconds": report["seconds"]}
    for group, g in report["groups"].items():
        target = g["target_p95_ms"]
        raw = {**base, "requests": g["requests"], "failures": g["failures"], "p50_ms": g["p50_ms"], "p99_ms": g["p99_ms"]}
        out.append(Figure(f"{group} p95", g["p95_ms"], "ms", f"≤ {target}" if target else "（记录）",
                          target is None or g["p95_ms"] <= target, raw))
        out += [Figure(f"{group} p50", g["p50_ms"], "ms", "（记录）", True), Figure(f"{group} p99", g["p99_ms"], "ms", "（记录）", True)]
    out.append(Figure("throughput", report["throughput_rps"], "requests/s", "（记录）", True, {**base, "requests": report["requests"]}))
    if report.get("server_cpu_ms_per_request") is not None:
        cpu = report["server_cpu_ms_per_request"]
        out.append(Figure("server CPU per request", cpu, "ms", "（记录）", True,
                          {"what": "gunicorn 各进程及其 PostgreSQL 后端在计时期间的 CPU 时间 ÷ 请求数",
                           "capacity_rps": round((os.cpu_count() or 1) * 1000 / cpu, 1) if cpu else None,
                           "load_average_1min": report["load_average_1min"]}))
    first = next(iter(report["error_messages"].items()), None)
    out.append(Figure("errors", report["errors"], "requests", "0", report["errors"] == 0,
                      {**base, "requests": report["requests"], **({"first": f"{first[0]}: {first[1]}"} if first else {})}))
    out.append(Figure("lost writes", len(lost), "writes", "0", not lost,
                      {"acknowledged": report["writes"]["acknowledged"], "disputes": len(report["writes"]["disputes"]),
                       "documents": len(report["writes"]["documents"]), **({"first": lost[0]} if lost else {})}))
    return out


def _meta(db: Database, args: argparse.Namespace, started: float) -> dict[str, Any]:
    import django
    from django.db import connection

    from orgs.models import Org
    from people.models import Person

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version')")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database = "SQLite（未连接到 PostgreSQL）"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    return {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit, "scale": args.scale,
        "offices": Org.objects.filter(kind=Org.Kind.OFFICE).count(), "people": Person.objects.count(),
        "python": f"Python {platform.python_version()}", "django": django.get_version(), "database": database,
        "machine": f"{platform.machine()}，{os.cpu_count()} 核", "load": "、".join(f"{x:.1f}" for x in os.getloadavg()),
        "seconds": round(time.monotonic() - started),
    }


def write_results(figures: list[Figure], report: dict[str, Any] | None, meta: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps([f.as_entry() for f in figures], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# 性能基准（make bench）",
        "",
        f"{meta['when']}，提交 {meta['commit']}，{meta['scale']} 规模演示数据（{meta['offices']} 个司法所，{meta['people']} 名人员），"
        f"{meta['database']}，{meta['python']}，Django {meta['django']}，{meta['machine']}，结束时系统负载 {meta['load']}。",
        "",
    ]
    if report:
        lines += [
            f"负载：{report['users']} 个并发用户（五种演示角色）先在约 10 秒内陆续登录（用时 {report['ramp_seconds']:.0f} 秒，不计入分位数），"
            f"之后计时 {report['seconds']:.0f} 秒，每个操作之间等待 1～3 秒；服务为 gunicorn 多进程 + 后台任务进程，DEBUG 关闭。",
            "",
            "| 请求组 | 请求数 | 错误 | p50 ms | p95 ms | p99 ms | p95 目标 |",
            "|---|---|---|---|---|---|---|",
        ]
        for group, g in report["groups"].items():
            target = f"≤ {g['target_p95_ms']}" if g["target_p95_ms"] else "—"
            missed = g["target_p95_ms"] is not None and g["p95_ms"] > g["target_p95_ms"]
            lines.append(f"| {group} | {g['requests']} | {g['failures']} | {g['p50_ms']} | {g['p95_ms']} | {g['p99_ms']} | "
                         f"{target}{' **未达标**' if missed else ''} |")
        if report.get("server_cpu_ms_per_request"):
            cpu = report["server_cpu_ms_per_request"]
            lines += ["", f"吞吐 {report['throughput_rps']} 请求/秒。服务端（gunicorn 各进程及其 PostgreSQL 后端）平均每个请求用 CPU {cpu} ms，"
                      f"即本机 {os.cpu_count()} 核满载约 {(os.cpu_count() or 1) * 1000 / cpu:.0f} 请求/秒；计时期间本机 1 分钟平均负载 "
                      f"{report['load_average_1min']}（高于核数时，等待 CPU 的时间计入了上表的延迟）。"]
        lines += ["", "p95 最高的页面：", "", "| 页面 | 请求数 | p95 ms |", "|---|---|---|"]
        lines += [f"| {s['name'].replace('|', ' ')} | {s['requests']} | {s['p95_ms']} |" for s in report["slowest_pages"][:10]]
        lines.append("")
    lines += ["| 指标 | 数值 | 单位 | 目标 | 达标 | 原始数据 |", "|---|---|---|---|---|---|"]
    for f in figures:
        raw = "；".join(f"{k}={v}" for k, v in f.derived_from.items())
        lines.append(f"| {f.name} | {f.value} | {f.unit} | {f.target} | {'是' if f.ok else '**否**'} | {raw} |")
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def duration(text: str) -> float:
    """``90``, ``60s``, ``30m``, ``1h`` → seconds."""
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", text.strip())
    if not found:
        raise argparse.ArgumentTypeError(f"时长应写作 60s、30m 或 1h，现在是“{text}”")
    return float(found.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[found.group(2)]


def soak(db: Database, args: argparse.Namespace) -> int:
    report = load_run(db, users=args.users or 10, seconds=args.soak, workers=args.workers)
    lost = lost_writes(report)
    result = {"requests": report["requests"], "errors": report["errors"], "acknowledged_writes": report["writes"]["acknowledged"],
              "lost_writes": lost, "error_messages": report["error_messages"], "database": db.vendor, "groups": report["groups"]}
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"耐久测试 {args.soak:.0f} 秒：错误 {report['errors']}，丢失的写入 {len(lost)}（目标 0 和 0）" + (f"：{lost[:5]}" if lost else ""))
    return 1 if report["errors"] or lost or not report["writes"]["acknowledged"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description="数字司法所性能基准：生产形态的负载测试、列表查询数、耐久测试")
    parser.add_argument("--scale", choices=sorted(SEED_ARGS), default="city", help="演示数据规模（county：一个旗县区，建库约半分钟）")
    parser.add_argument("--database", choices=["auto", "postgresql", "sqlite"], default="auto",
                        help="auto：能连上 127.0.0.1:5432 的 PostgreSQL 就用它，否则用 SQLite")
    parser.add_argument("--users", type=int, default=None, help="并发用户数（负载测试默认20，耐久测试默认10）")
    parser.add_argument("--seconds", type=float, default=120, help="负载测试的持续秒数")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn 工作进程数（默认每核2个，2～4个）")
    parser.add_argument("--soak", type=duration, default=None, metavar="时长", help="耐久测试：如 30m；CI 用 60s")
    parser.add_argument("--json", type=Path, default=None, help="耐久测试结果写入此 JSON 文件")
    parser.add_argument("--no-load", action="store_true", help="只测列表查询数，不启动服务做负载测试")
    parser.add_argument("--dashboard", action="store_true", help="另测省级规模的数据驾驶舱（约多10分钟建库）")
    parser.add_argument("--dashboard-dir", type=Path, default=None, help="保存并复用数据驾驶舱基准数据库的目录")
    args = parser.parse_args()
    started = time.monotonic()
    vendor = args.database
    if vendor == "auto" and not postgres_available():
        print("未连接到 PostgreSQL（127.0.0.1:5432），改用 SQLite：结果不代表生产环境。", flush=True)
        vendor = "sqlite"
    db = database_prepare(name=DATABASE_NAMES[args.scale], seed_args=SEED_ARGS[args.scale], vendor=vendor)
    _django_setup(db)
    try:
        if args.soak is not None:
            return soak(db, args)
        _ensure_people(OFFICE_USER, ROWS[-1])
        figures = query_count_figures()
        report = None
        if not args.no_load:
            report = load_run(db, users=args.users or 20, seconds=args.seconds, workers=args.workers)
            figures = load_figures(report, lost_writes(report)) + figures
    except StackError as exc:
        print(f"无法启动服务或负载测试程序：{exc}", file=sys.stderr)
        return EXIT_NOT_STARTED
    if args.dashboard:
        from bench.dashboard import dashboard_figures

        figures += dashboard_figures(directory=args.dashboard_dir)
    write_results(figures, report, _meta(db, args, started))
    counted = [f for f in figures if f.name.startswith("queries 1 vs 50 rows")]
    for f in figures:
        if not f.ok or (f.target != "（记录）" and f not in counted) or f.name == "throughput":
            print(f"{'通过' if f.ok else '未达标'}  {f.name}  {f.value} {f.unit}（目标 {f.target}）")
    print(f"列表查询数：{len(counted)} 个列表中 {sum(f.ok for f in counted)} 个 1 行与 50 行相同")
    missed = [f for f in figures if not f.ok]
    print(f"共 {len(figures)} 项，未达标 {len(missed)} 项；用时 {time.monotonic() - started:.0f} 秒。结果：{RESULTS / 'latest.md'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
