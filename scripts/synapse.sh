#!/usr/bin/env bash
# A local Synapse homeserver for the Matrix tests: installs it from PyPI on first use, configures
# it for tests (loopback only, SQLite, no federation, no rate limits), starts it and registers the
# test users. Idempotent.
#
# Usage: scripts/synapse.sh start|stop|status
#   SYNAPSE_PORT   port to listen on (default 8448)
#
# `start` prints `export` lines and writes them to .synapse/env; source that file to run the
# Matrix tests by hand: `. .synapse/env && cargo test --test matrix`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.venv-synapse"
dir="$root/.synapse"
port="${SYNAPSE_PORT:-8448}"
url="http://127.0.0.1:$port"
users=(bot camille alice bruno)

running_pid() {
  [ -f "$dir/pid" ] || return 1
  local pid
  pid=$(cat "$dir/pid")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

install() {
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import synapse' 2>/dev/null; then
    echo "installing Synapse into $venv (about 30 s)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check matrix-synapse
  fi
}

configure() {
  mkdir -p "$dir"
  if [ ! -f "$dir/homeserver.yaml" ]; then
    (cd "$dir" && "$venv/bin/python" -m synapse.app.homeserver --server-name localhost \
      --config-path homeserver.yaml --generate-config --report-stats=no >/dev/null)
  fi
  if [ ! -f "$dir/shared_secret" ]; then
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/shared_secret"
  fi
  if [ ! -f "$dir/passwords" ]; then
    for u in "${users[@]}"; do
      echo "$u $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    done > "$dir/passwords"
    chmod 600 "$dir/passwords"
  fi
  local big='{per_second: 10000, burst_count: 100000}'
  # Rewritten at every start so a changed port or a newer recipe applies; see
  # docs/synapse.md for why each line is there.
  cat > "$dir/overrides.yaml" <<EOF
listeners:
  - port: $port
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources: [{names: [client], compress: false}]
database: {name: sqlite3, args: {database: $dir/homeserver.db}}
media_store_path: $dir/media_store
enable_registration: false
registration_shared_secret: "$(cat "$dir/shared_secret")"
federation_domain_whitelist: []
trusted_key_servers: []
suppress_key_server_warning: true
report_stats: false
url_preview_enabled: false
presence: {enabled: false}
bcrypt_rounds: 4
caches: {sync_response_cache_duration: 0}
rc_message: $big
rc_registration: $big
rc_registration_token_validity: $big
rc_login: {address: $big, account: $big, failed_attempts: $big}
rc_joins: {local: $big, remote: $big}
rc_joins_per_room: $big
rc_invites: {per_room: $big, per_user: $big, per_issuer: $big}
rc_room_creation: $big
rc_media_create: $big
rc_key_requests: $big
rc_3pid_validation: $big
rc_admin_redaction: $big
rc_third_party_invite: $big
rc_federation: {window_size: 1000, sleep_limit: 10000, sleep_delay: 0, reject_limit: 10000, concurrent: 1000}
rc_delayed_event_mgmt: $big
rc_reports: $big
rc_presence: {per_user: $big}
EOF
}

password() {
  awk -v u="$1" '$1 == u { print $2 }' "$dir/passwords"
}

write_env() {
  {
    echo "export COMPAGNON_TEST_SYNAPSE_URL=$url"
    echo "export COMPAGNON_TEST_SYNAPSE_SERVER=localhost"
    for u in "${users[@]}"; do
      echo "export COMPAGNON_TEST_SYNAPSE_PASSWORD_$(echo "$u" | tr a-z A-Z)=$(password "$u")"
    done
  } > "$dir/env"
  chmod 600 "$dir/env"
  cat "$dir/env"
}

start() {
  if running_pid >/dev/null; then
    write_env
    return 0
  fi
  install
  configure
  # `exec` so the recorded pid is Synapse itself; no inherited stdout, so callers piping this
  # script's output are not kept waiting.
  (cd "$dir" && exec "$venv/bin/python" -m synapse.app.homeserver \
    -c homeserver.yaml -c overrides.yaml > "$dir/synapse.log" 2>&1 < /dev/null) &
  echo $! > "$dir/pid"
  for _ in $(seq 1 120); do
    if curl -fsS "$url/_matrix/client/versions" >/dev/null 2>&1; then break; fi
    if ! running_pid >/dev/null; then
      echo "Synapse exited; see $dir/synapse.log:" >&2; tail -20 "$dir/synapse.log" >&2; exit 1
    fi
    sleep 0.5
  done
  curl -fsS "$url/_matrix/client/versions" >/dev/null || { echo "Synapse did not answer" >&2; exit 1; }
  for u in "${users[@]}"; do
    "$venv/bin/register_new_matrix_user" --exists-ok -u "$u" -p "$(password "$u")" --no-admin \
      -k "$(cat "$dir/shared_secret")" "$url" >/dev/null
  done
  write_env
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if pid=$(running_pid); then echo "Synapse running (pid $pid) at $url"; else echo "Synapse stopped"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
