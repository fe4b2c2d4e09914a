"""The OpenAPI description and the package's public surface."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENDPOINTS = {
    ("get", "/api/articles"), ("get", "/api/articles/{article_id}"), ("get", "/api/stories"),
    ("get", "/api/stories/{story_id}"), ("get", "/api/storylines"), ("get", "/api/storylines/{storyline_id}"),
    ("get", "/api/quotes"), ("get", "/api/speakers"), ("get", "/api/speakers/{name}"), ("get", "/api/entities"),
    ("get", "/api/search"), ("get", "/api/errors"), ("post", "/api/ingest"), ("get", "/api/export"),
}


@pytest.fixture(scope="module")
def spec(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    return r.json()


def test_openapi_lists_every_endpoint_and_no_ui_page(spec):
    listed = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert listed == ENDPOINTS
    assert spec["openapi"].startswith("3.") and spec["info"]["title"] == "newsfold"


def test_openapi_documents_errors_auth_and_both_ingest_bodies(spec):
    ingest = spec["paths"]["/api/ingest"]["post"]
    assert set(ingest["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert {"401", "403", "413"} <= set(ingest["responses"])
    assert ingest["security"] and "HTTPBearer" in spec["components"]["securitySchemes"]
    error = spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]["404"]["content"]["application/json"]
    assert error["schema"]["$ref"].endswith("/ErrorBody")


def test_openapi_is_a_valid_document(spec):
    validator = pytest.importorskip("openapi_spec_validator", reason="openapi-spec-validator not installed")
    validator.validate(spec)


def test_public_names():
    import newsfold.api

    assert newsfold.api.__all__ == ["create_app", "serve"]


def test_core_import_does_not_load_the_web_stack():
    code = "import sys, newsfold; print(any(m in sys.modules for m in ('fastapi', 'jinja2', 'uvicorn')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_create_app_refuses_settings_that_cannot_work(tmp_path):
    from newsfold import UsageError
    from newsfold.api import create_app

    with pytest.raises(UsageError):
        create_app(":memory:")
    with pytest.raises(UsageError):
        create_app(str(tmp_path / "x.db"), ingest_root=str(tmp_path / "missing"))
