"""FilterSets for the documents list, the search results and the authorities list, bound to
``request.GET``; the HTML page and its JSON twin use the same one."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Authority
from reference.models import SearchEntry
from reference.registry import search_kind_choices
from regulations.models import Document, IssuingBody, Topic


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
        # Every label given here, descending ones included: django-filter builds "(descending)"
        # labels once, at import, in whatever language is active then.
        field_labels={
            "issued_on": _("date of issue, oldest first"),
            "-date": _("date of issue, newest first"),
            "number": _("number, lowest first"),
            "-number": _("number, highest first"),
        },
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
        choices=search_kind_choices,
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


class AuthorityFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=Authority.Action.choices, empty_label=_("Any action")
    )
    document = django_filters.ModelChoiceFilter(
        label=_("Document"),
        queryset=Document.objects.filter(authorities__isnull=False).distinct().order_by("-issued_on"),
        to_field_name="slug",
        empty_label=_("Any document"),
    )
    period = django_filters.ChoiceFilter(
        label=_("Current or historical"),
        choices=[("current", _("Current rules")), ("historical", _("Historical rules (replaced)"))],
        method="filter_period",
        empty_label=_("Current and historical"),
    )

    class Meta:
        model = Authority
        fields = ["action", "document", "period"]

    def filter_period(self, queryset, name, value):
        return queryset.current() if value == "current" else queryset.historical()
