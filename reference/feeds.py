"""Atom feeds: documents added or changed, what happened to one document, and the documents
whose rules apply to one position.

Every entry is dated by something the data holds, never by a guess: a record's
``created_at``/``updated_at`` (when CadreRef added or last changed it) or a date the sources
give (the day an event was held). Summaries name the sources an entry rests on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from cadres.models import Position
from reference.selectors import documents as selectors
from reference.selectors import positions as position_selectors
from regulations.models import Document

RECENT_CHANGES = 50


@dataclass
class FeedEntry:
    """One entry of a feed that is not simply a document; ``guid`` is an absolute address."""

    title: str
    summary: str
    link: str
    guid: str
    updated: datetime.datetime
    published: datetime.datetime | None = None


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def summary(*parts: str, cites=()) -> str:
    """Sentences from ``parts`` (empty ones left out), then the codes of the sources cited."""
    if cites:
        parts = (*parts, _("Sources: %(codes)s.") % {"codes": ", ".join(source.code for _number, source in cites)})
    return " ".join(part if part.endswith((".", "!", "?")) else f"{part}." for part in parts if part)


@dataclass
class DocumentFeedSubject:
    """A document page and the address it was asked for, to make entry ids absolute."""

    page: selectors.DocumentPage
    base: str


class CadreRefFeed(Feed):
    """Atom, with CadreRef as the author (Atom needs one for the feed or every entry)."""

    feed_type = Atom1Feed
    author_name = "CadreRef"

    def item_title(self, item):
        return item.title if isinstance(item, FeedEntry) else f"{item.label}: {item.heading}"

    def item_description(self, item):
        if isinstance(item, FeedEntry):
            return escape(item.summary)
        return escape(item.summary or item.subject)

    def item_link(self, item):
        return item.link if isinstance(item, FeedEntry) else item.get_absolute_url()

    def item_guid(self, item):
        # None lets Django build a tag: URI from the link and the publication date.
        return item.guid if isinstance(item, FeedEntry) else None

    def item_pubdate(self, item):
        return item.published if isinstance(item, FeedEntry) else item.created_at

    def item_updateddate(self, item):
        return item.updated if isinstance(item, FeedEntry) else item.updated_at


class RecentChangesFeed(CadreRefFeed):
    """The documents most recently added or changed, newest first."""

    def title(self):
        return _("CadreRef: documents added or changed")

    def subtitle(self):
        return _("Each entry is a document whose record was added (published) or last changed (updated).")

    def link(self):
        return reverse("regulations:document-list")

    def feed_url(self):
        return reverse("regulations:document-list-feed")

    def items(self):
        return Document.objects.for_list().order_by("-updated_at", "-created_at", "slug")[:RECENT_CHANGES]


class DocumentFeed(CadreRefFeed):
    """One document: its record (updated when CadreRef changes it), the events that
    disseminated it (dated by the day they were held) and its relations to other documents
    (updated when either document's record changes)."""

    def get_object(self, request, slug):
        try:
            document = selectors.document_for_page(slug=slug)
        except Document.DoesNotExist:
            raise Http404(_("No document has this address.")) from None
        return DocumentFeedSubject(
            page=selectors.document_page(document=document),
            base=request.build_absolute_uri(document.get_absolute_url()),
        )

    def title(self, subject):
        return _("CadreRef: %(label)s") % {"label": subject.page.document.label}

    def subtitle(self, subject):
        return subject.page.document.subject

    def link(self, subject):
        return subject.page.document.get_absolute_url()

    def feed_url(self, subject):
        return reverse("regulations:document-feed", kwargs={"slug": subject.page.document.slug})

    def items(self, subject):
        page, base = subject.page, subject.base
        document = page.document
        url = document.get_absolute_url()
        entries = [document]
        for cited in page.events:
            event = cited.item
            entries.append(
                FeedEntry(
                    title=_("Event: %(title)s") % {"title": event.title},
                    summary=summary(event.presided_by, event.description, cites=cited.cites),
                    link=f"{url}#events-heading",
                    guid=f"{base}#event-{event.slug}",
                    published=start_of_day(event.held_on),
                    updated=start_of_day(event.held_on),
                )
            )
        for line in page.relations:
            relation, other = line.relation, line.other
            outgoing = relation.subject_id == document.pk
            source, target = (document, other) if outgoing else (other, document)
            entries.append(
                FeedEntry(
                    title=f"{source.label} {relation.get_kind_display()} {target.label}",
                    summary=summary(other.subject, relation.note, cites=line.cites),
                    link=other.get_absolute_url(),
                    guid=f"{base}#relation-{source.slug}-{relation.kind}-{target.slug}",
                    published=None,
                    updated=max(document.updated_at, other.updated_at),
                )
            )
        return sorted(entries, key=self.item_updateddate, reverse=True)


class PositionFeed(CadreRefFeed):
    """The documents the position page draws its rules from (the 368 list, standards,
    assessment, authorities, training), newest change first: an entry is updated when
    CadreRef changes that document's record."""

    def get_object(self, request, slug):
        try:
            position = position_selectors.position_for_page(slug=slug)
        except Position.DoesNotExist:
            raise Http404(_("No position has this address.")) from None
        return position_selectors.position_card(position=position)

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
