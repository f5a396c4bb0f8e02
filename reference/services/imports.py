"""Fixture import: the only way content enters the database in bulk.

``fixture_import`` reads Django JSON fixtures with natural keys (the files in ``fixtures/``
and what the export produces), checks them, loads them in one transaction, recomputes the
derived data and reports, object by object, what was created, updated or left unchanged, with
every problem found. With ``dry_run=True`` (the admin preview) the same load runs and is then
rolled back. Any problem rolls everything back: an import applies all or nothing.

Unlike ``loaddata``, identity always comes from the natural key (never a primary key), a
field left out of an object keeps its current value, and only content models may be named.
Objects are never deleted by an import. Every new or changed record goes through
``full_clean()``; a record whose fields the file leaves as the database holds them is not
written (its many-to-many links are compared and set like any other's), which makes the
common re-import of the whole reference three times faster.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.data_version import data_version_bump, data_version_number
from reference import registry
from reference.models import ImportRecord, PendingImport, PendingImportFile
from reference.services.derived import derived_refresh

# Deeper nesting than any fixture has (a list of objects, their fields, a list of natural keys,
# each a list): refused with a message instead of exhausting the parser's recursion.
MAX_JSON_DEPTH = 16

# When CadreRef added and last changed a record: taken from the file for a new record; kept for
# an existing one, and moved to now when its content changes.
TIMESTAMP_FIELDS = {"created_at", "updated_at"}


class ImportRejected(Exception):
    """Raised inside the transaction to roll it back; carries nothing."""


@dataclass
class FixtureFile:
    name: str
    content: bytes


@dataclass
class Problem:
    file: str
    message: str
    index: int | None = None
    model: str = ""
    key: str = ""
    field: str = ""

    @property
    def where(self) -> str:
        """The file, then the record by its name ("document 365-qd-tw"), with its place in the
        file only as a hint (or alone, when the object is too broken to name)."""
        parts = [self.file]
        number = _("object %(number)d") % {"number": self.index + 1} if self.index is not None else ""
        if self.model:
            name = f"{_verbose_name(self.model)} {self.key}".strip()
            parts.append(f"{name} ({number})" if number else name)
        elif number:
            parts.append(number)
        if self.field:
            parts.append(_("field “%(field)s”") % {"field": self.field})
        return " · ".join(parts)


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class ObjectChange:
    model: str
    key: str
    action: str  # "create", "update" or "unchanged"
    changes: list[FieldChange] = field(default_factory=list)
    object_id: int | None = None


def _verbose_name(label: str, *, plural: bool = False) -> str:
    """ "regulations.documentcitation" as people say it ("document citation"); the label itself
    for a name that is not a model."""
    try:
        meta = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return label
    return str(meta.verbose_name_plural if plural else meta.verbose_name)


@dataclass
class ModelChanges:
    label: str
    name: str
    create: list[ObjectChange] = field(default_factory=list)
    update: list[ObjectChange] = field(default_factory=list)
    unchanged: list[ObjectChange] = field(default_factory=list)


@dataclass
class ImportReport:
    file_names: list[str]
    checksum: str
    object_count: int = 0
    changes: list[ObjectChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False
    data_version: int | None = None
    record_id: int | None = None
    # The data version the files were checked against, and whether it was not the expected one.
    base_version: int | None = None
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def totals(self) -> dict[str, int]:
        return {action: self.count(action) for action in ("create", "update", "unchanged")}

    @property
    def models(self) -> list[ModelChanges]:
        """One entry per model the files hold, in load order, named as people say it."""
        return [
            ModelChanges(label=label, name=_verbose_name(label, plural=True), **actions)
            for label, actions in self.by_model.items()
        ]

    @property
    def changed_models(self) -> list[ModelChanges]:
        return [model for model in self.models if model.create or model.update]

    @property
    def unchanged_models(self) -> list[ModelChanges]:
        return [model for model in self.models if not (model.create or model.update)]

    @property
    def by_model(self) -> dict[str, dict[str, list[ObjectChange]]]:
        """Changes grouped by model (in load order) and then by action."""
        grouped: dict[str, dict[str, list[ObjectChange]]] = {}
        for label in registry.content_labels():
            rows = [change for change in self.changes if change.model == label]
            if rows:
                grouped[label] = {
                    action: [row for row in rows if row.action == action]
                    for action in ("create", "update", "unchanged")
                }
        return grouped


@dataclass
class _Parsed:
    file: str
    index: int
    label: str
    fields: dict


def checksum_of(files: list[FixtureFile]) -> str:
    digest = hashlib.sha256()
    for fixture in files:
        digest.update(fixture.name.encode("utf-8", "replace") + b"\0")
        digest.update(hashlib.sha256(fixture.content).digest())
    return digest.hexdigest()


def fixture_import(
    *,
    files: list[FixtureFile],
    dry_run: bool,
    user=None,
    via: str = ImportRecord.Via.COMMAND,
    max_bytes: int | None = None,
    max_objects: int | None = None,
    expected_version: int | None = None,
) -> ImportReport:
    """Check and load ``files``; apply nothing unless every object is valid and ``dry_run``
    is false. Returns the report either way.

    With ``expected_version`` (a confirmation of a preview made at that data version), the
    import is refused, nothing written and ``stale`` set, if the data has moved since: another
    editor's import or edit would otherwise be silently overwritten by a stale preview."""
    max_bytes = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    max_objects = settings.IMPORT_MAX_OBJECTS if max_objects is None else max_objects
    report = ImportReport(file_names=[f.name for f in files], checksum=checksum_of(files))
    if not files:
        report.problems.append(Problem(file="—", message=_("No file was given.")))
        return report
    parsed = _parse_files(files, report, max_bytes=max_bytes, max_objects=max_objects)
    if not report.ok:
        return report
    report.object_count = len(parsed)
    try:
        with transaction.atomic():
            report.base_version = data_version_number(lock=True)
            if expected_version is not None and report.base_version != expected_version:
                report.stale = True
                _whole_import_problem(
                    report,
                    _(
                        "The data changed after this preview (another import or edit): "
                        "nothing was imported. Upload the files again for a new preview."
                    ),
                )
                raise ImportRejected
            _load(parsed, report)
            if not report.ok:
                raise ImportRejected
            derived_refresh()
            if dry_run:
                raise ImportRejected
            _record(report, user=user, via=via)
    except ImportRejected:
        report.applied = False
    except DatabaseError as error:  # a constraint only the database could see
        report.applied = False
        _whole_import_problem(report, _("The database refused the data: %(error)s") % {"error": error})
    return report


