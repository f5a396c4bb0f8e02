"""The admin upload: permission, preview, confirm, and every refusal."""

import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from reference.models import ImportRecord, PendingImport, PendingImportFile
from reference.registry import content_labels
from regulations.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

UPLOAD = reverse("admin:reference_import_fixture")

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
        "fields": {"document": ["999-qd-tw"], "field": "symbol", "source": ["S01"]},
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
    return {label: apps.get_model(label).objects.count() for label in content_labels()}


def preview(client, *files):
    return client.post(UPLOAD, {"files": list(files)}, HTTP_ACCEPT_LANGUAGE="en")


def confirm(client, response):
    pending = response.context["pending"]
    return client.post(
        reverse("admin:reference_import_confirm", args=[pending.token]),
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
    assert response["Location"] == reverse("admin:reference_importrecord_change", args=[record.pk])
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


GLOSSARY_AND_CHANGES = [
    {
        "model": "regulations.term",
        "fields": {
            "slug": "cach-chuc", "group": "measures", "order": 9, "term_vi": "cách chức",
            "term_en": "removal from post", "match_en": "remov", "not_en": "dismissal",
            "definition_vi": "Định nghĩa.", "definition_en": "A definition.", "documents": [["377-qd-tw"]],
            "confused_with": [["mien-nhiem"]], "sources": [["S01"]],
        },
    },
    {
        "model": "regulations.change",
        "fields": {
            "document": ["377-qd-tw"], "order": 9, "anchor": "removal", "kind": "added",
            "compared_with": [["148-qd-tw"]], "aspect_vi": "Cách chức", "aspect_en": "Removal from post",
            "after_vi": "Có quy định.", "after_en": "It is provided for.", "sources": [["S02"]],
        },
    },
]  # fmt: skip


def test_glossary_terms_and_change_points_are_previewed_then_imported_like_any_record(client, importer):
    response = preview(client, upload(GLOSSARY_AND_CHANGES))
    html = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "2 to create" in html
    assert "Glossary terms: 1 to create" in html
    assert "cach-chuc" in html
    assert "Changes: 1 to create" in html
    assert "377-qd-tw/removal" in html
    assert confirm(client, response).status_code == 302
    with translation.override("en"):
        glossary = client.get(reverse("regulations:glossary")).content.decode()
        changes = client.get(reverse("regulations:document-changes", kwargs={"slug": "377-qd-tw"})).content.decode()
    assert '<article id="cach-chuc"' in glossary
    assert '<a href="#cach-chuc">removal from post</a>' in glossary  # the dismissal entry links back
    assert '<li id="removal" class="change">' in changes


def test_an_update_shows_the_difference_before_applying_it(client, importer):
    change = [
        {
            "model": "regulations.document",
            "fields": {"slug": "148-qd-tw", "number": 148, "signer": "Trương Thị Mai (edited)"},
        }
    ]
    response = preview(client, upload(change))
    html = response.content.decode()
    assert "<del>Trương Thị Mai</del>" in html
    assert "<ins>Trương Thị Mai (edited)</ins>" in html
    assert Document.objects.get(slug="148-qd-tw").signer == "Trương Thị Mai"
    confirm(client, response)
    assert Document.objects.get(slug="148-qd-tw").signer == "Trương Thị Mai (edited)"


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
                        "fields": {"document": ["nope"], "field": "symbol", "source": ["S01"]},
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
        reverse("admin:reference_import_confirm", args=[pending.token]),
        {"checksum": "0" * 64},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 302
    assert refused["Location"] == UPLOAD
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_content_changed_after_the_preview_is_refused(client, importer):
    response = preview(client, upload(NEW_REGULATION))
    PendingImportFile.objects.update(content=b"[]")
    confirm(client, response)
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_a_preview_made_before_another_editors_import_is_refused_with_nothing_written(client, importer):
    mine = preview(client, upload(NEW_REGULATION))
    theirs = [{**NEW_REGULATION[0], "fields": {**NEW_REGULATION[0]["fields"], "subject_en": "Their wording"}}]
    theirs.append(NEW_REGULATION[1])
    assert confirm(client, preview(client, upload(theirs, name="theirs.json"))).status_code == 302
    before = counts()
    refused = confirm(client, mine)
    assert refused["Location"] == UPLOAD
    assert Document.objects.get(slug="999-qd-tw").subject_en == "Their wording"
    assert counts() == before
    page = client.get(UPLOAD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The data changed after this preview" in page
    assert ImportRecord.objects.filter(via=ImportRecord.Via.ADMIN).count() == 1


def test_each_uploaded_file_waits_in_a_row_of_its_own(client, importer):
    preview(client, upload(NEW_REGULATION[:1], name="a.json"), upload(NEW_REGULATION[1:], name="b.json"))
    assert list(PendingImportFile.objects.values_list("name", flat=True)) == ["a.json", "b.json"]


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
    assert client.get(reverse("admin:reference_import_confirm", args=[pending.token])).status_code == 405


def test_a_confirmed_import_writes_admin_log_entries(client, importer):
    from django.contrib.admin.models import LogEntry

    confirm(client, preview(client, upload(NEW_REGULATION)))
    assert LogEntry.objects.filter(user=importer, object_repr="999-qd-tw").exists()


def test_the_import_history_lists_imports(client, importer):
    confirm(client, preview(client, upload(NEW_REGULATION)))
    html = client.get(reverse("admin:reference_importrecord_changelist")).content.decode()
    assert "new.json" in html


def test_the_preview_names_kinds_of_record_and_folds_those_that_do_not_change(client, importer, scenario):
    # One new regulation beside an unchanged topic: the topic's kind is counted, not tabled.
    topic = {"model": "regulations.topic", "fields": {"slug": scenario.standards_topic.slug}}
    response = preview(client, upload([*NEW_REGULATION, topic]))
    html = response.content.decode()
    assert "Documents: 1 to create" in " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "regulations.document" not in html
    folded = html.split('class="module unchanged-models"')[1].split("</details>")[0]
    assert "1 kind of record unchanged" in folded
    assert "Topics: 1 record" in folded
    # Confirming says it is running, from a script the admin's CSP allows (a file of our own).
    assert "js/admin-import" in html
    assert "data-busy=" in html


@pytest.mark.parametrize("delay", [600, 0])
def test_the_import_result_says_when_readers_get_the_new_data(client, importer, settings, delay):
    settings.PRERENDER_MAX_DELAY = delay
    response = confirm(client, preview(client, upload(NEW_REGULATION)))
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    version = ImportRecord.objects.get(via=ImportRecord.Via.ADMIN).data_version
    notice = f"Every public page of data version {version} is being pre-rendered in the background"
    assert (notice in page) == bool(delay)
    if delay:
        assert "or for 10 minutes at most if no task worker runs" in page
