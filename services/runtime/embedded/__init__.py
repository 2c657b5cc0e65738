"""The embedded runtime: every service in one process over an SQLite event log."""