def _whole_import_problem(report: ImportReport, message: str) -> None:
    """A problem of the import as a whole rather than of one file or object."""
    report.problems.append(Problem(file=", ".join(report.file_names), message=message))


# ---------------------------------------------------------------------------- parsing


def _parse_files(files, report, *, max_bytes, max_objects) -> list[_Parsed]:
    parsed: list[_Parsed] = []
    for fixture in files:
        if not fixture.name.lower().endswith(".json"):
            report.problems.append(Problem(file=fixture.name, message=_("Only JSON fixtures (.json) are accepted.")))
            continue
        if len(fixture.content) > max_bytes:
            report.problems.append(
                Problem(
                    file=fixture.name,
                    message=_("The file is %(size)s bytes; the limit is %(limit)s bytes.")
                    % {"size": len(fixture.content), "limit": max_bytes},
                )
            )
            continue
        try:
            decoded = fixture.content.decode("utf-8")
        except UnicodeDecodeError as error:
            report.problems.append(
                Problem(
                    file=fixture.name,
                    message=_("The file is not valid UTF-8 (byte %(position)d).") % {"position": error.start},
                )
            )
            continue
        decoded = decoded.removeprefix("\ufeff")
        try:
            data = json.loads(decoded)
        except RecursionError:
            data = None  # reported with the depth below
        except json.JSONDecodeError as error:
            report.problems.append(
                Problem(
                    file=fixture.name,
                    message=_("The file is not valid JSON: %(message)s at line %(line)d, column %(column)d.")
                    # Some messages end in "at" ("Unterminated string starting at"): not twice.
                    % {"message": error.msg.removesuffix(" at"), "line": error.lineno, "column": error.colno},
                )
            )
            continue
        if data is None or _deeper_than(data, MAX_JSON_DEPTH):
            report.problems.append(
                Problem(
                    file=fixture.name,
                    message=_("The JSON is nested more than %(depth)d levels deep; no fixture is.")
                    % {"depth": MAX_JSON_DEPTH},
                )
            )
            continue
        if not isinstance(data, list):
            report.problems.append(Problem(file=fixture.name, message=_("A fixture must be a JSON list of objects.")))
            continue
        file_objects = []
        for index, item in enumerate(data):
            problem = _shape_problem(item)
            if problem:
                report.problems.append(Problem(file=fixture.name, index=index, message=problem))
                continue
            file_objects.append(
                _Parsed(
                    file=fixture.name,
                    index=index,
                    label=item["model"].lower(),
                    fields=item["fields"],
                )
            )
        allowed = set(registry.content_labels())
        forbidden = sorted({obj.label for obj in file_objects if obj.label not in allowed})
        if forbidden:
            report.problems.append(
                Problem(
                    file=fixture.name,
                    message=_(
                        "The file names %(models)s. Only CadreRef content (the regulations "
                        "and cadres models) can be imported, so the whole file was rejected."
                    )
                    % {"models": ", ".join(forbidden)},
                )
            )
            continue
        parsed.extend(file_objects)
    if len(parsed) > max_objects:
        _whole_import_problem(
            report,
            _(
                "The files hold %(count)d objects; the limit is %(limit)d. "
                "Split them into several imports, loaded one after the other."
            )
            % {"count": len(parsed), "limit": max_objects},
        )
    order = {label: position for position, label in enumerate(registry.content_labels())}
    parsed.sort(key=lambda obj: order[obj.label])
    return parsed


