"""Staff placement pages (being written)."""
