"""Exports of maps: the PDF of a single map (packs and JSON come later)."""
