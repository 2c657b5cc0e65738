#!/usr/bin/env bash
# Stop the broker started by deploy/kafka/start.sh.
#
#   deploy/kafka/stop.sh [--port 9092] [--data DIR] [--timeout 30] [--kill] [--wipe]
#
#   --port     client port the broker was started with
#   --data     data dir (default: the one start.sh recorded for this port,
#              else deploy/kafka/data/broker-PORT); only used by --wipe
#   --timeout  seconds to wait after SIGTERM (controlled shutdown) before SIGKILL (default 30)
#   --kill     SIGKILL at once (simulates a crash; the data dir stays usable)
#   --wipe     delete the data dir afterwards (topics, offsets, cluster id, log)
#
# Exits 0 when no broker is running on the port.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT=9092
DATA=""
TIMEOUT=30
KILL=0
WIPE=0

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --data) DATA="$2"; shift 2 ;;
    --data=*) DATA="${1#*=}"; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    --kill) KILL=1; shift ;;
    --wipe) WIPE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "stop.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "stop.sh: bad --port '$PORT'" >&2; exit 2; }
RUN_DIR="${TOCSIN_KAFKA_RUN_DIR:-$HERE/data/run}"
log() { echo "stop.sh: $*" >&2; }

is_kafka_pid() {
  [[ -n "${1:-}" && -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'kafka\.Kafka'
}

if [[ -z "$DATA" && -f "$RUN_DIR/$PORT.data" ]]; then DATA="$(cat "$RUN_DIR/$PORT.data")"; fi
DATA="${DATA:-$HERE/data/broker-$PORT}"

PID=""
if [[ -f "$RUN_DIR/$PORT.pid" ]]; then PID="$(cat "$RUN_DIR/$PORT.pid" 2>/dev/null || true)"; fi
if ! is_kafka_pid "$PID" && [[ -f "$DATA/kafka.pid" ]]; then PID="$(cat "$DATA/kafka.pid" 2>/dev/null || true)"; fi
if ! is_kafka_pid "$PID" && command -v ss >/dev/null 2>&1; then
  # no usable pid record: whoever listens on the port, if it is a Kafka JVM of ours
  PID="$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)"
fi

if is_kafka_pid "$PID"; then
  if [[ $KILL == 1 ]]; then
    log "killing Kafka broker pid $PID (port $PORT) with SIGKILL"
    kill -KILL "$PID" 2>/dev/null || true
  else
    log "stopping Kafka broker pid $PID (port $PORT)"
    kill -TERM "$PID" 2>/dev/null || true
    START=$SECONDS
    while is_kafka_pid "$PID" && (( SECONDS - START < TIMEOUT )); do sleep 0.2; done
    if is_kafka_pid "$PID"; then
      log "still running after ${TIMEOUT}s; sending SIGKILL"
      kill -KILL "$PID" 2>/dev/null || true
    fi
  fi
  for _ in $(seq 1 50); do is_kafka_pid "$PID" || break; sleep 0.1; done
  if is_kafka_pid "$PID"; then log "pid $PID did not exit"; exit 1; fi
  # the listening socket is released with the process; wait until the port is free
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break; sleep 0.1; done
  log "stopped"
else
  log "no Kafka broker of ours is running on port $PORT"
fi
rm -f "$RUN_DIR/$PORT.pid" "$DATA/kafka.pid"

if [[ $WIPE == 1 ]]; then
  if [[ -d "$DATA" ]]; then
    # refuse to delete anything that does not look like a start.sh data dir
    if [[ -f "$DATA/server.properties" || -d "$DATA/kraft-logs" || -f "$DATA/cluster.id" ]]; then
      rm -rf -- "$DATA"
      log "wiped $DATA"
    else
      log "refusing to wipe $DATA: not a start.sh data dir"
      exit 1
    fi
  fi
  rm -f "$RUN_DIR/$PORT.data"
fi
exit 0
