#!/usr/bin/env bash
# Installs what `dean06 up --cluster` and its tests start as processes, with apt-get when missing:
# Debian's PostgreSQL (build/install-postgresql.sh), redis-server and haproxy. Only the binaries are
# used: the cluster starts its own instances in its data folder, on loopback. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/install-postgresql.sh"
missing=()
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
[[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "install-cluster: installing ${missing[*]} with apt-get (for dean06 up --cluster and its tests)"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-cluster: ${missing[*]} missing and installing needs root: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null \
  || { echo "install-cluster: could not install ${missing[*]}" >&2; exit 1; }
# Debian's packages start their own services where an init system runs; the cluster needs only the binaries.
if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
  systemctl disable --now redis-server haproxy >/dev/null 2>&1 || true
fi
