#!/usr/bin/env bash
# Start Alertmanager on loopback for tocsin, with a throwaway data dir, and wait until ready.
#
#   start-alertmanager.sh [--listen 127.0.0.1:9493] [--config FILE] [--webhook-url URL]
#                         [--run-dir DIR] [--timeout SECONDS]
#
# --config defaults to deploy/alertmanager/alertmanager.yml. --webhook-url replaces the
# placeholder receiver URL (http://127.0.0.1:9499/alertmanager/webhook) in a copy of the
# config written to the run dir, e.g. to point it at a test's webhook sink.
# Clustering is switched off (--cluster.listen-address=""): otherwise Alertmanager also
# binds the gossip port 0.0.0.0:9094, on every interface, whatever --listen says.
#
# Environment defaults: TOCSIN_ALERTMANAGER_LISTEN, TOCSIN_ALERTMANAGER_CONFIG,
# TOCSIN_ALERTMANAGER_WEBHOOK_URL, TOCSIN_OPERATORS_RUN_DIR (default /tmp/tocsin-operators),
# TOCSIN_OPERATORS_TIMEOUT, ALERTMANAGER_BIN.
#
# On success prints shell assignments on stdout (ALERTMANAGER_URL=..., ALERTMANAGER_PID=...,
# ALERTMANAGER_LOG=..., ALERTMANAGER_CONFIG=...); progress goes to stderr. If this run dir
# already has an Alertmanager running, that one is stopped first. Stop with stop.sh.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

PLACEHOLDER_WEBHOOK="http://127.0.0.1:9499/alertmanager/webhook"
listen="${TOCSIN_ALERTMANAGER_LISTEN:-127.0.0.1:9493}"
config="${TOCSIN_ALERTMANAGER_CONFIG:-$REPO_DIR/deploy/alertmanager/alertmanager.yml}"
webhook="${TOCSIN_ALERTMANAGER_WEBHOOK_URL:-}"

while (($#)); do
  case "$1" in
    --listen) listen=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --webhook-url) webhook=$2; shift 2 ;;
    --run-dir) RUN_DIR=$2; shift 2 ;;
    --timeout) READY_TIMEOUT=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

# Debian names the binary prometheus-alertmanager; upstream tarballs and images alertmanager.
bin="${ALERTMANAGER_BIN:-$(first_bin prometheus-alertmanager alertmanager)}" ||
  die "alertmanager not found: run deploy/operators/install.sh"
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"

split_addr "$listen"
url="http://$ADDR_HOST:$ADDR_PORT"

[[ -f "$config" ]] || die "config file not found: $config"
config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
if [[ -n "$webhook" ]]; then
  grep -qF "$PLACEHOLDER_WEBHOOK" "$config" ||
    die "--webhook-url given but $config has no $PLACEHOLDER_WEBHOOK to replace"
  sed "s|$PLACEHOLDER_WEBHOOK|$webhook|g" "$config" >"$RUN_DIR/alertmanager.yml"
  config="$RUN_DIR/alertmanager.yml"
fi
if command -v amtool >/dev/null 2>&1; then
  amtool check-config "$config" >"$RUN_DIR/amtool.out" 2>&1 ||
    { cat "$RUN_DIR/amtool.out" >&2; die "invalid Alertmanager config: $config"; }
fi

# Everything checked: replace this run dir's previous instance, if any.
replace_previous alertmanager "$listen"

data="$(mktemp -d "$RUN_DIR/alertmanager-data.XXXXXX")"
echo "$data" >"$RUN_DIR/alertmanager.data"

launch alertmanager "$bin" \
  --config.file="$config" \
  --storage.path="$data" \
  --web.listen-address="$listen" \
  --web.external-url="$url" \
  --cluster.listen-address=
pid=$LAUNCHED_PID

wait_ready alertmanager "$pid" "$url/-/ready" || die "Alertmanager did not become ready"
log "Alertmanager $url ready (pid $pid, config $config, log $RUN_DIR/alertmanager.log)"
printf 'ALERTMANAGER_URL=%s\nALERTMANAGER_PID=%s\nALERTMANAGER_LOG=%s\nALERTMANAGER_CONFIG=%s\n' \
  "$url" "$pid" "$RUN_DIR/alertmanager.log" "$config"
