"""tocsin's services: ingest, classify, alert, and the runtimes that run them."""
