"""manage.py restore: replace the database and the uploads folder with a backup's, after checking the field keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_check_keys, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = "从 manage.py backup 生成的备份恢复数据库与上传文件（先核对密钥，密钥不同则拒绝）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="备份文件（.tar.gz）")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认")

    def handle(self, *args: Any, archive: str, interactive: bool, **options: Any) -> None:
        path = Path(archive)
        try:
            manifest = backup_read_manifest(path)
            backup_check_keys(manifest)
            if interactive:
                answer = input(f"将用 {path}（{manifest['created_at']}）替换当前数据库和上传文件，当前数据将丢失。输入 yes 继续：")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消，未做任何改动。")
            backup_restore(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已恢复 {path}：记录数与备份一致，上传文件 {len(manifest['media_files'])} 个。"))
