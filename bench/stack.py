"""The production shape the load test runs against: a demo database (PostgreSQL when it answers, else SQLite), the
site under gunicorn with several workers, and the task worker (``manage.py run_worker``), with DEBUG off and the
secrets generated as a production installation sets them.

A seeded database is kept and reused while the code that decides its content is unchanged: its fingerprint (the
migrations, every ``demo.py``, ``seed_demo``, the reference data and the seed arguments) and the secrets it was
encrypted with are kept in ``test-artifacts/bench/<database>.json``; anything else rebuilds it (seeding the city
takes minutes)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "test-artifacts" / "bench"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
# The files whose content decides what ``seed_demo`` writes; any change rebuilds the kept database.
SEED_SOURCES = ("*/migrations/*.py", "*/demo.py", "*/management/commands/seed_demo.py", "*/data/*.json", "*/fixtures/*.json")


def fingerprint(seed_args: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(seed_args, sort_keys=True).encode())
    for pattern in SEED_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            if ".venv" in path.parts or "node_modules" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def postgres_available(server: str = POSTGRES_SERVER) -> bool:
    try:
        import psycopg

        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


@dataclass
class Database:
    """A demo database and the environment a process needs to open it (URL and the keys it was encrypted with)."""

    url: str
    vendor: str
    env: dict[str, str]
    built_now: bool


def _production_env(secret_key: str, field_key: str, id_key: str, url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": secret_key,
        # Loopback without a TLS proxy in front: no redirect to https and cookies that travel over plain HTTP.
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "FIELD_ENCRYPTION_KEY": field_key, "ID_HASH_KEY": id_key, "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DB_CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING", "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def _new_secrets() -> tuple[str, str, str]:
    from base64 import urlsafe_b64encode

    return secrets.token_urlsafe(50), urlsafe_b64encode(secrets.token_bytes(32)).decode(), urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _manage(env: dict[str, str], *args: str, log: Path | None = None) -> None:
    out = log.open("a", encoding="utf-8") if log else None
    try:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env={**os.environ, **env}, check=True,
                       stdout=out, stderr=subprocess.STDOUT if out else None)
    finally:
        if out:
            out.close()


def _postgres_recreate(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _postgres_has_users(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            row = conn.execute("SELECT count(*) FROM accounts_user").fetchone()
    except Exception:
        return False
    return bool(row and row[0])


def _postgres_analyze(url: str) -> None:
    """Table statistics for the planner, as autovacuum keeps them in production: a freshly seeded database has none
    (and the shared server here runs with autovacuum off), so PostgreSQL would plan every join for empty tables —
    the city dashboard's counts went from 0.1 s to 0.4 s that way."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def database_prepare(*, name: str, seed_args: dict[str, Any], vendor: str = "auto", sqlite_dir: Path | None = None,
                     server: str = POSTGRES_SERVER, out: Any = print) -> Database:
    """The demo database ``name`` seeded with ``seed_args``: reused when its fingerprint matches, else built anew
    (migrate + seed_demo). ``vendor`` is ``postgresql``, ``sqlite`` or ``auto`` (PostgreSQL when it answers)."""
    if vendor == "auto":
        vendor = "postgresql" if postgres_available(server) else "sqlite"
    STATE.mkdir(parents=True, exist_ok=True)
    state_file = STATE / f"{name}.{vendor}.json"
    if vendor == "postgresql":
        url = f"{server}/{name}"
    else:
        folder = sqlite_dir or STATE
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / (name + '.sqlite3')}"
    wanted = fingerprint(seed_args)
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else {}
    present = _postgres_has_users(url) if vendor == "postgresql" else Path(url.removeprefix("sqlite:///")).exists()
    if state.get("fingerprint") == wanted and state.get("url") == url and present:
        env = _production_env(state["secret_key"], state["field_key"], state["id_key"], url)
        _manage(env, "migrate", "-v0")  # nothing to do at the same fingerprint; cheap insurance after a manual change
        if vendor == "postgresql":
            _postgres_analyze(url)  # the last run's writes
        out(f"复用已载入演示数据的数据库 {url}（指纹 {wanted}）")
        return Database(url=url, vendor=vendor, env=env, built_now=False)
    secret_key, field_key, id_key = _new_secrets()
    env = _production_env(secret_key, field_key, id_key, url)
    state_file.unlink(missing_ok=True)
    if vendor == "postgresql":
        _postgres_recreate(server, name)
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    started = time.monotonic()
    log = STATE / f"{name}.{vendor}.seed.log"
    log.write_text("", encoding="utf-8")
    out(f"建立基准测试数据库 {url}（migrate + seed_demo {seed_args}，日志 {log}）……")
    _manage(env, "migrate", "-v0", log=log)
    args = ["seed_demo", f"--scale={seed_args['scale']}"]
    args += [f"--per-office={item}" for item in seed_args.get("per_office", [])]
    if seed_args.get("counties"):
        args.append(f"--counties={seed_args['counties']}")
    _manage(env, *args, log=log)
    if vendor == "postgresql":
        _postgres_analyze(url)
    state_file.write_text(json.dumps({"fingerprint": wanted, "url": url, "secret_key": secret_key, "field_key": field_key,
                                      "id_key": id_key, "seconds": round(time.monotonic() - started)}), encoding="utf-8")
    state_file.chmod(0o600)
    out(f"数据准备用时 {time.monotonic() - started:.0f} 秒")
    return Database(url=url, vendor=vendor, env=env, built_now=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def web_workers() -> int:
    """gunicorn's workers as a production configuration on this machine chooses them: two per core, 2 to 4."""
    return max(2, min(4, 2 * (os.cpu_count() or 1)))


class StackError(RuntimeError):
    """The server or the task worker did not start; the message says which and ends with its log."""


@dataclass
class Running:
    url: str
    server_pid: int  # gunicorn's master: its children are the workers


@contextlib.contextmanager
def stack_run(db: Database, *, workers: int | None = None, out: Any = print) -> Iterator[Running]:
    """gunicorn (``workers`` sync workers, loopback, a free port) and one task worker on ``db``; yields the base URL
    once ``/healthz`` answers with the database and the worker both ok, and stops both afterwards."""
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        raise StackError("未安装 gunicorn（pip install gunicorn）")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    logs = Path(tempfile.mkdtemp(prefix="sifasuo-bench-logs-"))
    media = Path(tempfile.mkdtemp(prefix="sifasuo-bench-media-"))
    env = {**os.environ, **db.env, "MEDIA_ROOT": str(media)}
    count = workers or web_workers()
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "sifasuo.wsgi:application", f"--bind=127.0.0.1:{port}",
                f"--workers={count}", "--timeout=60", "--graceful-timeout=10", "--access-logfile=-"]
    processes: list[tuple[str, subprocess.Popen[bytes], Path]] = []
    try:
        for label, command in (("gunicorn", gunicorn), ("run_worker", [sys.executable, str(ROOT / "manage.py"), "run_worker"])):
            log = logs / f"{label}.log"
            with log.open("wb") as handle:
                processes.append((label, subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT), log))
        _wait_healthy(url, processes)
        out(f"服务已启动：{url}（gunicorn {count} 个工作进程 + 后台任务进程，{db.vendor}，DEBUG 关闭；日志 {logs}）")
        yield Running(url=url, server_pid=processes[0][1].pid)
    finally:
        for _, process, _ in processes:
            if process.poll() is None:
                process.terminate()
        for _, process, _ in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(media, ignore_errors=True)


def _wait_healthy(url: str, processes: list[tuple[str, subprocess.Popen[bytes], Path]], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        for label, process, log in processes:
            if process.poll() is not None:
                raise StackError(f"{label} 启动失败（退出码 {process.returncode}）：\n{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                body = json.loads(response.read())
            if body.get("worker") == "ok":
                return
            last = json.dumps(body, ensure_ascii=False)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            last = str(exc)
        time.sleep(0.5)
    raise StackError(f"{timeout:.0f} 秒内 {url}/healthz 未报告数据库与后台任务进程均正常：{last}")
