"""Performance budget check (ARCHITECTURE.md, 性能预算): run by ``make bench``.

Builds its own SQLite database in a temporary directory (migrate + seed_demo), then measures in-process with the
Django test client, as the office head ``office_150402001`` and the county user ``county_150402``:

- median latency of ``/`` (今日待办), ``/people/?per_page=50`` and the minimal authenticated view ``/ping/``,
  reported as the ratios home/ping and list/ping (target ≤ 3.0);
- the SQL query count of every list page (each URL whose view is a ``core.lists.ScopedListView``) with 1 row and
  with 50 rows per page (target: equal);
- the 数据驾驶舱 at province scale (``bench/dashboard.py``, on databases of its own: 赤峰市 with 30 and with 365 days of
  ledger history, and the province of 2,167 offices with 365 days): latency of the city, county and office dashboards
  at province scale as a ratio to city scale (target ≤ 1.5), the SQL query count of each drill-down level (city →
  county → office → record list) with 30 and 365 days of history (target: equal), score recomputation throughput
  (ledger entries scored per second, all offices, 365 days) and the time to rebuild the rollups from scratch.
  ``--no-dashboard`` leaves them out (a quick run); ``--dashboard-dir`` keeps their databases for the next run.

Writes ``bench/results/latest.json`` and ``bench/results/latest.md``; exits 1 when a target is missed."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
OFFICE_USER, COUNTY_USER = "office_150402001", "county_150402"
# Who may open which list: tried in order, the first who sees at least 50 rows measures it.
LIST_USERS = [OFFICE_USER, COUNTY_USER, "auditor_150402", "countylead_150402", "city_admin", "city_leader", "sysadmin"]
RATIO_TARGET = 3.0
ROWS = (1, 50)
# The city demo at benchmark size: every module's records, fewer disputes per office to keep the run short.
SEED_ARGS: dict[str, dict[str, Any]] = {
    "city": {"scale": "city", "per_office": ["disputes=4"]},
    "province": {"scale": "province", "per_office": ["disputes=1"]},
}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str
    ok: bool
    derived_from: dict[str, Any] = field(default_factory=dict)


def _setup(db_path: Path | None, scale: str) -> Path:
    """Point Django at the benchmark database before it loads settings; build it unless one was given."""
    fresh = db_path is None
    path = db_path or Path(tempfile.mkdtemp(prefix="sifasuo-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DEBUG"] = "false"  # measure the production code path, not the debug toolbar of queries
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a reused database may predate the newest modules
    if fresh:
        started = time.monotonic()
        print(f"建立基准测试数据库 {path} ……", flush=True)
        call_command("seed_demo", **SEED_ARGS[scale])
        print(f"数据准备用时 {time.monotonic() - started:.0f} 秒", flush=True)
    return path


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


def _medians_ms(client: Any, urls: list[str], runs: int, warmup: int = 5) -> dict[str, float]:
    """Median latency of each URL; the URLs take turns, so a burst of load on the machine hits them alike."""
    for _ in range(warmup):
        for url in urls:
            assert client.get(url).status_code == 200, url
    samples: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(runs):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            samples[url].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
    return {url: statistics.median(values) for url, values in samples.items()}


def latency_figures(runs: int) -> list[Figure]:
    out = []
    pages = {"home": "/", "people_list_50": "/people/?per_page=50"}
    for username in (OFFICE_USER, COUNTY_USER):
        medians = _medians_ms(_client(username), ["/ping/", *pages.values()], runs)
        ping = medians["/ping/"]
        for label, url in pages.items():
            ratio = medians[url] / ping
            out.append(Figure(
                name=f"{label}/ping latency ratio ({username})", value=round(ratio, 2), unit="×", target=f"≤ {RATIO_TARGET}",
                ok=ratio <= RATIO_TARGET,
                derived_from={"url": url, "median_ms": round(medians[url], 2), "ping_median_ms": round(ping, 2), "runs": runs,
                              "user": username},
            ))
    return out


DOCUMENT_TARGET_MS = 50.0


def document_figures(runs: int) -> list[Figure]:
    """Median time of ``document_generate`` for a 人民调解协议书 (number, render, file, audit and ledger rows) as the
    office user, on a dispute of the demo data with a written agreement; every sample is rolled back."""
    import tempfile

    from django.db import transaction
    from django.test import override_settings

    from accounts.models import User
    from documents.services import document_generate
    from mediation.choices import Outcome
    from mediation.models import Dispute

    name = "agreement Word generation median ms"
    user = User.objects.get(username=OFFICE_USER)
    found = Dispute.objects.visible_to(user, "change").filter(agreement__kind=Outcome.WRITTEN).order_by("id").first()
    if found is None:
        return [Figure(name=name, value=0, unit="ms", target=f"≤ {DOCUMENT_TARGET_MS:g}", ok=False,
                       derived_from={"error": f"演示数据中 {OFFICE_USER} 没有可写的书面调解协议"})]
    samples: list[float] = []

    class _Rollback(Exception):
        pass

    with tempfile.TemporaryDirectory(prefix="sifasuo-bench-media-") as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                for n in range(3 + runs):
                    dispute = Dispute.objects.select_related("org", "agreement").get(pk=found.pk)
                    started = time.perf_counter()
                    document_generate(actor=user, kind="mediation_agreement", target=dispute, org=dispute.org)
                    if n >= 3:  # the first renders warm the template caches
                        samples.append((time.perf_counter() - started) * 1000)
                raise _Rollback
        except _Rollback:
            pass
    median = statistics.median(samples)
    return [Figure(name=name, value=round(median, 2), unit="ms", target=f"≤ {DOCUMENT_TARGET_MS:g}", ok=median <= DOCUMENT_TARGET_MS,
                   derived_from={"dispute": found.number, "user": OFFICE_USER, "runs": runs,
                                 "samples_ms": [round(x, 1) for x in samples]})]


def list_urls() -> list[str]:
    """Every parameter-free URL whose view is a ScopedListView (``core.lists.list_urls``)."""
    from core.lists import list_urls as found

    return found()


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

    setup_test_environment()  # record response.context (template rendering instrumented; latency is measured before)
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


def write_results(figures: list[Figure], meta: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps([asdict(f) for f in figures], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# 性能基准（bench/run.py）",
        "",
        f"{meta['when']}，{meta['scale']} 规模（{meta['offices']} 个司法所，{meta['people']} 名人员），"
        f"{meta['python']}，Django {meta['django']}，{meta['database']}，{meta['machine']}，测量时系统负载 {meta['load']}。",
        "",
        "| 指标 | 数值 | 单位 | 目标 | 达标 | 原始数据 |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        raw = "；".join(f"{k}={v}" for k, v in f.derived_from.items())
        lines.append(f"| {f.name} | {f.value} | {f.unit} | {f.target} | {'是' if f.ok else '**否**'} | {raw} |")
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="数字司法所性能基准：页面延迟比与列表查询数")
    parser.add_argument("--scale", choices=sorted(SEED_ARGS), default="city", help="演示数据规模（province 约2000个司法所，耗时较长）")
    parser.add_argument("--runs", type=int, default=30, help="每个页面计时的请求次数（取中位数）")
    parser.add_argument("--db", type=Path, default=None, help="使用已载入演示数据的 SQLite 文件，跳过建库（用于反复测量）")
    parser.add_argument("--no-dashboard", action="store_true", help="不测省级规模的数据驾驶舱（省去约10分钟建库）")
    parser.add_argument("--dashboard-dir", type=Path, default=None, help="保存并复用数据驾驶舱基准数据库的目录")
    args = parser.parse_args()
    started = time.monotonic()
    _setup(args.db, args.scale)

    import django
    from django.db import connection

    from orgs.models import Org
    from people.models import Person

    _ensure_people(OFFICE_USER, ROWS[-1])
    figures = latency_figures(args.runs) + document_figures(args.runs) + query_count_figures()
    if not args.no_dashboard:
        from bench.dashboard import dashboard_figures

        figures += dashboard_figures(runs=args.runs, directory=args.dashboard_dir)
    meta = {
        "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M（北京时间）"), "scale": args.scale,
        "load": "、".join(f"{x:.1f}" for x in os.getloadavg()),
        "offices": Org.objects.filter(kind=Org.Kind.OFFICE).count(), "people": Person.objects.count(),
        "python": f"Python {platform.python_version()}", "django": django.get_version(),
        "database": f"SQLite {sqlite3.sqlite_version}" if connection.vendor == "sqlite" else connection.vendor,
        "machine": f"{platform.machine()}，{os.cpu_count()} 核",
    }
    write_results(figures, meta)
    width = max(len(f.name) for f in figures)
    for f in figures:
        print(f"{'通过' if f.ok else '未达标'}  {f.name.ljust(width)}  {f.value} {f.unit}（目标 {f.target}）")
    missed = [f for f in figures if not f.ok]
    print(f"共 {len(figures)} 项，未达标 {len(missed)} 项；用时 {time.monotonic() - started:.0f} 秒。结果：{RESULTS / 'latest.md'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
