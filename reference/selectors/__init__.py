"""Selectors: each public page's read, shared by its HTML view and its JSON twin.

A selector returns a dataclass holding a page's worth of records with their numbered sources,
with everything its templates and serialisers read already loaded, in a number of queries
that does not grow with the data.
"""
