#!/usr/bin/env bash
# Creates the local NuGet folder feed that nuget.config lists, before the first restore.
# YARP (Yarp.ReverseProxy) depends on System.IO.Hashing, which the registry copy reachable here
# has not always held. The .NET SDK ships that same Microsoft assembly, so we pack it as
# System.IO.Hashing 10.0.0 (lib/net8.0). Idempotent; safe to run before every build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/.packages/local-feed"
pkg="$feed/system.io.hashing.10.0.0.nupkg"
mkdir -p "$feed"
[[ -s "$pkg" ]] && exit 0

sdk_base="$(dotnet --info | sed -n 's/^ *Base Path: *//p' | head -n1)"
dll="$(ls "$sdk_base"Sdks/Microsoft.NET.Sdk/tools/net*/System.IO.Hashing.dll 2>/dev/null | grep -v net4 | head -n1 || true)"
[[ -z "$dll" ]] && dll="$(ls "$sdk_base"System.IO.Hashing.dll 2>/dev/null | head -n1 || true)"
if [[ -z "$dll" ]]; then
  echo "prepare-feed: System.IO.Hashing.dll not found under the .NET SDK at '$sdk_base'" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib/net8.0"
cp "$dll" "$work/lib/net8.0/System.IO.Hashing.dll"
cat > "$work/System.IO.Hashing.nuspec" <<'NUSPEC'
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>System.IO.Hashing</id>
    <version>10.0.0</version>
    <authors>Microsoft</authors>
    <license type="expression">MIT</license>
    <description>System.IO.Hashing repackaged from the local .NET SDK (see build/prepare-feed.sh).</description>
    <dependencies><group targetFramework="net8.0" /></dependencies>
  </metadata>
</package>
NUSPEC
cat > "$work/[Content_Types].xml" <<'CT'
<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="dll" ContentType="application/octet" /><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="xml" ContentType="application/octet" /></Types>
CT
tmp="$feed/.system.io.hashing.tmp"
rm -f "$tmp"
if command -v zip >/dev/null 2>&1; then
  (cd "$work" && zip -q -r -X "$tmp" .)
else
  python3 - "$work" "$tmp" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, files in os.walk(src):
        for f in files:
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, src))
PY
fi
mv "$tmp" "$pkg"
echo "prepare-feed: packed $(basename "$dll") from the SDK into $pkg"
