"""The admin upload: permission, preview, confirm, refusals, export and round trip."""

import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from regulations.models import Document, ImportRecord, PendingImport
from regulations.services.imports import CONTENT_MODELS

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:regulations_import_fixture")

NEW_REGULATION = [
    {
        "model": "regulations.document",
        "fields": {
            "slug": "999-qd-tw",
            "kind": "regulation",
            "number": 999,
            "symbol": "999-QĐ/TW",
            "subject_vi": "Quy định thử nghiệm về chế độ quibble",
            "subject_en": "A test regulation on the quibble regime",
            "issuer": ["politburo"],
            "issued_on": "2026-01-15",
        },
    },
    {
        "model": "regulations.documentcitation",
        "fields": {"document": ["999-qd-tw"], "field": "symbol", "source": ["S10"]},
    },
]


def upload(objects, name="new.json"):
    return SimpleUploadedFile(name, json.dumps(objects, ensure_ascii=False).encode(), content_type="application/json")


@pytest.fixture
def importer(django_user_model, client):
    user = django_user_model.objects.create_user("importer", password="a-long-password-for-tests", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_fixture"))
    client.force_login(user)
    return user


def counts():
    return {label: apps.get_model(label).objects.count() for label in CONTENT_MODELS}


def preview(client, *files):
    return client.post(UPLOAD, {"files": list(files)}, HTTP_ACCEPT_LANGUAGE="en")


def confirm(client, response):
    pending = response.context["pending"]
    return client.post(
        reverse("admin:regulations_import_confirm", args=[pending.token]),
        {"checksum": pending.checksum},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_staff_user_without_the_permission_gets_403(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="a-long-password-for-tests", is_staff=True)
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"files": [upload(NEW_REGULATION)]}).status_code == 403
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_import_page_is_linked_from_the_admin_index_and_the_document_list(client, importer):
    assert UPLOAD in client.get(reverse("admin:index")).content.decode()
    importer.user_permissions.add(Permission.objects.get(codename="view_document"))
    assert UPLOAD in client.get(reverse("admin:regulations_document_changelist")).content.decode()


def test_preview_then_confirm_puts_a_new_regulation_on_the_site_and_in_number_search(client, importer):
    before = counts()
    response = preview(client, upload(NEW_REGULATION))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 to create" in html
    assert "999-qd-tw" in html
    assert "Confirm and import" in html
    assert counts() == before  # the preview applied nothing

    response = confirm(client, response)
    assert response.status_code == 302
    record = ImportRecord.objects.get(via=ImportRecord.Via.ADMIN)
    assert response["Location"] == reverse("admin:regulations_importrecord_change", args=[record.pk])
    assert record.user == importer
    assert record.created_count == 2
    assert record.file_names == "new.json"
    assert len(record.checksum) == 64

    with translation.override("en"):
        page = client.get(reverse("regulations:document-detail", kwargs={"slug": "999-qd-tw"}))
        assert page.status_code == 200
        found = client.get(reverse("regulations:search"), {"q": "QĐ 999"})
    assert found.status_code == 302
    assert found["Location"].startswith("/en/documents/999-qd-tw/")


