# PostgreSQL for the read side's shared path, sourced by scripts/stack.sh (which defines STATE_DIR, say, fail,
# port_open, pid_alive, wait_until). Debian's `postgresql` package: its programs sit in a versioned lib folder, and
# initdb/pg_ctl refuse to run as root, so as root the cluster belongs to the unprivileged `postgres` user.
# The cluster lives in the state folder, listens on loopback only, and asks for a password (generated once).

PG_PORT="${GOVFLOW_PG_PORT:-5433}"
PG_DIR="$STATE_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_USER_DB="govflow"

pg_bin_dir() {
  if [[ -n "${GOVFLOW_PG_BIN:-}" ]]; then echo "$GOVFLOW_PG_BIN"; return 0; fi
  local d; d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$d" && -x "$d/initdb" ]] && echo "$d"
}

ensure_postgres_bin() {
  [[ -n "$(pg_bin_dir)" ]] && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's postgresql package (first run only)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
      || fail "apt-get could not install postgresql"
    [[ -n "$(pg_bin_dir)" ]] || fail "postgresql installed but initdb not found under /usr/lib/postgresql"
  else
    fail "PostgreSQL is not installed: install Debian's 'postgresql' package (or set GOVFLOW_PG_BIN to its bin folder)"
  fi
}

# Runs a PostgreSQL program as the cluster's owner: `postgres` when we are root, else ourselves.
as_pg_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_ready() { "$(pg_bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

init_postgres_cluster() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  say "creating the PostgreSQL cluster (${PG_DIR#$ROOT/})"
  mkdir -p "$PG_DIR"
  head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PG_DIR/password"
  chmod 600 "$PG_DIR/password"
  [[ "$(id -u)" == 0 ]] && chown -R postgres "$PG_DIR"
  as_pg_owner "$(pg_bin_dir)/initdb" -D "$PG_DATA" -U "$PG_USER_DB" --pwfile="$PG_DIR/password" \
    --auth=scram-sha-256 --encoding=UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || fail "initdb failed; see ${PG_DIR#$ROOT/}/initdb.log"
}

start_postgres() {
  ensure_postgres_bin
  if pid_alive postgres && postgres_ready; then say "PostgreSQL already running on 127.0.0.1:$PG_PORT"; return 0; fi
  port_open "$PG_PORT" && fail "port $PG_PORT is taken by another process; stop it or set GOVFLOW_PG_PORT"
  init_postgres_cluster
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='' -c max_connections=200" start >/dev/null \
    || fail "PostgreSQL did not start; see ${PG_DIR#$ROOT/}/postgres.log"
  head -n1 "$PG_DATA/postmaster.pid" >"$STATE_DIR/postgres.pid"
  wait_until 30 "PostgreSQL" postgres_ready || fail "PostgreSQL did not accept connections in 30s"
  if ! PGPASSWORD="$(cat "$PG_DIR/password")" "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER_DB" -d postgres \
    -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_USER_DB'" | grep -q 1; then
    PGPASSWORD="$(cat "$PG_DIR/password")" "$(pg_bin_dir)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER_DB" "$PG_USER_DB" \
      || fail "could not create the $PG_USER_DB database"
  fi
}

stop_postgres() {
  if ! pid_alive postgres; then rm -f "$STATE_DIR/postgres.pid"; return 0; fi
  as_pg_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  rm -f "$STATE_DIR/postgres.pid"
  say "postgres stopped"
}

# The connection string of the local cluster (with its password), for the tests and a configured `npm start`.
postgres_url() { echo "postgres://$PG_USER_DB:$(cat "$PG_DIR/password")@127.0.0.1:$PG_PORT/$PG_USER_DB"; }

postgres_status() {
  if pid_alive postgres && postgres_ready; then
    say "postgres  running  127.0.0.1:$PG_PORT  (read side, ${PG_DIR#$ROOT/})  pid $(cat "$STATE_DIR/postgres.pid")"
  else say "postgres  stopped"; return 3; fi
}
