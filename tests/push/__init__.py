"""A local Web Push service for tests (RFC 8030 / 8291 / 8292), and its self-tests."""
