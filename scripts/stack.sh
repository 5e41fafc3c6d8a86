#!/usr/bin/env bash
# The local stack: obtains, starts, stops and checks the Temporal dev server, the Kafka broker and the local
# OpenID Connect issuer (development and test sign-in).
# Usage: scripts/stack.sh up|down|status|logs
# Built artifacts are cached outside the clone (GOVFLOW_CACHE_DIR); state, logs and pids live in .govflow/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${GOVFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/govflow}"
STATE_DIR="${GOVFLOW_STATE_DIR:-$ROOT/.govflow}"
TEMPORAL_CLI_VERSION="1.5.1"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/scripts/kafka/pom.xml")"

TEMPORAL_PORT="${GOVFLOW_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${GOVFLOW_TEMPORAL_UI_PORT:-8233}"
TEMPORAL_NAMESPACE="${GOVFLOW_TEMPORAL_NAMESPACE:-default}"
KAFKA_PORT="${GOVFLOW_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${GOVFLOW_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${GOVFLOW_KAFKA_HEAP:-768m}"
OIDC_PORT="${GOVFLOW_OIDC_PORT:-8090}"
OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT"

TEMPORAL_BIN="$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/temporal"
KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
SEARCH_ATTRIBUTES=(GovStage GovTier GovSector GovOwner)

# shellcheck source=scripts/postgres.sh
source "$ROOT/scripts/postgres.sh"

say() { printf '[stack] %s\n' "$*"; }
fail() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

need() { # need <command> <why>
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is not installed: $2"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { # pid_alive <name>
  local f="$STATE_DIR/$1.pid"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

wait_until() { # wait_until <seconds> <description> <command...>
  local limit="$1" what="$2"; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start >= limit )); then return 1; fi
    sleep 0.5
  done
  say "$what ready after $((SECONDS - start))s"
}

ensure_node_modules() {
  if [[ ! -d "$ROOT/node_modules/kafkajs" ]]; then
    say "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_temporal_cli() {
  [[ -x "$TEMPORAL_BIN" ]] && return 0
  need go "Go 1.22+ is needed to build the Temporal CLI (go install)"
  say "building the Temporal CLI v$TEMPORAL_CLI_VERSION with go install (first run only; takes a few minutes)"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION") \
    || fail "go install of the Temporal CLI failed (see the output above)"
  mkdir -p "$(dirname "$TEMPORAL_BIN")"
  mv "$tmp/temporal" "$TEMPORAL_BIN"
  rm -rf "$tmp"
  say "Temporal CLI cached at $TEMPORAL_BIN"
}

ensure_kafka_jars() {
  [[ -f "$KAFKA_LIBS/.complete" ]] && return 0
  need java "Java 17+ is needed to run the Kafka broker"
  need mvn "Maven is needed to fetch the Kafka broker's jars"
  say "fetching Apache Kafka $KAFKA_VERSION jars with Maven (first run only)"
  rm -rf "$KAFKA_LIBS"
  mvn -q -B -Dstyle.color=never -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime \
    || fail "Maven could not fetch the Kafka jars (see the output above)"
  touch "$KAFKA_LIBS/.complete"
}

temporal_healthy() {
  "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING
}

start_temporal() {
  if pid_alive temporal && temporal_healthy; then say "Temporal already running on 127.0.0.1:$TEMPORAL_PORT"; return 0; fi
  if port_open "$TEMPORAL_PORT"; then
    fail "port $TEMPORAL_PORT is taken by another process; stop it or set GOVFLOW_TEMPORAL_PORT"
  fi
  port_open "$TEMPORAL_UI_PORT" && fail "port $TEMPORAL_UI_PORT is taken; stop it or set GOVFLOW_TEMPORAL_UI_PORT"
  mkdir -p "$STATE_DIR/temporal"
  local args=(server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
    --db-filename "$STATE_DIR/temporal/temporal.db" --namespace "$TEMPORAL_NAMESPACE" --log-level warn)
  local sa; for sa in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$sa=Keyword"); done
  # Eager activity dispatch: an activity scheduled by a workflow task goes straight back to the worker that completed
  # it, saving a matching round trip on every publish (found by the decision-latency benchmark).
  args+=(--dynamic-config-value system.enableActivityEagerExecution=true)
  say "starting Temporal dev server (SQLite file in ${STATE_DIR#$ROOT/}/temporal)"
  setsid nohup "$TEMPORAL_BIN" "${args[@]}" >"$STATE_DIR/temporal.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/temporal.pid"
  wait_until 90 "Temporal" temporal_healthy || fail "Temporal did not become healthy in 90s; see .govflow/temporal.log"
}

