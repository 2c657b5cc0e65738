"""The operators' side: HTTP API and console, Prometheus metrics, the Alertmanager sink."""
