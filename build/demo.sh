#!/usr/bin/env bash
# The demonstration (run through ./build.sh demo, which builds first): starts the population-DB
# simulator, the gateway and the verification service on loopback, takes a scripted tour of their
# APIs (look-ups, verification, a batch job, the statistics report), then stops them.
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

need=(); for t in curl jq openssl python3; do command -v "$t" >/dev/null || need+=("$t"); done
if [[ ${#need[@]} -gt 0 ]]; then
  echo "demo: installing ${need[*]} with apt-get"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
fi

sim_port=5301; gw_port=5300; ver_port=5302
admin_key="demo-$RANDOM$RANDOM"
gateway_secret="demo-gateway-secret-$RANDOM$RANDOM"
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
# Development CA and certificates for this run (the gateway's own tool), for CMS signatures.
rm -rf "$logs/certs"
dotnet exec "$root/src/DeAn06.Gateway/$bin/DeAn06.Gateway.dll" keys init "$logs/certs" BHXH OPS >/dev/null
# Consumers of the gateway: client secrets made up for this run, stored only as PBKDF2 hashes.
declare -A secret=([BHXH]="bhxh-$RANDOM$RANDOM" [OPS]="ops-$RANDOM$RANDOM")
hash() { python3 -c 'import base64,hashlib,os,sys; s=os.urandom(16); h=hashlib.pbkdf2_hmac("sha256", sys.argv[1].encode(), s, 100000, 32); print("pbkdf2-sha256$100000$"+base64.b64encode(s).decode()+"$"+base64.b64encode(h).decode())' "$1"; }
start gateway "$root/src/DeAn06.Gateway/$bin/DeAn06.Gateway.dll" --urls "http://127.0.0.1:$gw_port" \
  --Gateway:UpstreamSecret="$gateway_secret" --Tokens:KeysPath="$logs/gateway-keys" --MessageLog:SqlitePath="$logs/message-log.db" --MessageLog:SealInterval=00:00:01 \
  --Signatures:CaCertificatePath="$logs/certs/ca.pem" --Signatures:GatewayCertificatePath="$logs/certs/gateway.pem" --Signatures:GatewayKeyPath="$logs/certs/gateway.key.pem" \
  --Consumers:Clients:BHXH:CertificatePath="$logs/certs/BHXH.pem" --Consumers:Clients:OPS:CertificatePath="$logs/certs/OPS.pem" \
  --ReverseProxy:Clusters:verification:Destinations:primary:Address="http://127.0.0.1:$ver_port/" \
  --ReverseProxy:Clusters:population-db:Destinations:primary:Address="http://127.0.0.1:$sim_port/" \
  --Consumers:Clients:BHXH:SecretHash="$(hash "${secret[BHXH]}")" --Consumers:Clients:BHXH:Province=01 \
  --Consumers:Clients:BHXH:Services:0=verify --Consumers:Clients:BHXH:Services:1=batch \
  --Consumers:Clients:OPS:SecretHash="$(hash "${secret[OPS]}")" \
  --Consumers:Clients:OPS:Services:0=statistics --Consumers:Clients:OPS:Services:1=population-db
rm -rf "$logs/verification-data" "$logs/message-log.db"*
start verification "$root/src/DeAn06.Verification/$bin/DeAn06.Verification.dll" --urls "http://127.0.0.1:$ver_port" \
  --Upstream:BaseAddress="http://127.0.0.1:$sim_port/" --Callers:GatewaySecret="$gateway_secret" --Storage:SqlitePath="$logs/verification-data/verification.db"
t0=$(date +%s.%N)
wait_ready "http://127.0.0.1:$sim_port/health/ready" popdb
wait_ready "http://127.0.0.1:$gw_port/health/ready" gateway
wait_ready "http://127.0.0.1:$ver_port/health/ready" verification
printf '   ready in %.1f s: ' "$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$(date +%s.%N)")"
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

gw="http://127.0.0.1:$gw_port"
token() { curl -s -X POST "$gw/connect/token" -d grant_type=client_credentials -d client_id="$1" --data-urlencode client_secret="${secret[$1]}" | jq -r .access_token; }
ops_token=$(token OPS); bhxh_token=$(token BHXH)
# Every body sent to the gateway is signed (CMS, detached, over the exact bytes) with the client's certificate.
sign() { openssl cms -sign -binary -in "$2" -signer "$logs/certs/$1.pem" -inkey "$logs/certs/$1.key.pem" -outform DER | base64 -w0; }
body() { local f; f=$(mktemp "$logs/body.XXXXXX"); printf '%s' "$1" > "$f"; echo "$f"; }

step "6. Through the gateway (YARP) with an operator's token: /ndxp/v1/dancu/* reaches the population DB"
curl -s -o /dev/null -w '   without a token: HTTP %{http_code}\n' -X POST "$gw/ndxp/v1/dancu/TraCuuThongTinCongDan" -H 'content-type: application/json' -d '{}'
lookup=$(body "{\"SoDinhDanh\":\"$id\"}")
curl -s -i -X POST "$gw/ndxp/v1/dancu/TraCuuThongTinCongDan" -H "Authorization: Bearer $ops_token" -H 'content-type: application/json' \
  -H 'X-Request-Id: demo-0001' -H "X-DeAn06-Signature: $(sign OPS "$lookup")" --data-binary @"$lookup" | grep -iE '^(HTTP|x-request-id|server-timing)|SoDinhDanh' | cut -c1-120
curl -s -o /dev/null -w '   the same body unsigned: HTTP %{http_code}\n' -X POST "$gw/ndxp/v1/dancu/TraCuuThongTinCongDan" -H "Authorization: Bearer $ops_token" \
  -H 'content-type: application/json' --data-binary @"$lookup"

step "7. Bad input gets problem+json with a stable code"
post "$sim/TraCuuThongTinCongDan" '{"SoDinhDanh":"00608520069"}' | jq -c '{status, code, detail}'

step "8. Fault injection at run time (loopback + admin key): a maintenance window"
curl -s -X PUT "http://127.0.0.1:$sim_port/admin/faults" -H "X-Admin-Key: $admin_key" -H 'content-type: application/json' \
  -d '{"MaintenanceForSeconds":30,"MaintenanceRetryAfterSeconds":30}' | jq -c .
curl -s -i -X POST "$sim/TraCuuThongTinCongDan" -H 'content-type: application/json' -d "{\"SoDinhDanh\":\"$id\"}" | grep -iE '^(HTTP|retry-after)'
curl -s -X PUT "http://127.0.0.1:$sim_port/admin/faults" -H "X-Admin-Key: $admin_key" -H 'content-type: application/json' -d '{}' >/dev/null
echo "   (maintenance cleared)"

ver="$gw/api/v1"
as_bhxh=(-H "Authorization: Bearer $bhxh_token")
as_ops=(-H "Authorization: Bearer $ops_token")
dmy=$(echo "$born" | sed -E 's/^([0-9]{4})([0-9]{2})([0-9]{2})$/\3\/\2\/\1/')
upper=$(echo "$name" | tr '[:lower:]' '[:upper:]')

step "9. Real-time verification through the gateway with BHXH's token (tolerant policy)"
records=$(body "{\"Records\":[
  {\"SoDinhDanh\":\"$id\",\"HoVaTen\":\"$name\",\"NgayThangNamSinh\":\"$dmy\",\"GioiTinh\":\"Nam\",\"MaHoSo\":\"as on record\"},
  {\"SoDinhDanh\":\"$id\",\"HoVaTen\":\"NGUYEN VAN HUNG\",\"NgayThangNamSinh\":\"${born:0:4}\",\"GioiTinh\":\"1\",\"MaHoSo\":\"legacy system\"},
  {\"SoDinhDanh\":\"$id\",\"HoVaTen\":\"$name\",\"NgayThangNamSinh\":\"28/02/${born:0:4}\",\"GioiTinh\":\"Nam\",\"MaHoSo\":\"wrong birth date\"},
  {\"SoDinhDanh\":\"\",\"HoVaTen\":\"$name\",\"NgayThangNamSinh\":\"$dmy\",\"GioiTinh\":\"Nam\",\"MaHoSo\":\"no ID\"}]}")
curl -s -D "$logs/verify.headers" -o "$logs/verify.json" -X POST "$ver/verify/many" "${as_bhxh[@]}" -H 'content-type: application/json' \
  -H "X-DeAn06-Signature: $(sign BHXH "$records")" --data-binary @"$records"
tr -d '\r' < "$logs/verify.headers" | sed -n 's/^X-DeAn06-Signature: //Ip' | base64 -d > "$logs/verify.sig"
openssl cms -verify -binary -inform DER -in "$logs/verify.sig" -content "$logs/verify.json" -CAfile "$logs/certs/ca.pem" -purpose any -out /dev/null 2>&1 \
  | sed 's/^/   the answer carries the gateway'"'"'s signature; openssl: /'
cat "$logs/verify.json" \
  | jq -c '.results[] | {maHoSo, verdict, maskedId, differing, candidates}'

step "10. A batch job: a small BHXH file (CSV), progress, results and the Vietnamese summary"
csv="$logs/bhxh-demo.csv"
{
  echo "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh"
  n=0
  for cid in $(echo "$search" | jq -r '.UngVien[].SoDinhDanh') $(post "$sim/TimKiemCongDan" '{"HoVaTen":"Nguyen Thi Lan","NamSinh":"1990"}' | jq -r '.UngVien[].SoDinhDanh'); do
    rec=$(post "$sim/TraCuuThongTinCongDan" "{\"SoDinhDanh\":\"$cid\"}")
    full=$(echo "$rec" | jq -r '.HoVaTen | [.Ho, .ChuDem, .Ten] | map(select(. != "")) | join(" ")')
    d=$(echo "$rec" | jq -r '.NgayThangNamSinh.NgayThangNam // .NgayThangNamSinh.Nam')
    g=$(echo "$rec" | jq -r 'if .GioiTinh == "1" then "Nam" else "Nữ" end')
    n=$((n+1)); echo "HS$n,$cid,$full,$d,$g"
    n=$((n+1)); echo "HS$n,,$full,$d,$g"
  done
  echo "HS-bad,001085866844,Trần Văn Bình,32/13/1990,Nam"
} > "$csv"
job=$(curl -s -i -X POST "$ver/jobs" "${as_bhxh[@]}" -H 'content-type: text/csv' -H 'Idempotency-Key: demo-bhxh-1' \
  -H "X-DeAn06-Signature: $(sign BHXH "$csv")" --data-binary @"$csv")
location=$(echo "$job" | tr -d '\r' | sed -n 's/^Location: //Ip')
echo "$job" | tr -d '\r' | grep -E '^HTTP|^Location'
for _ in $(seq 1 100); do
  status=$(curl -s "$gw$location" "${as_bhxh[@]}")
  [[ $(echo "$status" | jq -r .status) == Completed ]] && break
  sleep 0.2
done
echo "$status" | jq -c '{status, total, done, rejected, counts}'
curl -s "$gw$location/results" "${as_bhxh[@]}" -o "$logs/results.ndjson"
head -3 "$logs/results.ndjson"
curl -s "$gw$location/errors" "${as_bhxh[@]}"
curl -s "$gw$location/summary?format=text" "${as_bhxh[@]}"

step "11. Statistics, as the provincial reports write them (operators only: BHXH's token is refused)"
curl -s "$ver/statistics" "${as_bhxh[@]}" | jq -c '{status, code, detail}'
curl -s "$ver/statistics?format=text" "${as_ops[@]}"

step "12. The gateway's tamper-evident message log: every exchange above, hash-chained and sealed"
sleep 1.5
dotnet exec "$root/src/DeAn06.Gateway/$bin/DeAn06.Gateway.dll" audit verify "$logs/message-log.db"

echo
echo "Demo complete: $name ($born) was found, looked up, verified and proxied; a batch job ran and was reported. Logs: $logs"
if [[ $keep -eq 1 ]]; then
  echo "Services keep running (simulator :$sim_port, gateway :$gw_port, verification :$ver_port); Ctrl+C stops them."
  wait
fi
