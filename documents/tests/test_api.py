"""文书 over the API: generate from a record with its 文号, then download the Word file it made."""

from core.testing import token_api


def test_generate_then_download_the_word_file(personas, password, person):
    api = token_api(personas.owner, password, base="/api/v1/documents")
    made = api.post(f"/generate/person_sheet/{person.uuid}", {})
    assert made.status_code == 201
    body = made.json()
    assert body["kind"] == "person_sheet" and body["number"] and body["org_code"] == personas.office.code

    download = api.get(f"/{body['uuid']}/download")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert api.get("").json()["count"] == 1


def test_unknown_kind_is_404_and_the_auditor_may_not_generate(personas, password, person):
    api = token_api(personas.owner, password, base="/api/v1/documents")
    assert api.post(f"/generate/no_such_kind/{person.uuid}", {}).status_code == 404
    auditor = token_api(personas.readonly, password, base="/api/v1/documents")
    assert auditor.post(f"/generate/person_sheet/{person.uuid}", {}).status_code == 403
