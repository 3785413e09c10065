#!/usr/bin/env bash
# What durable commits cost on the submit rate: POST /api/v1/videos (poller off, fresh H2 data directory) with wrk,
# this checkout's packaged jar beside a reference revision's jar, alternating, in the same run on the same machine.
#
#   bench/submit-rate.sh [reference-revision]     (default 4ba61e5: the last commit before WRITE_DELAY=0)
#
# Needs wrk (apt-get install wrk) and a packaged jar (./mvnw -B package -DskipTests). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-4ba61e5}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-8}
rounds=${ROUNDS:-2}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; git worktree remove --force "$work/ref" 2>/dev/null || true; rm -rf "$work"' EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || { echo "package first: ./mvnw -B package -DskipTests" >&2; exit 1; }
git worktree add --detach "$work/ref" "$ref" >/dev/null
(cd "$work/ref" && ./mvnw -B -q package -DskipTests >/dev/null)

run() { # name jar
  local name=$1 jar=$2 port=18080 data="$work/data-$1-$RANDOM"
  java -Xmx512m -Dquarkus.http.port=$port -Dstudio.data-dir="$data" -Dstudio.poller.enabled=false -jar "$jar" \
    >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 0.1; done
  # warm-up, then the measured run
  wrk -t2 -c"$connections" -d5s -s bench/post-video.lua "http://127.0.0.1:$port/api/v1/videos" >/dev/null
  printf '%-10s ' "$name"
  wrk -t2 -c"$connections" -d"$duration" -s bench/post-video.lua "http://127.0.0.1:$port/api/v1/videos" | tail -n 1
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "submit rate, $connections connections, $duration per run, $(nproc) cores"
for _ in $(seq 1 "$rounds"); do
  run durable target/quarkus-app/quarkus-run.jar
  run reference "$work/ref/target/quarkus-app/quarkus-run.jar"
done
