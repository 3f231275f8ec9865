#!/usr/bin/env bash
# Runs the hub locally: Azurite + the demo upstream in the background, the Functions host in the foreground.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./scripts/run-local.sh [--no-func] [--help]

Runs SyncFunctions on this machine:
  1. checks prerequisites (.NET 10 SDK, Node.js 22+, npm, Azure Functions Core Tools 4 'func')
  2. npm ci, when Azurite is missing or package-lock.json changed
  3. starts Azurite on 127.0.0.1:10000/10001/10002, data kept in .azurite/ (git-ignored)
  4. starts the demo upstream REST API (src/SyncFunctions.DemoUpstream) on http://127.0.0.1:5080
     and waits until /health answers
  5. creates src/SyncFunctions/local.settings.json from local.settings.sample.json if it is missing
     (development-only admin and credential keys; never use them in Azure)
  6. runs 'func start --script-root src/SyncFunctions' in the foreground (http://localhost:7071/api);
     once it answers, prints the status page's URL and the demo key's first steps (curl)
Ctrl-C stops everything it started.

Options:
  --no-func   start only Azurite and the demo upstream, then wait for Ctrl-C
              (no Azure Functions Core Tools needed)
  -h, --help  this help

Environment:
  AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT   Azurite ports (10000, 10001, 10002);
                              when changed, AzureWebJobsStorage is exported with those endpoints
  DEMO_UPSTREAM_PORT          demo upstream port (5080); when changed, SyncFunctions__DemoUpstreamUrl is exported
  FUNC_PORT                   Functions host port (func's default, 7071)
  DEMO_UPSTREAM_TIMEOUT       seconds to wait for the demo upstream's /health (120)

Logs: artifacts/run-local/*.log, Azurite's debug log: .azurite/debug.log
EOF
}

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_func=1
while (($# > 0)); do
  case "$1" in
    --no-func) run_func=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      sf_die "unknown argument: $1"
      ;;
  esac
  shift
done

blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
demo_port="${DEMO_UPSTREAM_PORT:-5080}"
func_port="${FUNC_PORT:-7071}"
demo_timeout="${DEMO_UPSTREAM_TIMEOUT:-120}"

cd "$SF_ROOT"

if ((run_func)); then
  sf_check_prereqs dotnet node npm func
else
  sf_check_prereqs dotnet node npm
fi
sf_ensure_azurite_installed

# Fail early, and clearly, on ports someone else holds.
check_port() {
  local port="$1" what="$2" variable="$3"
  if [[ ! "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    sf_die "$variable must be a port number (1-65535), not '$port'."
  fi
  if ! sf_port_free "$port"; then
    sf_die "port $port on 127.0.0.1 ($what) is already in use. Is another Azurite / demo upstream / run-local.sh running?
    Stop it, or choose another port: $variable=<port> ./scripts/run-local.sh"
  fi
}
check_port "$blob_port" "Azurite blob" AZURITE_BLOB_PORT
check_port "$queue_port" "Azurite queue" AZURITE_QUEUE_PORT
check_port "$table_port" "Azurite table" AZURITE_TABLE_PORT
check_port "$demo_port" "demo upstream" DEMO_UPSTREAM_PORT
if ((run_func)); then
  check_port "$func_port" "Functions host" FUNC_PORT
fi

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  if ((${#SF_SPAWNED_PIDS[@]} > 0)); then
    sf_info "stopping Azurite and the demo upstream"
    sf_stop_spawned
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

logs="$SF_ROOT/artifacts/run-local"
mkdir -p "$logs" "$SF_ROOT/.azurite"

# --- Azurite ---------------------------------------------------------------------------------
sf_info "starting Azurite on 127.0.0.1 (blob $blob_port, queue $queue_port, table $table_port), data in .azurite/"
status=0
sf_start_azurite "$logs/azurite.log" "$blob_port" "$queue_port" "$table_port" \
  --location "$SF_ROOT/.azurite" --debug "$SF_ROOT/.azurite/debug.log" || status=$?
if ((status == 2)); then
  sf_die "Azurite could not bind its ports (taken by another process meanwhile). See $logs/azurite.log."
elif ((status != 0)); then
  sf_die "Azurite did not start. See $logs/azurite.log."
fi
azurite_pid=$SF_AZURITE_PID

if [[ "$blob_port/$queue_port/$table_port" != "10000/10001/10002" ]]; then
  # UseDevelopmentStorage=true means the default ports; the host prefers environment variables over local.settings.json.
  AzureWebJobsStorage="$(sf_azurite_connection_string "$blob_port" "$queue_port" "$table_port")"
  export AzureWebJobsStorage
  sf_info "non-default Azurite ports: exported AzureWebJobsStorage with their endpoints"
fi

# --- demo upstream ---------------------------------------------------------------------------
sf_info "building the demo upstream (src/SyncFunctions.DemoUpstream)"
dotnet build src/SyncFunctions.DemoUpstream -c Debug -nologo -v quiet ||
  sf_die "building src/SyncFunctions.DemoUpstream failed (see above)."

demo_url="http://127.0.0.1:$demo_port"
sf_info "starting the demo upstream: dotnet run --project src/SyncFunctions.DemoUpstream -- --port $demo_port"
sf_spawn "$logs/demo-upstream.log" dotnet run --no-build -c Debug --project src/SyncFunctions.DemoUpstream -- --port "$demo_port"
demo_pid=$SF_SPAWNED_PID
sf_wait_http "the demo upstream" "$demo_url/health" "$demo_timeout" "$demo_pid" "$logs/demo-upstream.log" ||
  sf_die "the demo upstream is not answering $demo_url/health (log: $logs/demo-upstream.log)."
if [[ "$demo_port" != 5080 ]]; then
  export SyncFunctions__DemoUpstreamUrl="$demo_url"
fi

# --- settings --------------------------------------------------------------------------------
settings="src/SyncFunctions/local.settings.json"
if [[ ! -f "$settings" ]]; then
  cp local.settings.sample.json "$settings"
  sf_info "created $settings from local.settings.sample.json (development-only keys)"
else
  # Point out settings added to the sample since the local copy was made.
  missing_settings="$(node -e '
    const [sample, local] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")).Values || {});
    console.log(Object.keys(sample).filter((k) => !(k in local)).join(" "));' local.settings.sample.json "$settings" || true)"
  if [[ -n "$missing_settings" ]]; then
    sf_warn "$settings lacks settings that local.settings.sample.json has: $missing_settings (copy them over, or delete the file to recreate it)"
  fi
fi
admin_key="$(sf_setting "$settings" SyncFunctions__AdminKey)"
demo_key="$(sf_setting "$settings" SyncFunctions__DemoApiKey)"

# --- what runs where -------------------------------------------------------------------------
api="http://localhost:$func_port/api"
cat <<EOF

  Azurite         blob  http://127.0.0.1:$blob_port/devstoreaccount1
                  queue http://127.0.0.1:$queue_port/devstoreaccount1
                  table http://127.0.0.1:$table_port/devstoreaccount1   (data: .azurite/, pid $azurite_pid)
  Demo upstream   $demo_url   (health: $demo_url/health, pid $demo_pid)
EOF
if ((run_func)); then
  echo "  Functions host  $api   (func start --script-root src/SyncFunctions)"
else
  echo "  Functions host  not started (--no-func); start it with: func start --script-root src/SyncFunctions"
fi
cat <<EOF
  Logs            artifacts/run-local/ and .azurite/debug.log

  Or your own environment and API key (the admin key is SyncFunctions__AdminKey in $settings):
    ADMIN_KEY='${admin_key:-<SyncFunctions__AdminKey>}'
    curl -s -X POST $api/admin/environments -H "Authorization: Bearer \$ADMIN_KEY" \\
      -H 'Content-Type: application/json' -d '{"name":"local"}'
    curl -s -X POST $api/admin/api-keys -H "Authorization: Bearer \$ADMIN_KEY" \\
      -H 'Content-Type: application/json' \\
      -d '{"environment_id":"<id from above>","name":"local","scopes":["integrations","sync_jobs","runs","status","sync","records","webhooks"]}'
    curl -s $api/health

EOF

# --- foreground ------------------------------------------------------------------------------
if ((run_func)); then
  func_args=(start --script-root src/SyncFunctions)
  [[ -n "${FUNC_PORT:-}" ]] && func_args+=(--port "$func_port")
  sf_info "func ${func_args[*]}   (Ctrl-C to stop everything)"
  func "${func_args[@]}" &
  func_pid=$!
  # The host logs as it starts (building can take a minute); the first steps follow once it answers.
  for _ in $(seq 1 600); do
    if sf_http_ok "$api/health"; then
      # The quickest way in: the demo environment the worker seeds at start (scripts/lib.sh).
      sf_first_steps "$api" "$demo_key"
      break
    fi
    sf_alive "$func_pid" || break
    sleep 0.5
  done
  func_rc=0
  wait "$func_pid" || func_rc=$?
  exit "$func_rc"
fi

sf_info "running; press Ctrl-C to stop"
while true; do
  if ! sf_alive "$azurite_pid"; then
    sf_warn "Azurite stopped unexpectedly. Its output ($logs/azurite.log):"
    sf_tail "$logs/azurite.log"
    exit 1
  fi
  if ! sf_alive "$demo_pid"; then
    sf_warn "The demo upstream stopped unexpectedly. Its output ($logs/demo-upstream.log):"
    sf_tail "$logs/demo-upstream.log"
    exit 1
  fi
  sleep 1
done
