"""The admin's fixture import: upload → preview → confirm, for staff with the
``reference.import_fixture`` permission only.

The views are thin: checking, loading and recording are ``reference.services.imports``.
The preview runs the real load and rolls it back; the uploaded content waits in the database
(``PendingImport``), so the confirmation works on any worker, and is applied only if its
checksum matches what the preview showed and the data is still at the version the preview
was made against.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.data_version import data_state_read
from reference.models import ImportRecord
from reference.services.imports import (
    ConfirmRefused,
    FixtureFile,
    fixture_import,
    pending_import_confirm,
    pending_import_create,
)

PERMISSION = "reference.import_fixture"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class FixtureUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Fixture files"),
        help_text=gettext_lazy("Django JSON fixtures with natural keys, like the files in fixtures/. One or several."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > settings.IMPORT_MAX_FILES:
            raise forms.ValidationError(_("At most %(count)d files at once.") % {"count": settings.IMPORT_MAX_FILES})
        for upload in files:
            if upload.size > settings.IMPORT_MAX_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is %(size)s bytes; the limit is %(limit)s bytes.")
                    % {"name": upload.name, "size": upload.size, "limit": settings.IMPORT_MAX_BYTES}
                )
        return files


def _require_permission(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def import_upload(request, *, admin_site):
    """GET: the upload form. POST: check and preview the files, nothing applied."""
    _require_permission(request)
    context = {
        **admin_site.each_context(request),
        "title": _("Import fixture"),
        "limits": _limits(),
    }
    if request.method != "POST":
        return TemplateResponse(
            request,
            "admin/reference/import_upload.html",
            {**context, "form": FixtureUploadForm()},
        )
    form = FixtureUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "admin/reference/import_upload.html", {**context, "form": form}, status=400)
    files = [FixtureFile(name=upload.name, content=upload.read()) for upload in form.cleaned_data["files"]]
    report = fixture_import(files=files, dry_run=True, user=request.user)
    pending = (
        pending_import_create(files=files, user=request.user, data_version=report.base_version) if report.ok else None
    )
    return TemplateResponse(
        request,
        "admin/reference/import_preview.html",
        {**context, "title": _("Import preview"), "report": report, "pending": pending},
        status=200 if report.ok else 400,
    )


@require_POST
def import_confirm(request, token, *, admin_site):
    """Apply the previewed files, re-validating them; everything or nothing."""
    _require_permission(request)
    upload_url = reverse("admin:reference_import_fixture")
    try:
        report = pending_import_confirm(token=token, checksum=request.POST.get("checksum", ""), user=request.user)
    except ConfirmRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(upload_url)
    if not report.applied:
        context = {
            **admin_site.each_context(request),
            "title": _("Import rejected"),
            "report": report,
            "pending": None,
        }
        return TemplateResponse(request, "admin/reference/import_preview.html", context, status=400)
    messages.success(
        request,
        _(
            "Imported %(files)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged; "
            "data version %(version)s."
        )
        % {
            "files": ", ".join(report.file_names),
            "created": report.count("create"),
            "updated": report.count("update"),
            "unchanged": report.count("unchanged"),
            "version": report.data_version,
        },
    )
    if data_state_read().pending:
        messages.info(
            request,
            _(
                "Every public page of data version %(version)s is being pre-rendered in the background; "
                "readers keep the previous version until it is done, or for %(minutes)d minutes at most "
                "if no task worker runs (Data state in this admin shows which version readers get)."
            )
            % {"version": report.data_version, "minutes": max(1, round(settings.PRERENDER_MAX_DELAY / 60))},
        )
    return redirect(reverse("admin:reference_importrecord_change", args=[report.record_id]))


def _limits() -> dict:
    return {
        "bytes": settings.IMPORT_MAX_BYTES,
        "objects": settings.IMPORT_MAX_OBJECTS,
        "files": settings.IMPORT_MAX_FILES,
        "minutes": settings.IMPORT_PREVIEW_SECONDS // 60,
        "history": reverse("admin:reference_importrecord_changelist"),
        "model": ImportRecord,
    }
