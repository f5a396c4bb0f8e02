"""A staff member imports a fixture through the admin in a real browser, and every bad file
is refused with a clear message and nothing changed."""

import json
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from reference.registry import content_labels

pytestmark = pytest.mark.browser

PASSWORD = "an-importer-password-for-tests"

NEW_REGULATION = [
    {
        "model": "regulations.document",
        "fields": {
            "slug": "999-qd-tw",
            "kind": "regulation",
            "number": 999,
            "symbol": "999-QĐ/TW",
            "subject_vi": "Quy định thử nghiệm",
            "subject_en": "A regulation added in the browser test",
            "issuer": ["politburo"],
            "issued_on": "2026-01-15",
        },
    },
    {
        "model": "regulations.documentcitation",
        "fields": {"document": ["999-qd-tw"], "field": "symbol", "source": ["S10"]},
    },
]

BAD_FILES = {
    "broken.json": (b'[{"model": "regulations.topic",, }]', "not valid JSON"),
    "superuser.json": (
        json.dumps([{"model": "auth.user", "fields": {"username": "x", "is_superuser": True}}]).encode(),
        "auth.user",
    ),
    "unknown.json": (
        json.dumps(
            [
                {
                    "model": "regulations.documentcitation",
                    "fields": {"document": ["nowhere"], "field": "symbol", "source": ["S10"]},
                }
            ]
        ).encode(),
        "Unknown document referenced",
    ),
    "data.yaml": (b"- model: regulations.topic", "Only JSON"),
}


def create_importer(django_user_model):
    user = django_user_model.objects.create_user("importer", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_fixture"))
    return user


@pytest.fixture
def importer(django_user_model, reference_data):
    return create_importer(django_user_model)


@pytest.fixture
def importer_on_shared_site(site):
    """The importer committed for the shared server (a refused file changes no content), then
    removed. Not through ``django_user_model``: that fixture opens a test transaction, which
    the shared server (another connection) would not see into."""
    user = create_importer(get_user_model())
    yield user
    user.delete()


def log_in(page: Page, base_url: str):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill("importer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    # Wait for the admin index: a navigation started before the login answers would cancel it.
    expect(page.locator("#fixture-module")).to_be_visible()


def counts():
    return {label: apps.get_model(label).objects.count() for label in content_labels()}


def test_staff_preview_and_confirm_a_new_regulation_then_find_it(page: Page, live_site, importer, tmp_path):
    log_in(page, live_site)
    page.get_by_role("link", name="Import fixture").click()
    path = tmp_path / "new-regulation.json"
    path.write_text(json.dumps(NEW_REGULATION, ensure_ascii=False), encoding="utf-8")
    page.get_by_label("Fixture files").set_input_files(path)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#content-main")).to_contain_text("In all: 2 to create, 0 to update, 0 unchanged.")
    expect(page.locator("#content-main")).to_contain_text("999-qd-tw")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".messagelist")).to_contain_text("2 created")

    page.goto(f"{live_site}/en/")
    page.get_by_role("combobox", name="Search").fill("QĐ 999")
    page.get_by_role("combobox", name="Search").press("Enter")
    expect(page).to_have_url(re.compile(r"/en/documents/999-qd-tw/"))
    expect(page.locator("h1")).to_contain_text("999-QĐ/TW")


@pytest.mark.parametrize("name", BAD_FILES)
def test_each_bad_file_is_refused_with_a_clear_message_and_nothing_changes(
    page: Page, site, importer_on_shared_site, tmp_path, name
):
    content, message = BAD_FILES[name]
    before = counts()
    log_in(page, site)
    page.goto(f"{site}/admin/reference/importrecord/import/")
    path = tmp_path / name
    path.write_bytes(content)
    page.get_by_label("Fixture files").set_input_files(path)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-problems")).to_contain_text(message)
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert counts() == before