def _deeper_than(data, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        stack.extend((item, depth + 1) for item in value if isinstance(item, (list, dict)))
    return False


def _shape_problem(item) -> str:
    if not isinstance(item, dict):
        return _("Each object must be a JSON object with “model” and “fields”.")
    unknown = set(item) - {"model", "fields", "pk"}
    if unknown:
        return _("Unexpected keys: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))}
    if not isinstance(item.get("model"), str) or not isinstance(item.get("fields"), dict):
        return _("Each object must have a “model” name and a “fields” object.")
    if "pk" in item:
        return _("Objects are identified by their natural key; remove “pk”.")
    return ""


# ---------------------------------------------------------------------------- loading


class _Resolver:
    """Finds the records an import refers to by natural key, asking the database once per key:
    a file names the same document or source hundreds of times, and the records it creates
    are known without asking at all."""

    def __init__(self):
        self._found: dict[tuple[str, tuple], models.Model] = {}
        self._names: dict[tuple[str, int], str] = {}
        self._empty: dict[str, bool] = {}

    def existing(self, model, lookup: dict) -> models.Model | None:
        """The record ``lookup`` names, if the database holds it. A table that was empty when
        the import began is not asked again (a first load creates everything), and the same
        record twice in the files is caught by the caller, not here."""
        label = model._meta.label_lower
        if label not in self._empty:
            self._empty[label] = not model._default_manager.exists()
        if self._empty[label]:
            return None
        return model._default_manager.filter(**lookup).first()

    def get(self, model, raw) -> models.Model:
        parts = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(part, (str, int)) for part in parts):
            raise ValidationError(_("A reference must be a natural key (a list of strings or numbers)."))
        cache_key = (model._meta.label_lower, tuple(parts))
        if cache_key not in self._found:
            try:
                self._found[cache_key] = model._default_manager.get_by_natural_key(*parts)
            except (ObjectDoesNotExist, TypeError, ValueError, ValidationError):
                raise ValidationError(
                    _("Unknown %(model)s referenced: %(key)s.")
                    % {"model": model._meta.verbose_name, "key": "/".join(map(str, parts))}
                ) from None
        return self._found[cache_key]

    def remember(self, instance: models.Model) -> None:
        self._found[(instance._meta.label_lower, instance.natural_key())] = instance
        self._names[(instance._meta.label_lower, instance.pk)] = _key_display(instance)

    def name_of(self, model, pk) -> str:
        """The natural key of a referenced record, as the preview writes it, by primary key."""
        cache_key = (model._meta.label_lower, pk)
        if cache_key not in self._names:
            records = model._default_manager.all()
            related = [name for name in model.NATURAL_KEY if model._meta.get_field(name).is_relation]
            if related:
                records = records.select_related(*related)
            self._names[cache_key] = _key_display(records.get(pk=pk))
        return self._names[cache_key]


def _load(parsed: list[_Parsed], report: ImportReport) -> None:
    pending_m2m: list[tuple[_Parsed, models.Model, dict, dict]] = []
    seen: dict[tuple[str, str], _Parsed] = {}
    resolver = _Resolver()
    for obj in parsed:
        model = apps.get_model(obj.label)
        outcome = _build(obj, model, report, resolver)
        if outcome is None:
            continue
        instance, existing, before, m2m, changed = outcome
        key = _key_display(instance)
        if (obj.label, key) in seen:
            first = seen[(obj.label, key)]
            report.problems.append(
                _problem(
                    obj,
                    key,
                    "",
                    _("The same object appears twice (first in %(file)s, object %(number)d).")
                    % {"file": first.file, "number": first.index + 1},
                )
            )
            continue
        seen[(obj.label, key)] = obj
        if existing is not None and not changed:
            # Its fields are as the database holds them: nothing to check or write. (Its
            # many-to-many links are compared and set below, as for every record.)
            resolver.remember(instance)
            pending_m2m.append((obj, instance, m2m, before))
            report.changes.append(ObjectChange(model=obj.label, key=key, action="update", object_id=instance.pk))
            continue
        try:
            instance.full_clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    report.problems.append(_problem(obj, key, "" if field_name == "__all__" else field_name, message))
            continue
        try:
            with transaction.atomic():
                instance.save_base(raw=True)
        except IntegrityError as error:
            report.problems.append(
                _problem(
                    obj,
                    key,
                    "",
                    _("The database refused this object: %(error)s") % {"error": error},
                )
            )
            continue
        resolver.remember(instance)
        pending_m2m.append((obj, instance, m2m, before))
        report.changes.append(
            ObjectChange(
                model=obj.label,
                key=key,
                action="create" if existing is None else "update",
                object_id=instance.pk,
            )
        )
    # Many-to-many values are set once every object exists, so they may point forwards.
    change_for = {(change.model, change.object_id): change for change in report.changes}
    for obj, instance, m2m, before in pending_m2m:
        key = _key_display(instance)
        change = change_for[(obj.label, instance.pk)]
        created = change.action == "create"
        for name, raw in m2m.items():
            related = _resolve_many(obj, key, instance._meta.get_field(name), raw, report, resolver)
            if related is not None:
                links = getattr(instance, name)
                links.add(*related) if created else links.set(related)
        _check_sources(obj, key, instance, report, listed=m2m.get("sources") if created else None)
        if created:
            continue  # the preview lists a new record by its key, not field by field
        change.changes = _diff(instance, before, set(obj.fields), resolver)
        if not change.changes:
            change.action = "unchanged"
        elif hasattr(instance, "updated_at"):
            type(instance)._default_manager.filter(pk=instance.pk).update(updated_at=timezone.now())


def _build(obj: _Parsed, model, report, resolver: _Resolver):
    """Return (instance, existing, before, m2m, changed) for one object, or None after a
    problem; ``changed`` says whether an existing record's own fields (not its links) differ."""
    kind = registry.kind_for(obj.label)
    key_fields = kind.natural_key
    missing = [name for name in key_fields if name not in obj.fields]
    if missing:
        report.problems.append(
            _problem(
                obj,
                "",
                missing[0],
                _("This field is part of the object's identity and is required."),
            )
        )
        return None
    values, m2m, failed = {}, {}, False
    for name, raw in obj.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            report.problems.append(_problem(obj, _raw_key(obj, model), name, _("There is no such field.")))
            failed = True
            continue
        if name in kind.derived or (not model_field.concrete and not model_field.many_to_many):
            continue
        if model_field.many_to_many:
            if not isinstance(raw, list):
                report.problems.append(_problem(obj, _raw_key(obj, model), name, _("Expected a list of natural keys.")))
                failed = True
            else:
                m2m[name] = raw
            continue
        try:
            values[name] = _python_value(model_field, raw, resolver)
        except ValidationError as error:
            report.problems.append(_problem(obj, _raw_key(obj, model), name, " ".join(error.messages)))
            failed = True
    if failed:
        return None
    existing = resolver.existing(model, {name: values[name] for name in key_fields})
    instance = existing or model()
    before = _snapshot(existing, obj.fields, resolver) if existing else {}
    for name, value in values.items():
        if name in TIMESTAMP_FIELDS and existing is not None:
            continue  # set below from whether the content changed
        setattr(instance, name, value)
    concrete = [name for name in obj.fields if name not in m2m]
    changed = existing is not None and _snapshot(instance, concrete, resolver) != _pick(before, concrete)
    if hasattr(instance, "updated_at") and changed:
        instance.updated_at = timezone.now()
    return instance, existing, before, m2m, changed


def _pick(snapshot: dict, names) -> dict:
    return {name: value for name, value in snapshot.items() if name in names}


def _python_value(model_field, raw, resolver: _Resolver):
    if model_field.is_relation:
        if raw is None:
            if not model_field.null:
                raise ValidationError(_("This field cannot be empty."))
            return None
        return resolver.get(model_field.related_model, raw)
    if raw is None and not model_field.null:
        raise ValidationError(_("This field cannot be null."))
    if isinstance(raw, (dict, list)):
        raise ValidationError(_("Expected a single value, not %(type)s.") % {"type": type(raw).__name__})
    value = model_field.to_python(raw)
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(_("Text may not contain NUL characters."))
    return value


def _resolve_many(obj, key, model_field, raw, report, resolver: _Resolver):
    related = []
    for item in raw:
        try:
            related.append(resolver.get(model_field.related_model, item))
        except ValidationError as error:
            report.problems.append(_problem(obj, key, model_field.name, " ".join(error.messages)))
            return None
    return related


def _snapshot(instance, names, resolver: _Resolver) -> dict:
    """Printable values of the named fields, for the diff."""
    snapshot = {}
    for name in names:
        if name in TIMESTAMP_FIELDS or name in registry.kind_for(instance._meta.label_lower).derived:
            continue
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        snapshot[name] = _printable(instance, model_field, resolver)
    return snapshot


def _printable(instance, model_field, resolver: _Resolver) -> str:
    if model_field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(_key_display(related) for related in getattr(instance, model_field.name).all()))
    if model_field.is_relation:
        pk = getattr(instance, model_field.attname)
        return "" if pk is None else resolver.name_of(model_field.related_model, pk)
    value = model_field.value_from_object(instance)
    return "" if value is None else str(value)


