#!/usr/bin/env bash
# Stop the Prometheus and/or Alertmanager started by start-prometheus.sh /
# start-alertmanager.sh (by their pid files; nothing else is touched) and delete their
# throwaway data dirs.
#
#   stop.sh [--run-dir DIR] [--keep-data] [prometheus|alertmanager]...
#
# With no name, stops both. Exits 0 when nothing was running.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

keep_data=0
names=()
while (($#)); do
  case "$1" in
    --run-dir) RUN_DIR=$2; shift 2 ;;
    --keep-data) keep_data=1; shift ;;
    prometheus | alertmanager) names+=("$1"); shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
((${#names[@]})) || names=(prometheus alertmanager)
[[ -d "$RUN_DIR" ]] || { log "nothing to stop: no $RUN_DIR"; exit 0; }

for name in "${names[@]}"; do
  stop_daemon "$name" || log "$name was not running"
  if ((!keep_data)) && [[ -s "$RUN_DIR/$name.data" ]]; then
    rm -rf "$(cat "$RUN_DIR/$name.data")"
    rm -f "$RUN_DIR/$name.data"
  fi
done
