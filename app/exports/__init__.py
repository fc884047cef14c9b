"""Exports of maps: a single map as PDF or JSON, and packs of maps as PDF."""