def _diff(instance, before: dict, names, resolver: _Resolver) -> list[FieldChange]:
    after = _snapshot(instance, names, resolver)
    return [
        FieldChange(field=name, old=before.get(name, ""), new=value)
        for name, value in after.items()
        if before.get(name, "") != value
    ]


def _key_display(instance) -> str:
    return "/".join(str(part) for part in instance.natural_key())


def _raw_key(obj: _Parsed, model) -> str:
    """The record's natural key as the file writes it ("365-qd-tw", "366-qd-tw/art-11"), to name
    it in a problem found before the record could be built."""
    parts = []
    for name in model.NATURAL_KEY:
        value = obj.fields.get(name, "")
        parts.append("/".join(str(part) for part in value) if isinstance(value, list) else str(value))
    return "/".join(part for part in parts if part)


def _problem(obj: _Parsed, key: str, field_name: str, message: str) -> Problem:
    return Problem(
        file=obj.file,
        index=obj.index,
        model=obj.label,
        key=key,
        field=field_name,
        message=str(message),
    )


def _check_sources(obj, key, instance, report, *, listed: list | None = None) -> None:
    """Every fact cites a source: records with a ``sources`` field need at least one.
    ``listed`` is the file's list for a new record (nothing to ask the database then)."""
    try:
        instance._meta.get_field("sources")
    except FieldDoesNotExist:
        return
    if not (listed if listed is not None else instance.sources.exists()):
        report.problems.append(_problem(obj, key, "sources", _("Every record must cite at least one source.")))


