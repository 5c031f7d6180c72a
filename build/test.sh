#!/usr/bin/env bash
# Runs every test project (already built in Release by build.sh) and prints one closing line,
# "N passed, N failed, N skipped", summed over the projects from their TRX results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The operators' view is tested in a real browser: Debian's Chromium, driven by Playwright
# (which cannot download its own browser here). Installed once, like any other apt package.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "test.sh: installing chromium with apt-get (for the operators' view tests)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
    || { echo "test.sh: could not install chromium; the operators' view tests need /usr/bin/chromium" >&2; exit 1; }
fi

# The verification service's PostgreSQL store is tested against a real PostgreSQL (Debian's package),
# which the tests start themselves from its binaries.
bash build/install-postgresql.sh || exit 1
# The cluster tests (dean06 up --cluster) also start Debian's redis-server and haproxy.
bash build/install-cluster.sh || exit 1

status=0
dotnet test DeAn06.Gateway.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

python3 - "$results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 or not files else 0)
PY
# The micro-benchmarks once each (BenchmarkDotNet's dry job, about 20 s): they still set up and give
# a right answer (the CMS ones throw on a refused signature); no figure is kept from this run.
if [[ -z "${DEAN06_SKIP_BENCH:-}" ]]; then
  if dotnet loadtests/DeAn06.Benchmarks/bin/Release/net10.0/DeAn06.Benchmarks.dll micro --job dry > "$root/.artifacts/bench-smoke.log" 2>&1; then
    echo "benchmarks (dry run): each ran; log in .artifacts/bench-smoke.log"
  else
    echo "benchmarks (dry run): FAILED; see .artifacts/bench-smoke.log" >&2
    tail -20 "$root/.artifacts/bench-smoke.log" >&2
    status=1
  fi
fi
# The quick load profile (about half a minute): wrk and hey against the real stack, asserting
# correctness only (no failures but the expected 429s and upstream-unavailable answers), never speed.
if [[ -z "${DEAN06_SKIP_LOAD:-}" ]]; then
  if dotnet loadtests/DeAn06.LoadTests/bin/Release/net10.0/DeAn06.LoadTests.dll quick --out "$root/.artifacts/load" > "$root/.artifacts/load.log" 2>&1; then
    echo "load (quick profile): correct; report in .artifacts/load/"
  else
    echo "load (quick profile): FAILED; see .artifacts/load.log" >&2
    tail -20 "$root/.artifacts/load.log" >&2
    status=1
  fi
fi

exit $status
