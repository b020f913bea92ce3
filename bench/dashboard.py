"""数据驾驶舱 and 千分制 at province scale (issue 4), measured by ``bench/run.py --dashboard`` through ``dashboard_figures``.

Three demo databases, each built and measured by its own worker process (``bench/dashboard.py --worker NAME``: its
own Django settings, its own SQLite file), all seeded with the same per-office volumes (``PER_OFFICE``) so that
赤峰市 looks alike in each:

- ``city-30``: 赤峰市 (197 司法所) with 30 days of ledger history;
- ``city-365``: the same with 365 days;
- ``province-365``: 赤峰市 and ten cities cloned from it (2,167 司法所) with 365 days (about 1.2 million entries).

Figures (each a ``run.Figure``):

- ``dashboard province/city latency ratio``: median latency of the city (赤峰市, ``city_admin``), county (红山区,
  ``county_150402``) and office (``office_150402001``) dashboards, for 本月 and 本年, in ``province-365`` divided by
  the same in ``city-365``. The two workers take turns in rounds, so a burst of load on the machine hits both alike.
  Target ≤ 1.5: the pages read rollups of the orgs shown, so the rest of the province must not slow them.
- ``drill-down queries``: SQL queries of each drill-down level (city → county → office dashboard → the office's
  record list behind 受理纠纷), as ``city_admin`` over the last 365 days, in ``city-30`` and ``city-365``. Target: equal.
- ``score recomputation throughput``: ``score_offices`` over every 司法所 of the province for the last 365 days (the
  official, whole-ledger scores), ledger entries in the period per second (median of three runs).
- ``rollup rebuild``: ``rollups_rebuild`` from scratch in ``province-365``, seconds, with the number of entries.

``python bench/dashboard.py --dir DIR`` measures on its own and keeps the databases in DIR for the next run."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import PRODUCTION_ENV  # noqa: E402
from bench.run import Figure  # noqa: E402  (the path above makes ``bench`` importable when run as a script)

# Same volume per office at both scales: the only difference between city-365 and province-365 is the rest of the
# province. (At province scale the mediation demo gives Chifeng's 调委会 no cases of their own; the ledger history,
# which is what the dashboards read, is written per office alike.)
PER_OFFICE = ["persons=2", "deadlines=1", "disputes=1"]
# The modules whose records the dashboards count live (open clocks, mediators, follow-ups), the reviewers' scores and
# the rollups. The other modules' work reaches the dashboards only through the ledger, which the synthetic history
# fills; seeding their records for 2,167 offices through the services would triple the build time.
SEED_APPS = "people,mediation,assessment,dashboard"
DATABASES: dict[str, dict[str, Any]] = {
    "city-365": {"scale": "city", "history_days": 365},
    "province-365": {"scale": "province", "history_days": 365},
    # A copy of city-365 without the synthetic history older than 30 days: what ``seed_demo --history-days 30``
    # gives, without seeding the city a second time.
    "city-30": {"copy_of": "city-365", "history_days": 30},
}
CITY, COUNTY, OFFICE = "150400", "150402", "150402001"
PAGES = {  # level → (user, dashboard of)
    "city": ("city_admin", CITY),
    "county": (f"county_{COUNTY}", COUNTY),
    "office": (f"office_{OFFICE}", OFFICE),
}
PERIODS = {"本月": "?period=month", "本年": "?period=year"}  # the page opens on 近30日; 本月 is asked for by name
DRILL_FIGURE = "disputes.accepted"
LATENCY_TARGET = 1.5
THROUGHPUT_TARGET = 200_000  # ledger entries per second: a city's year (≈110,000 entries) scored in about half a second
REBUILD_TARGET_S = 300.0  # a task with a progress bar, but one a province administrator can wait for
MARK = "@@bench "


# ---------------------------------------------------------------- worker side (inside its own Django process)


def _worker_setup(db: Path, name: str) -> None:
    """Point Django at this worker's database; build it unless a finished one is there: migrate + seed_demo, or a
    copy of another worker's database (SQLite's backup API: safe while that one is open) with its history cut."""
    import sqlite3

    spec = DATABASES[name]
    done = db.with_suffix(".done")
    if db.exists() and not done.exists():  # a build that did not finish
        db.unlink()
    if not done.exists() and "copy_of" in spec:
        with sqlite3.connect(db.with_name(f"{spec['copy_of']}.sqlite3")) as source, sqlite3.connect(db) as target:
            source.backup(target)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.update(PRODUCTION_ENV)  # measure the production code path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if done.exists():
        return
    started = time.monotonic()
    if "copy_of" in spec:
        _history_cut(spec["history_days"])
    else:
        call_command("seed_demo", scale=spec["scale"], per_office=PER_OFFICE, history_days=spec["history_days"], apps=SEED_APPS)
    done.write_text(f"{time.monotonic() - started:.0f}\n", encoding="utf-8")


def _history_cut(days: int) -> None:
    """Delete the synthetic history (``core.demo.HISTORY_NOTE``) older than ``days`` and recount the rollups."""
    from django.utils import timezone

    from core.demo import HISTORY_NOTE
    from core.models import WorkEvent
    from dashboard.rollups import rollups_rebuild

    first = timezone.localdate() - dt.timedelta(days=days)
    deleted, _ = WorkEvent.objects.filter(note=HISTORY_NOTE, date__lt=first).delete()
    rollups_rebuild()
    print(f"删除 {first} 以前的模拟历史台账 {deleted} 条，汇总已重建", flush=True)


def _client(username: str) -> Any:
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _info() -> dict[str, Any]:
    from core.models import WorkEvent
    from orgs.models import Org

    first = WorkEvent.objects.order_by("date").values_list("date", flat=True).first()
    return {"offices": Org.objects.filter(kind=Org.Kind.OFFICE).count(), "events": WorkEvent.objects.count(),
            "first_day": str(first)}


def _latency(runs: int, warmup: int = 2) -> dict[str, list[float]]:
    """Samples (ms) of every dashboard page; the pages take turns."""
    pages = [(f"{level} {label}", username, f"/dashboard/{code}/{query}")
             for level, (username, code) in PAGES.items() for label, query in PERIODS.items()]
    clients = {username: _client(username) for _, username, _ in pages}
    for _ in range(warmup):
        for _, username, url in pages:
            assert clients[username].get(url).status_code == 200, url
    samples: dict[str, list[float]] = {key: [] for key, _, _ in pages}
    for _ in range(runs):
        for key, username, url in pages:
            started = time.perf_counter()
            response = clients[username].get(url)
            samples[key].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
    return samples


def drill_down_urls(today: dt.date) -> list[tuple[str, str]]:
    query = f"?period=custom&date_from={today - dt.timedelta(days=365)}&date_to={today}"
    return [
        ("city", f"/dashboard/{CITY}/{query}"),
        ("county", f"/dashboard/{COUNTY}/{query}"),
        ("office", f"/dashboard/{OFFICE}/{query}"),
        ("records", f"/dashboard/{OFFICE}/records/{DRILL_FIGURE}/{query}"),
    ]


def _queries() -> dict[str, Any]:
    """SQL queries of each drill-down level as the city user (the second request: per-process caches are warm),
    and how many entries the record list pages through."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from dashboard.figures import FIGURES
    from dashboard.selectors import figure_records
    from orgs.models import Org

    today = timezone.localdate()
    client = _client(PAGES["city"][0])
    out: dict[str, Any] = {}
    for level, url in drill_down_urls(today):
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        out[level] = {"url": url, "queries": len(ctx.captured_queries)}
    user, office = User.objects.get(username=PAGES["city"][0]), Org.objects.get(code=OFFICE)
    out["records"]["rows"] = figure_records(user, office, FIGURES[DRILL_FIGURE][1], (today - dt.timedelta(days=365), today)).count()
    return out


