"""The Kafka runtime: ingest as a kafka-python producer, classify and alert as faust workers.

Nothing here connects at import time: `app.create_app` builds a worker, `producer.KafkaIngest`
a producer, both from a `KafkaSettings`.
"""
