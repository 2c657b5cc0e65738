# Shared helpers for the operator scripts (sourced, not run).
# shellcheck shell=bash disable=SC2034  # REPO_DIR, LAUNCHED_PID, ... are for the callers

OPERATORS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$OPERATORS_DIR/../.." && pwd)"
# pid files, logs, generated configs and data dirs of the daemons started by these scripts
RUN_DIR="${TOCSIN_OPERATORS_RUN_DIR:-${TMPDIR:-/tmp}/tocsin-operators}"
READY_TIMEOUT="${TOCSIN_OPERATORS_TIMEOUT:-30}"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# first_bin NAME...: path of the first of these binaries on PATH
first_bin() {
  local b
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}

# split_addr HOST:PORT -> sets ADDR_HOST (a connectable host) and ADDR_PORT
split_addr() {
  ADDR_PORT="${1##*:}"
  ADDR_HOST="${1%:*}"
  [[ "$ADDR_PORT" =~ ^[0-9]+$ ]] || die "not a HOST:PORT address: $1"
  case "$ADDR_HOST" in
    "" | 0.0.0.0 | "[::]") ADDR_HOST=127.0.0.1 ;;
  esac
}

# port_busy HOST PORT: true when something accepts connections there
port_busy() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# pid_alive PIDFILE: true when the pid file names a running process
pid_alive() {
  [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# stop_daemon NAME: stop the daemon whose pid file is $RUN_DIR/NAME.pid (ours only)
stop_daemon() {
  local name=$1 pidfile="$RUN_DIR/$1.pid" pid i
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile" "$RUN_DIR/$name.listen"
    return 1
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) did not stop on TERM within 10s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$RUN_DIR/$name.listen"
  log "stopped $name (pid $pid)"
}

# wait_ready NAME PID URL: wait until URL answers 200 while PID lives
wait_ready() {
  local name=$1 pid=$2 url=$3 deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before it was ready; last lines of its log:"
      tail -n 20 "$RUN_DIR/$name.log" >&2 || true
      rm -f "$RUN_DIR/$name.pid"
      return 1
    fi
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  log "$name not ready at $url after ${READY_TIMEOUT}s; last lines of its log:"
  tail -n 20 "$RUN_DIR/$name.log" >&2 || true
  return 1
}

# launch NAME CMD...: start CMD detached (own session: a Ctrl-C or a killed parent job
# does not take it down), log to $RUN_DIR/NAME.log, pid to $RUN_DIR/NAME.pid
launch() {
  local name=$1
  shift
  # setsid does not fork here (a background child is never a group leader), so $! is the
  # daemon's own pid.
  setsid "$@" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  LAUNCHED_PID=$!
}

# replace_previous NAME LISTEN: make LISTEN free for a new NAME daemon. Stops this run dir's
# previous NAME (it may hold that very port) but only once it is clear that no other
# process holds LISTEN, so a failed start never leaves the caller with nothing running.
replace_previous() {
  local name=$1 listen=$2 prev_listen=""
  split_addr "$listen"
  if pid_alive "$RUN_DIR/$name.pid"; then prev_listen=$(cat "$RUN_DIR/$name.listen" 2>/dev/null || true); fi
  if [[ "$prev_listen" != "$listen" ]] && port_busy "$ADDR_HOST" "$ADDR_PORT"; then
    die "$listen is already in use by another process"
  fi
  if stop_daemon "$name" 2>/dev/null; then log "restarting: stopped the previous $name of $RUN_DIR"; fi
  if [[ -s "$RUN_DIR/$name.data" ]]; then rm -rf "$(cat "$RUN_DIR/$name.data")"; fi
  rm -f "$RUN_DIR/$name.data"
  port_busy "$ADDR_HOST" "$ADDR_PORT" && die "$listen is still in use after stopping the previous $name"
  echo "$listen" >"$RUN_DIR/$name.listen"
}
