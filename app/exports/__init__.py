"""Exports of maps: one map as a PDF or as JSON, and PDF packs of a supervision session's or an
exercise's maps."""