kafka_java() { java -Xms256m -Xmx"$KAFKA_HEAP" -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" -cp "$KAFKA_LIBS/*" "$@"; }

kafka_ready() { node "$ROOT/scripts/kafka-ready.mjs" "127.0.0.1:$KAFKA_PORT"; }

start_kafka() {
  if pid_alive kafka && kafka_ready; then say "Kafka already running on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  port_open "$KAFKA_PORT" && fail "port $KAFKA_PORT is taken by another process; stop it or set GOVFLOW_KAFKA_PORT"
  port_open "$KAFKA_CONTROLLER_PORT" && fail "port $KAFKA_CONTROLLER_PORT is taken; stop it or set GOVFLOW_KAFKA_CONTROLLER_PORT"
  local dir="$STATE_DIR/kafka" props="$STATE_DIR/kafka/server.properties"
  mkdir -p "$dir/data"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$dir/data|g" \
    "$ROOT/scripts/kafka/server.properties.template" >"$props"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    say "formatting Kafka storage (KRaft)"
    local cluster_id; cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >"$STATE_DIR/kafka-format.log" 2>&1 \
      || fail "Kafka storage format failed; see .govflow/kafka-format.log"
  fi
  say "starting Kafka $KAFKA_VERSION broker (KRaft, broker+controller)"
  setsid nohup java -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$props" >"$STATE_DIR/kafka.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/kafka.pid"
  wait_until 90 "Kafka" kafka_ready || fail "Kafka did not become ready in 90s; see .govflow/kafka.log"
}

oidc_ready() { node "$ROOT/scripts/oidc-ready.mjs" "$OIDC_ISSUER"; }

start_oidc() {
  if pid_alive oidc && oidc_ready; then say "OpenID Connect issuer already running on $OIDC_ISSUER"; return 0; fi
  port_open "$OIDC_PORT" && fail "port $OIDC_PORT is taken by another process; stop it or set GOVFLOW_OIDC_PORT"
  say "starting the local OpenID Connect issuer (keys in ${STATE_DIR#$ROOT/}/oidc)"
  # The local issuer signs in the roster's people without a password: it only ever runs outside production.
  (
    cd "$ROOT"
    GOVFLOW_ENV="${GOVFLOW_ENV:-development}" GOVFLOW_STATE_DIR="$STATE_DIR" GOVFLOW_OIDC_PORT="$OIDC_PORT" \
      setsid nohup node --import tsx issuer/main.ts >"$STATE_DIR/oidc.log" 2>&1 </dev/null &
    echo $! >"$STATE_DIR/oidc.pid"
  )
  wait_until 30 "OpenID Connect issuer" oidc_ready || fail "the issuer did not answer in 30s; see .govflow/oidc.log"
}

stop_one() { # stop_one <name>
  local f="$STATE_DIR/$1.pid"
  if ! pid_alive "$1"; then rm -f "$f"; say "$1 not running"; return 0; fi
  local pid; pid="$(cat "$f")"
  kill -TERM "$pid" 2>/dev/null || true
  local i; for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
  say "$1 stopped"
}

status() {
  local ok=0
  if pid_alive temporal && temporal_healthy; then
    say "temporal  running  grpc 127.0.0.1:$TEMPORAL_PORT  ui http://127.0.0.1:$TEMPORAL_UI_PORT  pid $(cat "$STATE_DIR/temporal.pid")"
  else say "temporal  stopped"; ok=3; fi
  if pid_alive kafka && kafka_ready; then
    say "kafka     running  127.0.0.1:$KAFKA_PORT  (Kafka $KAFKA_VERSION, KRaft)  pid $(cat "$STATE_DIR/kafka.pid")"
  else say "kafka     stopped"; ok=3; fi
  if pid_alive oidc && oidc_ready; then
    say "oidc      running  $OIDC_ISSUER  (local OpenID Connect issuer)  pid $(cat "$STATE_DIR/oidc.pid")"
  else say "oidc      stopped"; ok=3; fi
  if [[ "${GOVFLOW_STACK_POSTGRES:-}" == 1 ]] || pid_alive postgres; then postgres_status || ok=3; fi
  return $ok
}

up() {
  need node "Node.js is needed (npm start and npm test pick a supported one)"
  mkdir -p "$STATE_DIR"
  ensure_node_modules
  ensure_temporal_cli
  ensure_kafka_jars
  start_temporal
  start_kafka
  start_oidc
  # The read side's PostgreSQL only when asked for (npm test does): the embedded SQLite needs no server.
  if [[ "${GOVFLOW_STACK_POSTGRES:-}" == 1 ]]; then start_postgres; fi
  status
}

case "${1:-}" in
  up) up ;;
  down) stop_postgres; stop_one oidc; stop_one kafka; stop_one temporal ;;
  status) status ;;
  temporal-bin) ensure_temporal_cli >&2; echo "$TEMPORAL_BIN" ;;
  stop-kafka) stop_one kafka ;;
  start-kafka) ensure_kafka_jars; start_kafka ;;
  stop-temporal) stop_one temporal ;;
  start-temporal) ensure_temporal_cli; start_temporal ;;
  start-oidc) mkdir -p "$STATE_DIR"; start_oidc ;;
  start-postgres) mkdir -p "$STATE_DIR"; start_postgres ;;
  stop-postgres) stop_postgres ;;
  postgres-url) postgres_url ;;
  *) echo "usage: scripts/stack.sh up|down|status" >&2; exit 2 ;;
esac
