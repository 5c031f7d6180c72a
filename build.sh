#!/usr/bin/env bash
# One entry point for every developer and CI task. See README.md.
#   ./build.sh demo        dean06 demo: start the stack on the embedded default, run the Bắc Kạn report through the gateway
#   ./build.sh dean06 ...  any dean06 command (up [--cluster], scenario list|run, verify, report, evaluate, keys, audit)
#   ./build.sh tour        a scripted tour of the HTTP APIs with curl and openssl (build/demo.sh)
#   ./build.sh test        prepare, build and run the whole test suite (what .ci/run runs)
#   ./build.sh bench       run the benchmarks recorded in docs/benchmarks.md
#   ./build.sh load [quick|full|throughput|latency|allocations|cluster]  load and fault runs with wrk and hey (loadtests/DeAn06.LoadTests)
#   ./build.sh contracts   regenerate contracts/*.openapi.json from the documents the services and the gateway serve (/openapi/v1.json)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

prepare() {
  command -v dotnet >/dev/null || { echo "build.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
  dotnet restore DeAn06.Gateway.sln --nologo -v q
}

build() { dotnet build DeAn06.Gateway.sln -c Release --nologo -v q --no-restore; }
dean06=src/DeAn06.Cli/bin/Release/net10.0/dean06.dll

case "${1:-}" in
  demo)
    shift
    prepare && build
    exec dotnet "$dean06" demo "$@"
    ;;
  dean06)
    shift
    # Build only when needed, so repeated commands start at once.
    [[ -f "$dean06" ]] || { prepare && build; }
    # dean06 up --cluster starts Debian's PostgreSQL, Redis and HAProxy: installed with apt-get when missing.
    if [[ " $* " == *" --cluster "* ]]; then bash build/install-cluster.sh; fi
    exec dotnet "$dean06" "$@"
    ;;
  tour)
    shift
    prepare && build
    exec bash build/demo.sh "$@"
    ;;
  test)
    shift
    prepare && build
    exec bash build/test.sh "$@"
    ;;
  bench)
    shift
    prepare && build
    exec dotnet run -c Release --no-build --project loadtests/DeAn06.Benchmarks -- "$@"
    ;;
  load)
    shift
    prepare && build
    # The cluster run starts PostgreSQL, Redis and HAProxy from Debian's packages.
    if [[ "${1:-}" == cluster ]]; then bash build/install-cluster.sh; fi
    exec dotnet loadtests/DeAn06.LoadTests/bin/Release/net10.0/DeAn06.LoadTests.dll "$@"
    ;;
  contracts)
    shift
    # The contract-drift tests compare each service's generated document with the committed file;
    # with DEAN06_UPDATE_CONTRACTS=1 they write the generated document instead.
    prepare
    # The gateway last: its document relays the other two contracts (embedded in the gateway at build).
    for project in tests/DeAn06.Verification.Tests tests/DeAn06.PopulationDb.Tests tests/DeAn06.Gateway.Tests; do
      dotnet build "$project" -c Release --nologo -v q --no-restore
      DEAN06_UPDATE_CONTRACTS=1 dotnet test "$project" -c Release --no-build --nologo --filter "FullyQualifiedName~ContractTests.OpenApi_CommittedContractEqualsTheServedDocument"
    done
    git --no-pager diff --stat -- contracts/
    ;;
  *)
    echo "usage: ./build.sh demo|dean06 ARGS|tour|test|bench|load [quick|full|throughput|latency|allocations|cluster]|contracts" >&2
    exit 2
    ;;
esac
