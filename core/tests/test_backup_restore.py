"""manage.py backup / restore (project issue #15, item 8): a round trip gives back the same state — row counts, a
decrypted ID number, the uploaded files — and an archive made under other field keys is refused untouched."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.backup import row_counts
from core.idsearch import id_number_key
from core.testing import valid_id_number
from people.models import Person
from people.services import PersonInput, person_create

NUMBER = valid_id_number(seq="642")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _backup(tmp_path: Path, *args: str) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), *args, stdout=out)
    assert "已备份到" in out.getvalue()
    (archive,) = (tmp_path / "backups").glob("sifasuo-backup-*.tar.gz")
    return archive


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["auto", "json"])
def test_a_restored_backup_is_the_state_it_was_made_from(personas, tmp_path, settings, fmt):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    media = Path(settings.MEDIA_ROOT)
    (media / "documents" / "2026").mkdir(parents=True)
    (media / "documents" / "2026" / "调解协议书.docx").write_bytes(b"PK\x03\x04 agreement")
    (media / "photos.jpg").write_bytes(b"\xff\xd8\xff photo")
    person = person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="钱七", id_number=NUMBER))
    counts, files = row_counts(), _files(media)

    archive = _backup(tmp_path, "--format", fmt)

    # Everything changes afterwards: a new person, a file changed, one removed, one added.
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="孙八", id_number=valid_id_number(seq="643")))
    (media / "photos.jpg").write_bytes(b"changed")
    (media / "documents" / "2026" / "调解协议书.docx").unlink()
    (media / "new.txt").write_text("new")
    assert row_counts() != counts

    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", stdout=out)
    assert "记录数与备份一致" in out.getvalue()
    assert row_counts() == counts
    restored = Person.objects.get(uuid=person.uuid)
    assert restored.reveal_id_number() == NUMBER and restored.id_number_hash == id_number_key(NUMBER)
    assert _files(media) == files


@pytest.mark.django_db(transaction=True)
def test_a_backup_made_under_other_keys_is_refused_and_nothing_changes(personas, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = _backup(tmp_path)
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="周九", id_number=NUMBER))
    counts = row_counts()
    settings.ID_HASH_KEY = "another-installation-key"
    with pytest.raises(CommandError, match="ID_HASH_KEY") as refused:
        call_command("restore", str(archive), "--noinput")
    assert "FIELD_ENCRYPTION_KEY" not in str(refused.value) and "未做任何改动" in str(refused.value)
    assert row_counts() == counts


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="不是本系统的备份文件"):
        call_command("restore", str(bogus), "--noinput")
