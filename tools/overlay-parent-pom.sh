#!/usr/bin/env bash
# Adds io.quarkus:<artifact>:<version> (a pure aggregator POM that the reachable Maven Central copy lacks)
# to .mvn/overlay-repo, copied from the nearest published version of the same artifact with its versions
# rewritten. Usage: tools/overlay-parent-pom.sh quarkus-grpc-parent [3.33.2]
set -euo pipefail
artifact=$1
version=${2:-3.33.2}
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.mvn/overlay-repo/io/quarkus/$artifact/$version"
[ -f "$dest/$artifact-$version.pom" ] && { echo "present: $artifact"; exit 0; }
major_minor=${version%.*}
minor=${major_minor#*.}
candidates=()
for patch in 1 0; do candidates+=("3.$minor.$patch"); done
for m in $(seq $((minor - 1)) -1 $((minor - 8))); do for patch in 2 1 0; do candidates+=("3.$m.$patch"); done; done
tmp=$(mktemp -d)
for v in "${candidates[@]}"; do
  if "$root/mvnw" -q -B dependency:copy -Dartifact="io.quarkus:$artifact:$v:pom" -DoutputDirectory="$tmp" \
      -Dmdep.useBaseVersion=true >/dev/null 2>&1 && [ -f "$tmp/$artifact-$v.pom" ]; then
    mkdir -p "$dest"
    sed "s#<version>$v</version>#<version>$version</version>#g" "$tmp/$artifact-$v.pom" > "$dest/$artifact-$version.pom"
    echo "added: $artifact $version (from $v)"
    rm -rf "$tmp"
    exit 0
  fi
done
rm -rf "$tmp"
echo "no published version of io.quarkus:$artifact found near $version" >&2
exit 1