def test_an_update_shows_the_difference_before_applying_it(client, importer):
    change = [
        {
            "model": "regulations.document",
            "fields": {"slug": "365-qd-tw", "number": 365, "signer": "Trần Cẩm Tú (edited)"},
        }
    ]
    response = preview(client, upload(change))
    html = response.content.decode()
    assert "<del>Trần Cẩm Tú</del>" in html
    assert "<ins>Trần Cẩm Tú (edited)</ins>" in html
    assert Document.objects.get(slug="365-qd-tw").signer == "Trần Cẩm Tú"
    confirm(client, response)
    assert Document.objects.get(slug="365-qd-tw").signer == "Trần Cẩm Tú (edited)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", b'[{"model": "regulations.topic", }]', "line 1, column"),
        ("notes.yaml", b"- model: regulations.topic", "Only JSON"),
        ("latin1.json", '[{"model": "regulations.topic", "fields": {"name_vi": "Ch\xfd"}}]'.encode("latin-1"), "UTF-8"),
        (
            "user.json",
            json.dumps([{"model": "auth.user", "fields": {"username": "x", "is_superuser": True}}]).encode(),
            "auth.user",
        ),
        (
            "unknown.json",
            json.dumps(
                [
                    {
                        "model": "regulations.documentcitation",
                        "fields": {"document": ["nope"], "field": "symbol", "source": ["S10"]},
                    }
                ]
            ).encode(),
            "Unknown document referenced",
        ),
    ],
)
def test_each_bad_file_gets_a_clear_message_and_changes_nothing(client, importer, name, content, message):
    before = counts()
    response = client.post(UPLOAD, {"files": [SimpleUploadedFile(name, content)]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Confirm and import" not in html
    assert counts() == before
    assert not PendingImport.objects.exists()


def test_a_file_above_the_size_limit_is_refused_by_the_form(client, importer, settings):
    settings.IMPORT_MAX_BYTES = 50
    response = client.post(UPLOAD, {"files": [upload(NEW_REGULATION)]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "the limit is 50 bytes" in response.content.decode()


def test_a_tampered_confirmation_is_refused(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    pending = response.context["pending"]
    refused = client.post(
        reverse("admin:regulations_import_confirm", args=[pending.token]),
        {"checksum": "0" * 64},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 302
    assert refused["Location"] == UPLOAD
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_content_changed_after_the_preview_is_refused(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    pending = PendingImport.objects.get()
    pending.files[0]["content"] = pending.files[0]["content"][:-4] + "AAAA"
    pending.save()
    confirm(client, response)
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_a_second_confirmation_does_not_apply_twice(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    confirm(client, response)
    again = confirm(client, response)
    assert again["Location"] == UPLOAD
    assert ImportRecord.objects.filter(via=ImportRecord.Via.ADMIN).count() == 1


def test_a_confirmation_racing_one_in_progress_is_refused(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    PendingImport.objects.update(status=PendingImport.Status.APPLYING)  # another worker holds it
    assert confirm(client, response)["Location"] == UPLOAD
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_another_users_preview_cannot_be_confirmed(client, importer, django_user_model):
    response = preview(client, upload(NEW_REGULATION))
    other = django_user_model.objects.create_user("other", password="a-long-password-for-tests", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="import_fixture"))
    client.force_login(other)
    assert confirm(client, response)["Location"] == UPLOAD
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_an_expired_preview_cannot_be_confirmed(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    PendingImport.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert confirm(client, response)["Location"] == UPLOAD


def test_confirm_only_accepts_post(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    pending = response.context["pending"]
    assert client.get(reverse("admin:regulations_import_confirm", args=[pending.token])).status_code == 405


def test_a_confirmed_import_writes_admin_log_entries(client, importer):
    from django.contrib.admin.models import LogEntry

    confirm(client, preview(client, upload(NEW_REGULATION)))
    assert LogEntry.objects.filter(user=importer, object_repr="999-qd-tw").exists()


def test_the_import_history_lists_imports(client, importer):
    confirm(client, preview(client, upload(NEW_REGULATION)))
    html = client.get(reverse("admin:regulations_importrecord_changelist")).content.decode()
    assert "new.json" in html


def page_body(client, path):
    """The main content of a page, without the footer's "data as of" date."""
    html = client.get(path).content.decode()
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return re.sub(r"\s+", " ", main)


def delete_all_content():
    from regulations.models import SearchEntry

    SearchEntry.objects.all().delete()
    for label in reversed(CONTENT_MODELS):
        apps.get_model(label).objects.all().delete()


ROUND_TRIP_PAGES = [
    "/en/documents/365-qd-tw/",
    "/en/documents/148-qd-tw/",
    "/vi/documents/366-qd-tw/",
    "/en/positions/tong-bi-thu/",
    "/en/positions/bi-thu-tinh-uy/",
    "/en/standards/",
    "/en/assessment/",
    "/en/authorities/",
    "/en/relations/",
    "/en/sources/",
    "/en/search/?q=tam+dinh+chi",
]


def test_export_then_import_into_an_empty_database_gives_identical_pages(client):
    from django.core.cache import cache

    from regulations.services.imports import FixtureFile, fixture_import

    before = {path: page_body(client, path) for path in ROUND_TRIP_PAGES}
    exported = client.get(reverse("regulations:data-export")).content
    delete_all_content()
    assert Document.objects.count() == 0
    report = fixture_import(files=[FixtureFile(name="export.json", content=exported)], dry_run=False)
    assert report.ok, report.problems[:3]
    cache.clear()
    for path, body in before.items():
        assert page_body(client, path) == body, path


@pytest.mark.parametrize("slug", ["148-qd-tw", "366-qd-tw", "368-qd-tw"])
def test_a_single_document_export_loads_on_its_own_and_renders_the_same_page(client, slug):
    from django.core.cache import cache

    from regulations.services.imports import FixtureFile, fixture_import

    path = f"/en/documents/{slug}/"
    before = page_body(client, path)
    with translation.override("en"):
        exported = client.get(reverse("regulations:document-fixture", kwargs={"slug": slug}))
    assert exported["Content-Disposition"].startswith("attachment")
    delete_all_content()
    report = fixture_import(files=[FixtureFile(name=f"{slug}.json", content=exported.content)], dry_run=False)
    assert report.ok, report.problems[:3]
    cache.clear()
    assert page_body(client, path) == before


def test_an_export_is_serialised_once_per_data_version_whatever_the_query_string(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from regulations import views
    from regulations.services.data_state import data_state_bump

    calls = []
    real_export = views.fixture_export

    def counting_export(**kwargs):
        calls.append(kwargs)
        return real_export(**kwargs)

    monkeypatch.setattr(views, "fixture_export", counting_export)
    url = reverse("regulations:data-export")
    first = client.get(url, {"x": "1"}).content
    assert client.get(url, {"x": "2"}).content == first
    assert len(calls) == 1

    with django_capture_on_commit_callbacks(execute=True):
        data_state_bump()  # an import or an admin edit: the next download is serialised afresh
    client.get(url, {"x": "3"})
    assert len(calls) == 2
