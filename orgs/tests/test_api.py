import pytest

from orgs.models import Region

pytestmark = pytest.mark.django_db


def test_regions_are_reference_data_for_every_signed_in_user(personas, login, client):
    assert client.get("/api/v1/regions").status_code == 401
    body = login(personas.outsider).get("/api/v1/regions", {"parent": "150402", "limit": 500}).json()
    towns = Region.objects.get_children(Region.objects.get(code="150402"))
    assert body["count"] == towns.count() and [r["code"] for r in body["items"]] == [t.code for t in towns]
    assert body["items"][0] == {"code": "150402001", "name": "西屯街道", "level": 4, "level_display": "乡镇/街道", "parent_code": "150402"}
    counties = login(personas.owner).get("/api/v1/regions", {"level": 3, "name": "宝山"}).json()
    assert {r["name"] for r in counties["items"]} == {"元宝山区"}


def test_region_detail_and_unknown_codes(personas, login):
    c = login(personas.owner)
    assert c.get("/api/v1/regions/150400").json() == {
        "code": "150400", "name": "赤峰市", "level": 2, "level_display": "地级市", "parent_code": None,
    }
    r = c.get("/api/v1/regions/999999")
    assert r.status_code == 404 and "999999" in r.json()["message"]
    r = c.get("/api/v1/regions", {"parent": "999999"})
    assert r.status_code == 400 and r.json()["field"] == "parent"
    r = c.get("/api/v1/regions", {"level": 9})
    assert r.status_code == 422 and r.json()["field"] == "level" and "数值过大" in r.json()["message"]


def test_org_list_is_scoped(personas, login):
    codes = lambda user: [o["code"] for o in login(user).get("/api/v1/orgs").json()["items"]]  # noqa: E731
    assert codes(personas.owner) == ["150402001", "150402001001"]
    assert codes(personas.outsider) == ["150403001"]
    assert set(codes(personas.supervisor)) == {"150402", "150402001", "150402002", "150402001001"}
    assert "150403" not in codes(personas.readonly)


def test_org_list_filters(personas, login):
    c = login(personas.supervisor)
    assert [o["code"] for o in c.get("/api/v1/orgs", {"kind": "office"}).json()["items"]] == ["150402001", "150402002"]
    assert [o["code"] for o in c.get("/api/v1/orgs", {"parent": "150402001"}).json()["items"]] == ["150402001001"]
    assert c.get("/api/v1/orgs", {"parent": "150403"}).status_code == 404
    assert c.get("/api/v1/orgs", {"kind": "planet"}).status_code == 422


def test_org_detail_carries_kind_parent_and_region(personas, login):
    body = login(personas.owner).get("/api/v1/orgs/150402001").json()
    assert body["kind"] == "office" and body["kind_display"] == "司法所" and body["name"] == "西屯街道司法所"
    assert body["parent_code"] == "150402" and body["region_code"] == "150402001" and body["region_name"] == "西屯街道"
    r = login(personas.outsider).get("/api/v1/orgs/150402001")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_openapi_document_lists_every_route(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["info"]["title"] == "数字司法所 API" and doc["info"]["version"] == "1"
    paths = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert {
        ("/api/v1/auth/token", "post"), ("/api/v1/auth/tokens", "get"), ("/api/v1/auth/token/{prefix}", "delete"),
        ("/api/v1/regions", "get"), ("/api/v1/regions/{code}", "get"), ("/api/v1/orgs", "get"), ("/api/v1/orgs/{code}", "get"),
        ("/api/v1/people", "get"), ("/api/v1/people", "post"), ("/api/v1/people/{uuid}", "get"),
        ("/api/v1/people/{uuid}", "patch"), ("/api/v1/people/{uuid}/reveal-id", "post"),
    } <= paths
    assert {"TokenAuth", "SessionAuth"} <= set(doc["components"]["securitySchemes"])
    docs = client.get("/api/v1/docs")
    # Offices' intranets reach no CDN: the Swagger UI is served from our own static files.
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()
    assert "cdn." not in docs.content.decode()
