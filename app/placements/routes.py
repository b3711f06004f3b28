"""Participant placement pages (being written)."""
