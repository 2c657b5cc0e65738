"""Runtimes: the thin adapters that move the pipeline's events between logs."""
