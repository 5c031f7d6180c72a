#!/usr/bin/env bash
# Installs Debian's PostgreSQL server (the `postgresql` package: initdb, pg_ctl and postgres under
# /usr/lib/postgresql/<version>/bin) with apt-get when it is missing. The verification service's
# PostgreSQL tests start their own throwaway cluster from these binaries (tests/DeAn06.Testing/
# PostgreSqlServer.cs), as the unprivileged `postgres` user the package creates. Idempotent.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
echo "install-postgresql: installing postgresql with apt-get (for the verification service's PostgreSQL tests)"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-postgresql: PostgreSQL is missing and installing it needs root: sudo apt-get install postgresql" >&2
  exit 1
fi
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null \
  || { echo "install-postgresql: could not install postgresql; the PostgreSQL tests need /usr/lib/postgresql/<version>/bin" >&2; exit 1; }
