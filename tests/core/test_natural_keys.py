"""Natural keys: the paths a query selects to name its records without a query per record."""

from core.natural_keys import natural_key_paths
from regulations.models import DocumentCitation, KeyPoint, Source


def test_natural_key_paths_are_the_relations_a_natural_key_names():
    assert natural_key_paths(Source) == []
    assert natural_key_paths(KeyPoint) == ["document"]
    assert natural_key_paths(DocumentCitation) == ["document", "source"]


def test_natural_key_paths_through_a_relation_start_with_it():
    assert natural_key_paths(Source, via="source") == ["source"]
    assert natural_key_paths(KeyPoint, via="key_point") == ["key_point", "key_point__document"]
