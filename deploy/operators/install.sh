#!/usr/bin/env bash
# Install the operator tools tocsin is checked against: Prometheus (+ promtool),
# Alertmanager (+ amtool), Chromium (console/Grafana screenshots) and docker-compose
# (to validate docker-compose.yml). Debian packages only; idempotent.
#
#   deploy/operators/install.sh           install what is missing, print versions
#   deploy/operators/install.sh --check   install nothing, print versions, exit 1 if any is missing
#
# The Debian packages ship init scripts that would start daemons on the default ports
# (Prometheus 9090, Alertmanager 9093/9094). Those would collide with nothing of ours
# (our scripts use 9490/9493) but a stray daemon is never wanted: while installing we put a
# policy-rc.d in place that forbids starting services, and afterwards stop any of those
# daemons that is running anyway.
set -euo pipefail

PACKAGES=(prometheus prometheus-alertmanager chromium docker-compose)
check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

log() { printf '[install] %s\n' "$*" >&2; }

installed() {
  dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]})) && ((check_only)); then
  log "missing packages: ${missing[*]}"
  exit 1
fi

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
  else
    SUDO=
  fi
  start=$(date +%s)
  policy=/usr/sbin/policy-rc.d
  placed_policy=0
  if [[ ! -e $policy ]]; then
    # Exit code 101 = "action forbidden": invoke-rc.d and deb-systemd-invoke skip the start.
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    placed_policy=1
  fi
  cleanup_policy() { ((placed_policy)) && $SUDO rm -f "$policy"; true; }
  trap cleanup_policy EXIT

  log "installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  cleanup_policy
  trap - EXIT
  log "installed in $(( $(date +%s) - start ))s"
else
  log "all packages already installed: ${PACKAGES[*]}"
fi

# Belt and braces: if an init system did start the packaged daemons, stop them through
# their own service scripts (never by process name).
if ((!check_only)); then
  for svc in prometheus prometheus-alertmanager; do
    if [[ -x /etc/init.d/$svc ]] && /etc/init.d/$svc status >/dev/null 2>&1; then
      log "stopping packaged $svc daemon started by the install"
      /etc/init.d/$svc stop >/dev/null 2>&1 || true
    fi
  done
fi

# Binary names differ between Debian (prometheus-alertmanager) and upstream (alertmanager).
first_of() {
  local b
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
# stdout only: Debian's chromium wrapper prints a harmless shell warning on stderr.
version_of() { "$@" 2>/dev/null | head -n 1; }

status=0
report() {
  local name=$1; shift
  local path
  if path=$(first_of "$@"); then
    printf '%-14s %-36s %s\n' "$name" "$path" "$(version_of "$path" --version)"
  else
    printf '%-14s %-36s %s\n' "$name" "-" "NOT FOUND (looked for: $*)"
    status=1
  fi
}
report prometheus prometheus
report promtool promtool
report alertmanager prometheus-alertmanager alertmanager
report amtool amtool
report chromium chromium chromium-browser
report docker-compose docker-compose
exit $status
