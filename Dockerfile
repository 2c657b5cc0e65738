# tocsin image: one image for every service (ingest, classify, alert, the embedded server).
#   docker build -t tocsin .
#   docker run --rm -p 127.0.0.1:8470:8470 -v tocsin-data:/var/lib/tocsin tocsin \
#     serve --db /var/lib/tocsin/tocsin.db --host 0.0.0.0 --port 8470
# Every runtime dependency ships as a cp311 manylinux wheel. The classifier's modules are
# compiled with mypyc (setup.py, TOCSIN_COMPILE=1: about a third faster), so the build stage is
# the full python image, which has a C compiler; the runtime image needs none.

FROM python:3.11 AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/tocsin
WORKDIR /src
# Only what the wheel is built from (pyproject lists the packages explicitly; tests are never
# installed). README.m[d] copies README.md when there is one and nothing otherwise.
COPY pyproject.toml setup.py README.m[d] ./
COPY schemas ./schemas
COPY services ./services
RUN /opt/tocsin/bin/pip install "setuptools>=77" mypy pydantic \
 && TOCSIN_COMPILE=1 /opt/tocsin/bin/pip install --no-build-isolation . \
 && /opt/tocsin/bin/pip uninstall --yes mypy \
 && cd / && /opt/tocsin/bin/python -c "from services.classify import extract; \
      assert extract.__file__.endswith('.so'), extract.__file__; print(extract.__file__)"

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
