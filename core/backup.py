"""Backups of an installation: the database, the uploads folder and a fingerprint of the field keys, in one archive.

The keys themselves (FIELD_ENCRYPTION_KEY, ID_HASH_KEY) are never in a backup: 个人信息保护法 第五十一条 asks for
encryption of personal information, and a backup that carried its own key would not be encrypted. The fingerprint
(a one-way digest of each key) lets ``restore`` refuse an archive made under other keys, whose ID numbers could not
be decrypted or found — before it changes anything.

The database is copied by the engine's own tool when there is one: SQLite's online backup API, PostgreSQL's
``pg_dump``/``pg_restore`` when installed. Otherwise (or with ``--format json``) by Django's serializers, which
also moves data between engines."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


def key_fingerprints() -> dict[str, str]:
    """A one-way digest of each field key: equal keys give equal fingerprints, and nothing of the key is revealed."""
    return {
        name: hashlib.sha256(f"sifasuo-backup-fingerprint:{name}:{getattr(settings, name)}".encode()).hexdigest()[:32]
        for name in ("FIELD_ENCRYPTION_KEY", "ID_HASH_KEY")
    }


def row_counts() -> dict[str, int]:
    """Rows per model of the project's own apps and of the accounts they depend on: what a restore must give back."""
    counts = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label] = model._base_manager.count()
    return counts


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库类型：{vendor}；请使用 SQLite 或 PostgreSQL")
    return vendor


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"]), "PGHOST": str(db.get("HOST") or "127.0.0.1"),
           "PGPORT": str(db.get("PORT") or 5432), "PGUSER": str(db.get("USER") or "postgres")}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 postgresql-client（版本不低于数据库服务器），或用 --format json")
    return path


def _native_format() -> str:
    if _engine() == "sqlite":
        return "sqlite"
    return "pg_dump" if shutil.which("pg_dump") and shutil.which("pg_restore") else "json"


def _dump_database(target: Path, fmt: str) -> str:
    """Write the database to ``target``'s folder; returns the file name inside the archive."""
    if fmt == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "db.sqlite3") as copy:
            connection.connection.backup(copy)  # SQLite's online backup: a consistent copy while the site runs
        return "db.sqlite3"
    if fmt == "pg_dump":
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target / "db.pgdump")]
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603 (fixed arguments, no shell)
        if result.returncode:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()}；请检查 pg_dump 版本不低于数据库服务器版本")
        return "db.pgdump"
    # Every table with its primary keys (content types and permissions included), so the copy is exact.
    call_command("dumpdata", output=str(target / "db.json"), verbosity=0)
    return "db.json"


def _load_database(source: Path, fmt: str) -> None:
    if fmt == "sqlite":
        if _engine() != "sqlite":
            raise BackupError("该备份是 SQLite 数据库文件，不能恢复到 PostgreSQL；请在原 SQLite 安装上恢复，或用 --format json 重新备份")
        connection.ensure_connection()
        with sqlite3.connect(source) as copy:
            copy.backup(connection.connection)
        return
    if fmt == "pg_dump":
        if _engine() != "postgresql":
            raise BackupError("该备份是 PostgreSQL 转储，不能恢复到 SQLite；请在 PostgreSQL 上恢复，或用 --format json 重新备份")
        command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                   "--dbname", str(connection.settings_dict["NAME"]), str(source)]
        connection.close()
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603 (fixed arguments, no shell)
        if result.returncode:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
        return
    # Emptied without post_migrate, which would add the built-in roles, content types … that the dump holds.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(source), verbosity=0)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def backup_create(*, output_dir: Path, fmt: str = "auto") -> BackupResult:
    """One ``.tar.gz`` in ``output_dir``: the manifest (fingerprints, row counts, files), the database, the uploads."""
    fmt = _native_format() if fmt == "auto" else fmt
    if (fmt == "sqlite" and _engine() != "sqlite") or (fmt == "pg_dump" and _engine() != "postgresql"):
        raise BackupError(f"数据库是 {_engine()}，不能用 {fmt} 格式备份；请用 --format auto 或 json")
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="sifasuo-backup-") as tmp:
        work = Path(tmp)
        database_file = _dump_database(work, fmt)
        files = {}
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                files[path.relative_to(media_root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": _engine(),
            "database_format": fmt,
            "database_file": database_file,
            "key_fingerprints": key_fingerprints(),
            "row_counts": row_counts(),
            "media_files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        path = output_dir / f"sifasuo-backup-{stamp}.tar.gz"
        with tarfile.open(path, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / database_file, arcname=database_file)
            if media_root.is_dir():
                archive.add(media_root, arcname=MEDIA_DIR)
    path.chmod(0o600)  # personal data, even if encrypted in part
    return BackupResult(path=path, manifest=manifest)


def backup_read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read().decode("utf-8"))  # type: ignore[no-any-return]
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{path} 不是本系统的备份文件（{exc}）；请指定 manage.py backup 生成的 .tar.gz 文件") from exc


def backup_check_keys(manifest: dict[str, Any]) -> None:
    """Refuse an archive made under other field keys, naming the key that differs."""
    ours = key_fingerprints()
    theirs = manifest.get("key_fingerprints", {})
    differing = [name for name in ours if theirs.get(name) != ours[name]]
    if differing:
        raise BackupError(
            "备份时使用的密钥与当前设置不同：" + "、".join(differing) + "。用不同的密钥恢复，身份证号码将无法解密和查找。"
            "请把环境变量设置为备份时的密钥（与备份分开保存的那份）后再恢复；未做任何改动。"
        )


def backup_restore(*, path: Path) -> dict[str, Any]:
    """Replace the database and the uploads folder with the archive's; returns its manifest. The keys are checked
    first, and the restored row counts against the manifest's."""
    manifest = backup_read_manifest(path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('format_version')} 不受支持（本系统为 {FORMAT_VERSION}）")
    backup_check_keys(manifest)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="sifasuo-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        _load_database(work / manifest["database_file"], manifest["database_format"])
        staged = media_root.with_name(media_root.name + ".restoring")
        if staged.exists():
            shutil.rmtree(staged)
        if (work / MEDIA_DIR).is_dir():
            shutil.copytree(work / MEDIA_DIR, staged)
        else:
            staged.mkdir(parents=True)
        if media_root.exists():
            shutil.rmtree(media_root)
        staged.rename(media_root)
    counts = row_counts()
    differing = {label: (n, counts.get(label)) for label, n in manifest["row_counts"].items() if counts.get(label) != n}
    if differing:
        raise BackupError(f"恢复后的记录数与备份不一致：{differing}；请检查数据库后重试")
    return manifest
