"""Ingest: turn files, HTTP bodies and feeds into validated dispatches, or dead letters."""