def _score(runs: int) -> dict[str, Any]:
    """``score_offices`` over every office for the last 365 days, as the ranking computes the official scores."""
    from django.utils import timezone

    from assessment.scoring import score_offices
    from assessment.selectors import OFFICE_DEPTH, standard_in_force
    from core.models import WorkEvent
    from orgs.models import Org

    today = timezone.localdate()
    start, end = today - dt.timedelta(days=365), today - dt.timedelta(days=1)
    standard, _ = standard_in_force(end.year)
    offices = list(Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True, depth=OFFICE_DEPTH).order_by("path"))
    events = WorkEvent.objects.filter(date__range=(start, end)).count()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        scores = score_offices(None, standard, offices, start, end)
        seconds.append(time.perf_counter() - started)
    assert len(scores) == len(offices)
    return {"offices": len(offices), "events": events, "seconds": seconds, "period": f"{start}～{end}"}


def _rebuild() -> dict[str, Any]:
    from core.models import WorkEvent
    from dashboard.rollups import rollups_differences, rollups_rebuild

    events = WorkEvent.objects.count()
    started = time.perf_counter()
    totals = rollups_rebuild()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "events": events, **totals, "differences": len(rollups_differences(limit=5))}


COMMANDS: dict[str, Callable[..., Any]] = {"info": _info, "latency": _latency, "queries": _queries, "score": _score,
                                           "rebuild": _rebuild}


