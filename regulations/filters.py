"""FilterSets for the documents list and the search results, bound to ``request.GET``."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regulations.models import Document, IssuingBody, SearchEntry, Topic


def issued_in(year: int, prefix: str = "") -> Q:
    """Issued in ``year``: by the date when known (a date range, so the index serves it),
    else by the year the sources give."""
    return Q(**{f"{prefix}issued_on__year": year}) | Q(**{f"{prefix}issued_on__isnull": True, f"{prefix}year": year})


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Document.Kind.choices, empty_label=_("Any kind"))
    issuer = django_filters.ModelChoiceFilter(
        label=_("Issuer"),
        queryset=IssuingBody.objects.all(),
        to_field_name="slug",
        empty_label=_("Any issuer"),
    )
    year = django_filters.NumberFilter(label=_("Year of issue"), method="filter_year", min_value=1900, max_value=2100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Document.Status.choices, empty_label=_("Any status")
    )
    core = django_filters.ChoiceFilter(
        label=_("Scope"),
        choices=[("core", _("Core documents")), ("referenced", _("Documents they name"))],
        method="filter_core",
        empty_label=_("All documents"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("Any topic"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("issued_on", "date"), ("number", "number")),
        field_labels={"issued_on": _("date of issue"), "number": _("number")},
        empty_label=None,
    )

    class Meta:
        model = Document
        fields = ["kind", "issuer", "year", "status", "core", "topic"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(issued_in(value))

    def filter_core(self, queryset, name, value):
        return queryset.filter(is_core=value == "core")


class SearchEntryFilter(django_filters.FilterSet):
    """Narrows full-text results by result type, or by the kind, issuer, year or status of
    the document each entry belongs to."""

    type = django_filters.ChoiceFilter(
        label=_("Result type"),
        choices=SearchEntry.Kind.choices,
        field_name="kind",
        empty_label=_("All results"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Document kind"),
        choices=Document.Kind.choices,
        field_name="document__kind",
        empty_label=_("Any kind"),
    )
    issuer = django_filters.ModelChoiceFilter(
        label=_("Issuer"),
        queryset=IssuingBody.objects.all(),
        to_field_name="slug",
        field_name="document__issuer",
        empty_label=_("Any issuer"),
    )
    year = django_filters.NumberFilter(label=_("Year of issue"), method="filter_year", min_value=1900, max_value=2100)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Document.Status.choices,
        field_name="document__status",
        empty_label=_("Any status"),
    )

    class Meta:
        model = SearchEntry
        fields = ["type", "kind", "issuer", "year", "status"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(issued_in(value, prefix="document__"))
