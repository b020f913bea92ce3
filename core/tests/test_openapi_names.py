"""The OpenAPI document keys its schemas by class name: two routers that both declare an ``ItemOut`` would silently
describe one with the other's fields. Every schema reachable from an API operation must have a name of its own."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pydantic

from sifasuo.api import api


def _walk(annotation: Any, seen: set[type], names: dict[str, set[str]]) -> None:
    for arg in getattr(annotation, "__args__", ()):
        _walk(arg, seen, names)
    if not isinstance(annotation, type) or not issubclass(annotation, pydantic.BaseModel) or annotation in seen:
        return
    seen.add(annotation)
    names[annotation.__name__].add(f"{annotation.__module__}.{annotation.__qualname__}")
    for field in annotation.model_fields.values():
        _walk(field.annotation, seen, names)


def test_every_api_schema_name_is_unique() -> None:
    seen: set[type] = set()
    names: dict[str, set[str]] = defaultdict(set)
    operations = 0
    for _prefix, router in api._routers:
        for path_operation in router.path_operations.values():
            for operation in path_operation.operations:
                operations += 1
                for model in [*(operation.response_models or {}).values(), *operation.models]:
                    _walk(model, seen, names)
    doc_operations = sum(len(methods) for methods in api.get_openapi_schema()["paths"].values())
    assert operations == doc_operations and len(names) > 50  # the walk reached every operation of the document
    clashes = {name: sorted(where) for name, where in names.items() if len(where) > 1}
    assert clashes == {}, f"同名的接口模型会在 OpenAPI 文档中互相覆盖，请改名：{clashes}"
