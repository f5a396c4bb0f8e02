"""Atom feed for one position: the documents whose rules apply to it."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from cadres import selectors
from cadres.models import Position
from regulations.feeds import CadreRefFeed


class PositionFeed(CadreRefFeed):
    """The documents the position page draws its rules from (the 368 list, standards,
    assessment, authorities, training), newest change first: an entry is updated when
    CadreRef changes that document's record."""

    def get_object(self, request, slug):
        try:
            position = selectors.position_for_page(slug)
        except Position.DoesNotExist:
            raise Http404(_("No position has this address.")) from None
        return selectors.position_card(position=position)

    def title(self, card):
        return _("CadreRef: rules for %(name)s") % {"name": card.position.name}

    def subtitle(self, card):
        return _("The documents whose rules apply to this position, by when CadreRef last changed them.")

    def link(self, card):
        return card.position.get_absolute_url()

    def feed_url(self, card):
        return reverse("cadres:position-feed", kwargs={"slug": card.position.slug})

    def items(self, card):
        return sorted(card.documents, key=lambda document: (document.updated_at, document.slug), reverse=True)
