"""The reference site: everything that sees both content apps.

The content registry, the services that write content (import, export, derived data), search,
the selectors that read a page's worth of records, the serialisers that turn them into JSON,
and the views, feeds and sitemaps; also the admin site, which refreshes derived data after an
edit. See docs/ARCHITECTURE.md.
"""
