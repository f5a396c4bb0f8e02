"""Search: document numbers in any written form (``numbers``), full text over the index of
every searchable record (``query``), and building that index (``index``)."""
