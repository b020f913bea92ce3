"""manage.py backup: the database, the uploads folder and a fingerprint of the field keys in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库与上传文件（不含密钥：FIELD_ENCRYPTION_KEY、ID_HASH_KEY 请另行妥善保存）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=settings.BACKUP_DIR, help="备份文件存放目录（默认 BACKUP_DIR）")
        parser.add_argument("--format", choices=["auto", "sqlite", "pg_dump", "json"], default="auto",
                            help="数据库格式：auto 按数据库选择（SQLite 文件、pg_dump，无 pg_dump 时为 JSON）；json 可跨数据库恢复")

    def handle(self, *args: Any, output: str, format: str, **options: Any) -> None:
        try:
            result = backup_create(output_dir=Path(output), fmt=format)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(self.style.SUCCESS(
            f"已备份到 {result.path}（数据库 {manifest['database_format']}，{rows} 行；上传文件 {len(manifest['media_files'])} 个）"))
        self.stdout.write("提醒：备份中没有密钥；恢复时须使用备份时的 FIELD_ENCRYPTION_KEY 与 ID_HASH_KEY。")
