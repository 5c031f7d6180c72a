#!/usr/bin/env bash
# One entry point for every developer and CI task. See README.md.
#   ./build.sh demo   start the stack on the embedded default and run the demonstration
#   ./build.sh test   prepare, build and run the whole test suite (what .ci/run runs)
#   ./build.sh bench  run the benchmarks recorded in docs/benchmarks.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

prepare() {
  command -v dotnet >/dev/null || { echo "build.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
  bash build/prepare-feed.sh
  dotnet restore DeAn06.Gateway.sln --nologo -v q
}

case "${1:-}" in
  demo)
    shift
    prepare
    dotnet build DeAn06.Gateway.sln -c Release --nologo -v q --no-restore
    exec bash build/demo.sh "$@"
    ;;
  test)
    shift
    prepare
    dotnet build DeAn06.Gateway.sln -c Release --nologo -v q --no-restore
    exec bash build/test.sh "$@"
    ;;
  bench)
    shift
    prepare
    dotnet build DeAn06.Gateway.sln -c Release --nologo -v q --no-restore
    exec dotnet run -c Release --no-build --project loadtests/DeAn06.Benchmarks -- "$@"
    ;;
  *)
    echo "usage: ./build.sh demo|test|bench" >&2
    exit 2
    ;;
esac
