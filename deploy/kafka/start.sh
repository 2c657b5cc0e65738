#!/usr/bin/env bash
# Start a single-node Apache Kafka broker (KRaft, broker+controller in one JVM) on loopback.
#
#   deploy/kafka/start.sh [--port 9092] [--data DIR] [--heap 512m] [--timeout 120]
#                         [--prop key=value]...
#
#   --port     PLAINTEXT client port on 127.0.0.1; the KRaft controller uses PORT+1
#   --data     data dir (default deploy/kafka/data/broker-PORT): server.properties,
#              kraft-logs/ (partitions + metadata log), kafka.log (broker output), kafka.pid
#   --heap     JVM max heap (default 512m)
#   --timeout  seconds to wait for the broker to answer a metadata request (default 120)
#   --prop     extra/overriding server.properties line (repeatable)
#
# Fetches Kafka first if needed (deploy/kafka/fetch.sh). Formats the storage only once, so
# a restart on the same --data keeps all topics/offsets. If a Kafka broker already answers
# on the port it says so and exits 0. Stop with deploy/kafka/stop.sh --port PORT.
#
# Environment: TOCSIN_KAFKA_VERSION / TOCSIN_KAFKA_HOME (see fetch.sh),
#   TOCSIN_KAFKA_RUN_DIR (pid records, default deploy/kafka/data/run),
#   TOCSIN_KAFKA_PYTHON (python used for the readiness check),
#   TOCSIN_KAFKA_JVM_OPTS (extra JVM options),
#   TOCSIN_KAFKA_JVM_TUNING (JIT and garbage collector: see below).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

