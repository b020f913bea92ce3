from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Generated files go to a temporary directory, not the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def person(personas):  # type: ignore[no-untyped-def]
    from core.testing import valid_id_number
    from people.services import PersonInput, person_create

    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(
        name="王小红", id_number=valid_id_number(seq="124"), ethnicity="02", phone="13912345678",
        address_detail="西屯街道一西街8号", note="人民调解当事人",
    ))