# ---------------------------------------------------------------------------- audit


def _record(report: ImportReport, *, user, via: str) -> None:
    """Write the import record and admin log entries and move the data version.

    A scripted load that changed nothing (``make run`` reloading the same fixtures) leaves no
    record; a staff upload is always recorded.
    """
    counts = Counter(change.action for change in report.changes)
    changed = bool(counts["create"] or counts["update"])
    report.data_version = data_version_bump() if changed else data_version_number()
    report.applied = True
    if not changed and via == ImportRecord.Via.COMMAND:
        return
    record = ImportRecord.objects.create(
        user=user if getattr(user, "pk", None) else None,
        via=via,
        file_names=", ".join(report.file_names),
        checksum=report.checksum,
        object_count=report.object_count,
        created_count=counts["create"],
        updated_count=counts["update"],
        unchanged_count=counts["unchanged"],
        data_version=report.data_version,
    )
    report.record_id = record.pk
    if getattr(user, "pk", None):
        _log_entries(report, user)


def _log_entries(report: ImportReport, user) -> None:
    changed = [change for change in report.changes if change.action in {"create", "update"}]
    content_types = {
        label: ContentType.objects.get_for_model(apps.get_model(label)) for label in {c.model for c in changed}
    }
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                user_id=user.pk,
                content_type=content_types[change.model],
                object_id=str(change.object_id),
                object_repr=change.key[:200],
                action_flag=ADDITION if change.action == "create" else CHANGE,
                change_message=json.dumps(
                    [{"changed": {"fields": [c.field for c in change.changes]}}]
                    if change.action == "update"
                    else [{"added": {}}]
                ),
            )
            for change in changed
        ]
    )


