"""The models of the regulations app, one module per subject."""

from regulations.models.base import CitedModel, ProvisionRecord
from regulations.models.documents import Document, DocumentCitation, IssuingBody, Topic
from regulations.models.events import Event
from regulations.models.glossary import Change, Term
from regulations.models.key_points import KeyPoint
from regulations.models.relations import Relation
from regulations.models.sources import Source

__all__ = [
    "Change",
    "CitedModel",
    "Document",
    "DocumentCitation",
    "Event",
    "IssuingBody",
    "KeyPoint",
    "ProvisionRecord",
    "Relation",
    "Source",
    "Term",
    "Topic",
]
