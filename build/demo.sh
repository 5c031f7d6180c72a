#!/usr/bin/env bash
# The demonstration (run through ./build.sh demo, which builds first): starts the population-DB
# simulator and the gateway on loopback, takes a scripted tour of the API, then stops both.
# Options: --size N (citizens, default 1000000), --keep (leave the services running until Ctrl+C).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size=1000000; keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "demo: unknown option '$1' (use --size N, --keep)" >&2; exit 2 ;;
  esac
done

need=(); for t in curl jq; do command -v "$t" >/dev/null || need+=("$t"); done
if [[ ${#need[@]} -gt 0 ]]; then
  echo "demo: installing ${need[*]} with apt-get"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
fi

sim_port=5301; gw_port=5300
admin_key="demo-$RANDOM$RANDOM"
logs="$root/.artifacts/demo"; mkdir -p "$logs"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

start() { # name dll args...
  local name="$1" dll="$2"; shift 2
  # Run from the output folder: it is the content root, where appsettings.json is.
  (cd "$(dirname "$dll")" && exec dotnet exec "$dll" "$@") >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
wait_ready() { # url name
  for _ in $(seq 1 600); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "demo: $2 did not become ready; see $logs/$2.log" >&2; exit 1
}

bin=bin/Release/net10.0
echo "== Starting the population-DB simulator ($size citizens) on 127.0.0.1:$sim_port and the gateway on 127.0.0.1:$gw_port"
start popdb "$root/simulators/DeAn06.PopulationDb/$bin/DeAn06.PopulationDb.dll" \
  --urls "http://127.0.0.1:$sim_port" --Population:Size="$size" --Admin:Key="$admin_key"
start gateway "$root/src/DeAn06.Gateway/$bin/DeAn06.Gateway.dll" --urls "http://127.0.0.1:$gw_port"
t0=$(date +%s.%N)
wait_ready "http://127.0.0.1:$sim_port/health/ready" popdb
wait_ready "http://127.0.0.1:$gw_port/health/ready" gateway
printf '   ready in %.1f s: ' "$(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo 0)"
curl -s "http://127.0.0.1:$sim_port/health/ready"; echo

sim="http://127.0.0.1:$sim_port/api/v1"
post() { curl -s -X POST "$1" -H 'content-type: application/json' -d "$2"; }
step() { echo; echo "== $*"; }

step "1. Search by demographics (a record with no ID): TimKiemCongDan, name without diacritics"
search=$(post "$sim/TimKiemCongDan" '{"HoVaTen":"NGUYEN VAN HUNG","NamSinh":"1985","MaTinh":"01"}')
echo "$search" | jq -c '{TongSo, UngVien: .UngVien[:3]}'
id=$(echo "$search" | jq -r '.UngVien[0].SoDinhDanh')

step "2. Look up that citizen by ID: TraCuuThongTinCongDan"
record=$(post "$sim/TraCuuThongTinCongDan" "{\"SoDinhDanh\":\"$id\"}")
echo "$record" | jq '{SoDinhDanh, SoCMND, HoVaTen, GioiTinh, NgayThangNamSinh, ThuongTru, ChuHo}'
name=$(echo "$record" | jq -r '.HoVaTen | [.Ho, .ChuDem, .Ten] | map(select(. != "")) | join(" ")')
born=$(echo "$record" | jq -r '.NgayThangNamSinh.NgayThangNam // .NgayThangNamSinh.Nam')
cmnd=$(echo "$record" | jq -r '.SoCMND // empty')

if [[ -n "$cmnd" ]]; then
  step "3. The same citizen by the old 9-digit CMND"
  post "$sim/TraCuuThongTinCongDan" "{\"SoCMND\":\"$cmnd\"}" | jq -c '{SoDinhDanh, SoCMND}'
fi

step "4. Verify fields without receiving the record: XacThucThongTinCongDan (one wrong birth date)"
post "$sim/XacThucThongTinCongDan" "{\"SoDinhDanh\":\"$id\",\"HoVaTen\":\"$name\",\"NgayThangNamSinh\":\"19000101\",\"GioiTinh\":\"1\"}" | jq -c .

step "5. Bulk look-up (up to 1,000 numbers a call): found / not found per number, in order"
ids=$(echo "$search" | jq -c '[.UngVien[].SoDinhDanh] + ["096199999999"]')
post "$sim/TraCuuThongTinCongDan/bulk" "{\"SoDinhDanh\":$ids}" | jq -c '[.KetQua[] | {SoDinhDanh, TimThay}]'

step "6. Through the gateway (YARP): /ndxp/v1/dancu/* is forwarded to the population DB"
curl -s -i -X POST "http://127.0.0.1:$gw_port/ndxp/v1/dancu/TraCuuThongTinCongDan" -H 'content-type: application/json' \
  -H 'X-Request-Id: demo-0001' -d "{\"SoDinhDanh\":\"$id\"}" | grep -iE '^(HTTP|x-request-id|server-timing)|SoDinhDanh' | cut -c1-120

step "7. Bad input gets problem+json with a stable code"
post "$sim/TraCuuThongTinCongDan" '{"SoDinhDanh":"00608520069"}' | jq -c '{status, code, detail}'

step "8. Fault injection at run time (loopback + admin key): a maintenance window"
curl -s -X PUT "http://127.0.0.1:$sim_port/admin/faults" -H "X-Admin-Key: $admin_key" -H 'content-type: application/json' \
  -d '{"MaintenanceForSeconds":30,"MaintenanceRetryAfterSeconds":30}' | jq -c .
curl -s -i -X POST "$sim/TraCuuThongTinCongDan" -H 'content-type: application/json' -d "{\"SoDinhDanh\":\"$id\"}" | grep -iE '^(HTTP|retry-after)'
curl -s -X PUT "http://127.0.0.1:$sim_port/admin/faults" -H "X-Admin-Key: $admin_key" -H 'content-type: application/json' -d '{}' >/dev/null
echo "   (maintenance cleared)"

echo
echo "Demo complete: $name ($born) was found, looked up, verified and proxied. Logs: $logs"
if [[ $keep -eq 1 ]]; then
  echo "Services keep running (simulator http://127.0.0.1:$sim_port, gateway http://127.0.0.1:$gw_port); Ctrl+C stops them."
  wait
fi
