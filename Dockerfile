# tocsin image: one image for every service (ingest, classify, alert, the embedded server).
#   docker build -t tocsin .
#   docker run --rm -p 127.0.0.1:8470:8470 -v tocsin-data:/var/lib/tocsin tocsin \
#     serve --db /var/lib/tocsin/tocsin.db --host 0.0.0.0 --port 8470
# Every runtime dependency ships as a cp311 manylinux wheel, so no compiler is needed.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/tocsin
WORKDIR /src
# Only what the wheel is built from (pyproject lists the packages explicitly; tests are never
# installed). README.m[d] copies README.md when there is one and nothing otherwise.
COPY pyproject.toml README.m[d] ./
COPY schemas ./schemas
COPY services ./services
RUN /opt/tocsin/bin/pip install . \
 && /opt/tocsin/bin/python -c "import schemas, services; print(services.__file__)"

FROM python:3.11-slim
ENV PATH=/opt/tocsin/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN groupadd --system --gid 10001 tocsin \
 && useradd --system --uid 10001 --gid tocsin --home-dir /var/lib/tocsin --create-home \
      --shell /usr/sbin/nologin tocsin
COPY --from=build /opt/tocsin /opt/tocsin
USER tocsin
# SQLite event log, Faust table state and anything else a service writes lives here.
WORKDIR /var/lib/tocsin
VOLUME ["/var/lib/tocsin"]
# 8470 embedded server / alert worker (API, console, /metrics), 8471 ingest, 8472 classify /metrics
EXPOSE 8470 8471 8472
ENTRYPOINT ["tocsin"]
CMD ["--help"]
