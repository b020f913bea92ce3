"""The production shape, started for real: deploy/check.sh (gunicorn + task workers + PostgreSQL from
deploy/production.env.example) driven by deploy/smoke.py must finish with 0 errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The same server as the PostgreSQL test pass, a database of its own: <test database>_deploy.
BASE_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/sifasuo")
DEPLOY_URL = BASE_URL + "_deploy"


def _postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(BASE_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


@pytest.mark.deploy
def test_the_production_shape_serves_a_persona_and_an_api_client_without_errors():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("部署形态检查只在 SQLite 一轮中运行一次（它自己启动 PostgreSQL 数据库 *_deploy）")
    if not _postgres_reachable():
        pytest.skip(f"部署形态检查需要 PostgreSQL：无法连接 {BASE_URL.rsplit('/', 1)[0]}；设置 TEST_POSTGRES_URL 或启动 PostgreSQL 后可执行")
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' process for the live server, refused by check --deploy.
    dropped = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SIFASUO_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["DEPLOY_CHECK_POSTGRES_URL"] = DEPLOY_URL
    env.setdefault("PY", sys.executable)
    result = subprocess.run(["bash", "deploy/check.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "冒烟检查：" in result.stdout and "0 项失败" in result.stdout