# ---------------------------------------------------------------------------- preview → confirm


class ConfirmRefused(Exception):
    """The confirmation does not match a pending, unexpired preview of the same content."""


@transaction.atomic
def pending_import_create(*, files: list[FixtureFile], user, data_version: int) -> PendingImport:
    """Keep previewed files in the database, a row each, until they are confirmed or expire,
    with the data version the preview was made against."""
    PendingImport.objects.expired().delete()
    pending = PendingImport.objects.create(
        user=user,
        expires_at=timezone.now() + datetime.timedelta(seconds=settings.IMPORT_PREVIEW_SECONDS),
        checksum=checksum_of(files),
        data_version=data_version,
    )
    for position, fixture in enumerate(files):
        PendingImportFile.objects.create(pending=pending, position=position, name=fixture.name, content=fixture.content)
    return pending


def pending_import_files(pending: PendingImport) -> list[FixtureFile]:
    return [FixtureFile(name=row.name, content=bytes(row.content)) for row in pending.files.all()]


def pending_import_confirm(*, token, checksum: str, user) -> ImportReport:
    """Apply a previewed import, checked again against the data as it is now; at most once.

    Refused (``ConfirmRefused``) if the token is unknown, belongs to another user, has
    expired or was already confirmed, if ``checksum`` is not the checksum of the stored
    content (the confirmation must be for exactly what the preview showed), or if the data
    moved on since the preview (nothing is written then, and the preview cannot be reused).
    """
    pending = PendingImport.objects.filter(token=token, user=user).first()
    if pending is None:
        raise ConfirmRefused(_("This import preview does not exist or is not yours."))
    files = pending_import_files(pending)
    if checksum != pending.checksum or checksum_of(files) != pending.checksum:
        raise ConfirmRefused(_("The confirmation does not match the previewed content; nothing was imported."))
    claimed = PendingImport.objects.filter(
        pk=pending.pk, status=PendingImport.Status.PENDING, expires_at__gt=timezone.now()
    ).update(status=PendingImport.Status.APPLYING)
    if not claimed:
        raise ConfirmRefused(_("This preview has expired or was already confirmed; upload the file again."))
    report = fixture_import(
        files=files, dry_run=False, user=user, via=ImportRecord.Via.ADMIN, expected_version=pending.data_version
    )
    PendingImport.objects.filter(pk=pending.pk).update(
        status=PendingImport.Status.APPLIED if report.applied else PendingImport.Status.REJECTED
    )
    if report.stale:
        raise ConfirmRefused(report.problems[0].message)
    return report
