"""FilterSets for the cadre pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cadres.models import Authority
from regulations.models import Document


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
