"""The platform under the two content apps: text folding, bilingual fields, natural keys,
citation numbering, HTTP/JSON helpers, the data version, caching middleware, health probes and
template tags. It imports nothing else of this project (an import-linter contract checks it)."""
