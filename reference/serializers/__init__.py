"""Serialisers: a selector's result as the JSON the API returns. They run no queries: what
they read, the selector has loaded.

Conventions (``reference/openapi.json`` describes them for clients): snake_case English field
names; text kept in both languages as ``{"vi": …, "en": …}``; ISO 8601 dates; ``null`` where
the sources give nothing, never a guess; every record lists the codes of the sources it rests
on, and each response lists those sources once, in full, under ``sources`` (the numbered list
at the foot of the HTML page).
"""