PORT=9092
DATA=""
HEAP="512m"
TIMEOUT=120
EXTRA_PROPS=()

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --data) DATA="$2"; shift 2 ;;
    --data=*) DATA="${1#*=}"; shift ;;
    --heap) HEAP="$2"; shift 2 ;;
    --heap=*) HEAP="${1#*=}"; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    --prop) EXTRA_PROPS+=("$2"); shift 2 ;;
    --prop=*) EXTRA_PROPS+=("${1#*=}"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "start.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "start.sh: bad --port '$PORT'" >&2; exit 2; }
CPORT=$((PORT + 1))
DATA="$(realpath -m "${DATA:-$HERE/data/broker-$PORT}")"
RUN_DIR="${TOCSIN_KAFKA_RUN_DIR:-$HERE/data/run}"
mkdir -p "$RUN_DIR"
LOG="$DATA/kafka.log"
PROPS="$DATA/server.properties"
LOGDIR="$DATA/kraft-logs"

log() { echo "start.sh: $*" >&2; }

# ---------------------------------------------------------------- helpers
PY="${TOCSIN_KAFKA_PYTHON:-}"
if [[ -z "$PY" ]]; then
  if [[ -x "$REPO/.venv/bin/python" ]]; then PY="$REPO/.venv/bin/python"
  elif command -v python3 >/dev/null 2>&1; then PY="$(command -v python3)"
  fi
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Exit 0 when a Kafka broker on 127.0.0.1:$1 answers a metadata request listing >= 1 live broker.
# Uses kafka-python when importable, else a raw MetadataRequest v1 over a socket (stdlib only),
# else (no python at all) only checks that the port accepts connections.
kafka_ready() {
  local port="$1"
  if [[ -z "$PY" ]]; then port_open "$port"; return; fi
  "$PY" - "$port" <<'PYEOF' 2>/dev/null
import socket, struct, sys
port = int(sys.argv[1])
try:
    import logging
    logging.disable(logging.CRITICAL)
    from kafka import KafkaAdminClient
except Exception:
    KafkaAdminClient = None
if KafkaAdminClient is not None:
    opts = dict(bootstrap_servers=f"127.0.0.1:{port}", request_timeout_ms=3000,
                client_id="tocsin-start-check")
    if "bootstrap_timeout_ms" in KafkaAdminClient.DEFAULT_CONFIG:  # kafka-python >= 3
        opts["bootstrap_timeout_ms"] = 3000
    admin = KafkaAdminClient(**opts)
    try:
        brokers = admin.describe_cluster()["brokers"]
        sys.exit(0 if any(not b.get("is_fenced", False) for b in brokers) else 1)
    finally:
        admin.close()
# MetadataRequest v1 (api_key 3), empty topic list -> brokers only
client_id = b"tocsin-start-check"
body = struct.pack(">hhih", 3, 1, 42, len(client_id)) + client_id + struct.pack(">i", 0)
with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
    s.sendall(struct.pack(">i", len(body)) + body)
    buf = b""
    while len(buf) < 12:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit(1)
        buf += chunk
_, corr, nbrokers = struct.unpack(">iii", buf[:12])
sys.exit(0 if corr == 42 and nbrokers >= 1 else 1)
PYEOF
}

is_kafka_pid() {  # pid is alive and is a kafka.Kafka JVM
  [[ -n "${1:-}" && -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'kafka\.Kafka'
}

# ---------------------------------------------------------------- already running?
if [[ -f "$RUN_DIR/$PORT.pid" ]]; then
  OLD_PID="$(cat "$RUN_DIR/$PORT.pid" 2>/dev/null || true)"
  if is_kafka_pid "$OLD_PID" && ! port_open "$PORT"; then
    log "broker pid $OLD_PID for port $PORT exists but is not listening yet; waiting for it"
    for _ in $(seq 1 "$TIMEOUT"); do port_open "$PORT" && break; sleep 1; done
  fi
fi
if port_open "$PORT"; then
  for _ in 1 2 3 4 5; do
    if kafka_ready "$PORT"; then
      log "a Kafka broker is already running on 127.0.0.1:$PORT; nothing to do"
      echo "127.0.0.1:$PORT"
      exit 0
    fi
    sleep 1
  done
  log "port 127.0.0.1:$PORT is in use but does not answer as a Kafka broker" >&2
  exit 1
fi
if port_open "$CPORT"; then
  log "controller port 127.0.0.1:$CPORT (PORT+1) is already in use; choose another --port"
  exit 1
fi

# ---------------------------------------------------------------- fetch, configure, format
command -v java >/dev/null 2>&1 || { log "java not found (Java 17 is required)"; exit 1; }
LIBS="$("$HERE/fetch.sh" | tail -n 1)"
[[ -d "$LIBS" ]] || { log "fetch.sh did not produce a libs dir"; exit 1; }

mkdir -p "$DATA"
cat >"$PROPS" <<EOF
# generated by deploy/kafka/start.sh -- rewritten on every start
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$LOGDIR
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=8
auto.create.topics.enable=true
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=33554432
log.retention.hours=168
# After a crash (SIGKILL) the restarted broker is refused (DUPLICATE_BROKER_REGISTRATION)
# until the old registration's session expires: default 9 s; 4 s here for faster restarts.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
EOF
for p in ${EXTRA_PROPS[@]+"${EXTRA_PROPS[@]}"}; do echo "$p" >>"$PROPS"; done

cat >"$DATA/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
EOF

# keep the broker log bounded across restarts
if [[ -f "$LOG" && $(stat -c %s "$LOG") -gt 52428800 ]]; then mv -f "$LOG" "$LOG.1"; fi

# A broker started here lives minutes or hours on a small machine (tests, CI, benchmarks, a
# laptop): the C2 compiler and G1's concurrent threads cost it more CPU than they give back
# in that time. With the quick C1 compiler only and the serial collector, the broker used half
# the CPU during the pipeline benchmark on 2 cores (benchmarks/README.md). A long-lived broker
# on a bigger machine: TOCSIN_KAFKA_JVM_TUNING="-XX:+UseG1GC -XX:MaxGCPauseMillis=20"; set
# but empty, the JVM's own defaults. (A collector is chosen here, not in TOCSIN_KAFKA_JVM_OPTS:
# the JVM refuses to start with two.) Options are split on spaces, never glob-expanded.
read -ra TUNING <<<"${TOCSIN_KAFKA_JVM_TUNING--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
read -ra EXTRA_JVM_OPTS <<<"${TOCSIN_KAFKA_JVM_OPTS:-}"
JAVA_OPTS=(-Xms128m "-Xmx$HEAP" ${TUNING[@]+"${TUNING[@]}"} -XX:+ExitOnOutOfMemoryError
           -Djava.awt.headless=true "-Dlog4j.configuration=file:$DATA/log4j.properties"
           "-Dkafka.logs.dir=$DATA" ${EXTRA_JVM_OPTS[@]+"${EXTRA_JVM_OPTS[@]}"})

if [[ ! -f "$LOGDIR/meta.properties" ]]; then
  CLUSTER_ID="$(cat "$DATA/cluster.id" 2>/dev/null || true)"
  # A Kafka Uuid: 16 random bytes, base64url without padding (22 chars). Like Kafka's own
  # Uuid.randomUuid, never one that starts with "-": the storage tool would read it as an
  # option and refuse to format (one fresh start in 64 did, before).
  while [[ -z "$CLUSTER_ID" || "$CLUSTER_ID" == -* ]]; do
    CLUSTER_ID="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  echo "$CLUSTER_ID" >"$DATA/cluster.id"
  log "formatting $LOGDIR (cluster id $CLUSTER_ID)"
  if ! java -Xmx256m "-Dlog4j.configuration=file:$DATA/log4j.properties" -cp "$LIBS/*" \
      kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$PROPS" >>"$LOG" 2>&1; then
    log "storage format failed; last lines of $LOG:"
    tail -n 30 "$LOG" >&2
    exit 1
  fi
fi

# ---------------------------------------------------------------- launch
echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) start.sh: starting Kafka on 127.0.0.1:$PORT ===" >>"$LOG"
# setsid: own session, so the broker survives the calling shell/terminal and is not hit by ^C
setsid java "${JAVA_OPTS[@]}" -cp "$LIBS/*" kafka.Kafka "$PROPS" >>"$LOG" 2>&1 </dev/null &
PID=$!
if ! is_kafka_pid "$PID"; then
  sleep 0.5
  # setsid forked (we were a process-group leader): find the JVM by its unique properties path
  for f in /proc/[0-9]*/cmdline; do
    if tr '\0' ' ' <"$f" 2>/dev/null | grep -qF "kafka.Kafka $PROPS"; then
      PID="${f#/proc/}"; PID="${PID%/cmdline}"; break
    fi
  done
fi
echo "$PID" >"$DATA/kafka.pid"
echo "$PID" >"$RUN_DIR/$PORT.pid"
echo "$DATA" >"$RUN_DIR/$PORT.data"

fail() {
  log "$1"
  log "last lines of $LOG:"
  tail -n 40 "$LOG" >&2
  if is_kafka_pid "$PID"; then
    log "killing the half-started broker (pid $PID)"
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 20); do is_kafka_pid "$PID" || break; sleep 0.5; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  rm -f "$DATA/kafka.pid" "$RUN_DIR/$PORT.pid"
  exit 1
}

START=$SECONDS
while true; do
  is_kafka_pid "$PID" || fail "the broker process (pid $PID) exited during startup"
  if port_open "$PORT" && kafka_ready "$PORT"; then break; fi
  (( SECONDS - START >= TIMEOUT )) && fail "broker not ready after ${TIMEOUT}s"
  sleep 0.5
done
log "Kafka $(basename "$(dirname "$LIBS")") ready on 127.0.0.1:$PORT after $((SECONDS - START))s (pid $PID, data $DATA, log $LOG)"
echo "127.0.0.1:$PORT"
