"""Search: number lookup (``numbers``), the search index (``index``) and queries (``query``)."""
