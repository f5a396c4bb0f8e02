"""What the view tests share: addresses in a language, and assertions about the JSON twins
(the OpenAPI description's among them: the end-to-end tests check the real data with it)."""

import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SOURCE_FIELDS = {
    "code",
    "title",
    "title_from_address",
    "publisher",
    "url",
    "published_on",
    "date_note",
    "language",
    "machine_translated",
    "quality",
    "note",
}


def url(name, language="en", **kwargs):
    """The address of the URL name ``name`` in ``language``."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def get_json(client, path, params=None, status=200):
    response = client.get(path, params or {})
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def cited_codes(value) -> set[str]:
    """Every source code a response cites anywhere (the ``sources`` lists of its records)."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list) and all(isinstance(code, str) for code in item):
                found.update(item)
            else:
                found |= cited_codes(item)
    elif isinstance(value, list):
        for item in value:
            found |= cited_codes(item)
    return found


def assert_every_citation_is_listed(data):
    """Every source a response cites is listed in full under ``sources``."""
    listed = {source["code"] for source in data["sources"]}
    assert cited_codes(data) <= listed
    for source in data["sources"]:
        assert set(source) == SOURCE_FIELDS


SPEC = json.loads((Path(settings.BASE_DIR) / "reference" / "openapi.json").read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource("urn:cadreref:openapi", Resource.from_contents(SPEC, DRAFT202012))


def component_validator(name: str) -> Draft202012Validator:
    """A validator for one component schema, resolving its references inside the document."""
    return Draft202012Validator(
        {"$ref": f"urn:cadreref:openapi#/components/schemas/{name}"},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_conforms(data, name):
    """``data`` conforms to the OpenAPI description's component schema ``name``."""
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in component_validator(name).iter_errors(data)]
    assert not errors, errors[:5]
