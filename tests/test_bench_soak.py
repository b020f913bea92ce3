"""The short soak of the production shape (``bench/run.py --soak``): one county of the demo served by gunicorn and
the task worker, loaded by locust with the five personas' reads and the office's dispute workflow. No timing is
asserted here (the machine running the suite is busy); what a user would notice is: every request answered without
error, and every write the server acknowledged still there afterwards."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from bench.stack import postgres_available

ROOT = Path(__file__).resolve().parent.parent
SOAK = "45s"


def test_short_soak_answers_every_request_and_loses_no_acknowledged_write(tmp_path: Path) -> None:
    missing = [name for name in ("gunicorn", "locust") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"未安装 {'、'.join(missing)}，无法启动生产形态的服务做耐久测试（pip install -e '.[dev]'）")
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and postgres_available()
    if not on_postgres and postgres_available():
        # It starts its own server and database; once is enough, on the production shape's database.
        pytest.skip("耐久测试在 PostgreSQL 一轮中运行（生产形态的数据库），SQLite 一轮不重复运行")
    out = tmp_path / "soak.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "county", "--database", "postgresql" if on_postgres else "sqlite",
         "--soak", SOAK, "--users", "8", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    if done.returncode == 3:
        pytest.skip(f"gunicorn 或后台任务进程无法启动：{done.stderr[-1500:]}")
    assert out.exists(), f"耐久测试没有给出结果（退出码 {done.returncode}）：{done.stdout[-2000:]}{done.stderr[-2000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["database"] == ("postgresql" if on_postgres else "sqlite")
    assert result["errors"] == 0, result["error_messages"]
    assert result["lost_writes"] == []
    # The workflow ran (登记 and later steps) and every persona's kinds of page were opened.
    assert result["acknowledged_writes"] >= 5
    assert {"home", "list", "list filtered", "detail", "dashboard", "api read", "api write"} <= set(result["groups"])
    assert done.returncode == 0, done.stdout[-2000:]
