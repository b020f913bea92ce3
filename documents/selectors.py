from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from documents.models import GeneratedDocument


def document_list(user: Any) -> QuerySet[GeneratedDocument]:
    return GeneratedDocument.objects.visible_to(user, "view").select_related("org", "created_by")


def documents_of(user: Any, target: Model) -> QuerySet[GeneratedDocument]:
    """The documents generated from one record that ``user`` may see, newest first."""
    return document_list(user).filter(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk))
