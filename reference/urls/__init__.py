"""The public URLs, in two namespaces kept from when each content app served its own pages:
``regulations`` (documents, relations, sources, search, data) and ``cadres`` (positions,
standards, assessment, authorities). Both are mounted under the language prefixes."""
