"""The Kafka runtime: ingest as a kafka-python producer, classify and alert as faust workers.

Nothing here connects at import time: `app.build` builds a worker, `producer.KafkaIngest` a
producer, both from a `KafkaSettings`. The operator surfaces of the workers: `web.HttpService`
(uvicorn on the worker's loop), `projection.AlertProjection` (what the alert worker serves),
`monitor.install_lag` and `broker.BrokerInspector` (consumer lag, readiness, topic creation).
"""
