"""The only write paths into the content: import, derived data after an edit; and the export."""