def _reply(value: Any) -> None:
    sys.stdout.write(MARK + json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def worker_main(name: str, db: Path) -> None:
    """Build (or open) the database, say ready, then answer one JSON command per line on stdin."""
    import logging

    _worker_setup(db, name)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    _reply({"ready": True})
    while line := sys.stdin.readline():
        command = json.loads(line)
        try:
            _reply({"ok": COMMANDS[command["cmd"]](**command.get("args", {}))})
        except Exception as exc:  # reported to the parent, which fails the figure with the message
            _reply({"error": f"{type(exc).__name__}: {exc}"})


# ---------------------------------------------------------------- parent side


class Worker:
    """One worker process and its database; its progress lines are printed with its name in front."""

    def __init__(self, name: str, directory: Path) -> None:
        self.name = name
        self.is_ready = False
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(Path(__file__)), "--worker", name, "--db", str(directory / f"{name}.sqlite3")],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
        )
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(MARK):
                self.lines.put(line[len(MARK):])
            else:
                print(f"[{self.name}] {line.rstrip()}", flush=True)
        self.lines.put(None)

    def _answer(self) -> Any:
        line = self.lines.get()
        if line is None:
            raise RuntimeError(f"基准测试子进程 {self.name} 意外退出（退出码 {self.process.wait()}）")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"{self.name}: {answer['error']}")
        return answer.get("ok", answer)

    def ready(self) -> None:
        """Wait until the database is built (once)."""
        if not self.is_ready:
            self._answer()
            self.is_ready = True

    def ask(self, cmd: str, **args: Any) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"cmd": cmd, "args": args}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def latency_ratio_figures(city: Worker, province: Worker, *, runs: int, rounds: int = 3) -> list[Figure]:
    samples: dict[str, dict[str, list[float]]] = {"city": {}, "province": {}}
    per_round = max(1, -(-runs // rounds))
    for _ in range(rounds):
        for label, worker in (("city", city), ("province", province)):
            for key, values in worker.ask("latency", runs=per_round).items():
                samples[label].setdefault(key, []).extend(values)
    out = []
    for key in samples["city"]:
        at_city, at_province = statistics.median(samples["city"][key]), statistics.median(samples["province"][key])
        level, period = key.split()
        username, code = PAGES[level]
        ratio = at_province / at_city
        out.append(Figure(
            name=f"dashboard province/city latency ratio ({level} {period})", value=round(ratio, 2), unit="×",
            target=f"≤ {LATENCY_TARGET}", ok=ratio <= LATENCY_TARGET,
            derived_from={"url": f"/dashboard/{code}/{PERIODS[period]}", "user": username,
                          "province_median_ms": round(at_province, 1), "city_median_ms": round(at_city, 1),
                          "runs": len(samples["city"][key]), "rounds": rounds},
        ))
    return out


def drill_down_figures(short: Worker, long: Worker, province: Worker) -> list[Figure]:
    counts = {name: w.ask("queries") for name, w in (("city-30", short), ("city-365", long), ("province-365", province))}
    out = []
    for level, at_long in counts["city-365"].items():
        a, b = counts["city-30"][level]["queries"], at_long["queries"]
        derived: dict[str, Any] = {"url": at_long["url"], "user": PAGES["city"][0], "queries_30_days": a, "queries_365_days": b,
                                   "queries_province_365_days": counts["province-365"][level]["queries"]}
        if level == "records":
            derived.update(rows_30_days=counts["city-30"][level]["rows"], rows_365_days=at_long["rows"])
        out.append(Figure(name=f"drill-down queries 30 vs 365 days of history ({level})", value=b - a, unit="extra queries",
                          target="0（历史长短不影响查询数）", ok=a == b, derived_from=derived))
    return out


def score_figures(province: Worker, *, runs: int = 3) -> list[Figure]:
    r = province.ask("score", runs=runs)
    seconds = statistics.median(r["seconds"])
    rate = r["events"] / seconds
    return [Figure(name="score recomputation throughput (all offices, 365 days)", value=round(rate), unit="ledger entries/s",
                   target=f"≥ {THROUGHPUT_TARGET:,}", ok=rate >= THROUGHPUT_TARGET,
                   derived_from={"offices": r["offices"], "events": r["events"], "period": r["period"],
                                 "median_s": round(seconds, 3), "samples_s": [round(s, 3) for s in r["seconds"]]})]


def rebuild_figures(province: Worker) -> list[Figure]:
    r = province.ask("rebuild")
    ok = r["seconds"] <= REBUILD_TARGET_S and r["differences"] == 0
    derived = {"events": r["events"], "months": r["months"], "daily_rows": r["daily"], "monthly_rows": r["monthly"],
               "entries_per_s": round(r["events"] / r["seconds"])}
    if r["differences"]:
        derived["error"] = f"重建后汇总与台账不一致 {r['differences']} 处"
    return [Figure(name="rollup rebuild from scratch (province, 365 days)", value=round(r["seconds"], 1), unit="s",
                   target=f"≤ {REBUILD_TARGET_S:g}", ok=ok, derived_from=derived)]


def dashboard_figures(*, runs: int = 30, directory: Path | None = None) -> list[Figure]:
    """Build the three databases (in parallel: nothing is timed while they are built), then measure one thing at a
    time. ``directory`` keeps the databases for the next run; by default they go to a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="sifasuo-bench-dashboard-") as tmp:
        where = directory or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        workers: dict[str, Worker] = {}
        try:
            for name in ("city-365", "province-365"):
                workers[name] = Worker(name, where)
            workers["city-365"].ready()
            workers["city-30"] = Worker("city-30", where)
            for w in workers.values():
                w.ready()
            print(f"驾驶舱基准数据库就绪（{time.monotonic() - started:.0f} 秒）："
                  + "；".join(f"{n} {w.ask('info')}" for n, w in workers.items()), flush=True)
            short, city, province = workers["city-30"], workers["city-365"], workers["province-365"]
            figures = drill_down_figures(short, city, province)
            short.close()
            figures += latency_ratio_figures(city, province, runs=runs)
            figures += score_figures(province)
            figures += rebuild_figures(province)
            return figures
        finally:
            for w in workers.values():
                if w.process.poll() is None:
                    w.process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description="数据驾驶舱省级规模基准（由 bench/run.py 调用，也可单独运行）")
    parser.add_argument("--worker", choices=sorted(DATABASES), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=30, help="每个驾驶舱页面计时的请求次数（取中位数）")
    parser.add_argument("--dir", type=Path, default=None, help="保存并复用基准数据库的目录（默认用临时目录，用完删除）")
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker, args.db)
        return 0
    figures = dashboard_figures(runs=args.runs, directory=args.dir)
    for f in figures:
        print(f"{'通过' if f.ok else '未达标'}  {f.name}  {f.value} {f.unit}（目标 {f.target}）  {f.derived_from}")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
