# shellcheck shell=bash
# Shared helpers for scripts/test.sh and scripts/run-local.sh. Source it; do not run it.
#
#   SF_ROOT                     the repository root (folder holding SyncFunctions.sln)
#   sf_info / sf_warn / sf_die  messages on stderr ("==>" prefix), sf_die exits 1
#   sf_check_prereqs TOOL...    dotnet | node | npm | func; reports everything missing at once
#   sf_ensure_azurite_installed npm ci when node_modules (azurite, playwright-core, @redocly/cli) is missing or stale
#   sf_free_ports N             N distinct free TCP ports on 127.0.0.1 (one line, space separated)
#   sf_port_free PORT           succeeds when PORT can be bound on 127.0.0.1
#   sf_port_open PORT           succeeds when something accepts connections on 127.0.0.1:PORT
#   sf_spawn LOG CMD...         starts CMD in the background in its own process group; sets SF_SPAWNED_PID
#   sf_stop_spawned             stops every process group started with sf_spawn (TERM, then KILL)
#   sf_start_azurite LOG BLOB QUEUE TABLE ARGS...   starts Azurite and waits until it listens
#   sf_azurite_connection_string BLOB QUEUE TABLE   devstoreaccount1 connection string for those ports
#   sf_http_ok URL / sf_wait_http NAME URL TIMEOUT PID LOG   HTTP readiness checks
#   sf_setting FILE NAME        a value of a local.settings(.sample).json file's "Values" (empty when absent)
#   sf_first_steps API [KEY]    what run-local.sh prints once the host answers: the status page and the demo key's curls

SF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SF_AZURITE_BIN="$SF_ROOT/node_modules/.bin/azurite"
SF_AZURITE_START_TIMEOUT="${SF_AZURITE_START_TIMEOUT:-60}"
SF_SPAWNED_PIDS=()

# The well-known Azurite account key (public, documented by Microsoft; not a secret).
SF_AZURITE_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

sf_info() { printf '==> %s\n' "$*" >&2; }
sf_warn() { printf '==> WARNING: %s\n' "$*" >&2; }
sf_die() {
  printf '==> ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Prerequisites

_sf_missing=()

_sf_need_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    _sf_missing+=("dotnet: the .NET 10 SDK is not installed (no 'dotnet' on PATH).
      Install it: https://dotnet.microsoft.com/download/dotnet/10.0  (or: curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0)")
    return
  fi
  if ! dotnet --list-sdks 2>/dev/null | grep -Eq '^10\.'; then
    _sf_missing+=("dotnet: a .NET 10.x SDK is required; found: $(dotnet --list-sdks 2>/dev/null | awk '{print $1}' | tr '\n' ' ')
      Install it: https://dotnet.microsoft.com/download/dotnet/10.0")
  fi
}

_sf_need_node() {
  if ! command -v node >/dev/null 2>&1; then
    _sf_missing+=("node: Node.js 22 or later is required (it runs Azurite). Install it: https://nodejs.org/ (or your package manager, e.g. 'apt-get install nodejs npm')")
    return
  fi
  local major minor
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  minor="$(node -p 'process.versions.node.split(".")[1]' 2>/dev/null || echo 0)"
  # Azurite and Redocly CLI declare Node 22+; both still run on 20.19+, so that is let through with a warning.
  if ((major < 20 || (major == 20 && minor < 19))); then
    _sf_missing+=("node: Node.js 22 or later is required; found $(node --version). Install a newer one: https://nodejs.org/")
  elif ((major < 22)); then
    sf_warn "Node.js 22 or later is required by Azurite; found $(node --version), which still runs it (npm prints engine warnings). Upgrade when you can: https://nodejs.org/"
  fi
}

_sf_need_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    _sf_missing+=("npm: npm is required to install Azurite (it ships with Node.js; e.g. 'apt-get install npm')")
  fi
}

_sf_need_func() {
  local version=""
  if command -v func >/dev/null 2>&1; then
    version="$(func --version 2>/dev/null | head -n1 || true)"
  fi
  if [[ "$version" != 4.* ]]; then
    _sf_missing+=("func: Azure Functions Core Tools 4 is required${version:+ (found $version)}.
      Install it: npm install -g azure-functions-core-tools@4 --unsafe-perm true
      (or see https://learn.microsoft.com/azure/azure-functions/functions-run-local).
      Without it, './scripts/run-local.sh --no-func' still starts Azurite and the demo upstream.")
  fi
}

# sf_check_prereqs dotnet node npm [func]
sf_check_prereqs() {
  _sf_missing=()
  local tool
  for tool in "$@"; do
    "_sf_need_$tool"
  done
  if ((${#_sf_missing[@]} > 0)); then
    printf '==> ERROR: missing prerequisites:\n' >&2
    printf '    - %s\n' "${_sf_missing[@]}" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Azurite install

# npm ci when Azurite is missing or package-lock.json changed since the last install.
sf_ensure_azurite_installed() {
  local lock="$SF_ROOT/package-lock.json" installed="$SF_ROOT/node_modules/.package-lock.json"
  # playwright-core drives the system Chromium in the dashboard's browser test; Redocly CLI lints the OpenAPI document.
  local playwright="$SF_ROOT/node_modules/playwright-core/package.json"
  local redocly="$SF_ROOT/node_modules/@redocly/cli/package.json"
  if [[ -x "$SF_AZURITE_BIN" && -f "$playwright" && -f "$redocly" && ! "$lock" -nt "$installed" ]]; then
    return 0
  fi
  if [[ ! -x "$SF_AZURITE_BIN" || ! -f "$playwright" || ! -f "$redocly" ]]; then
    sf_info "Azurite, playwright-core or @redocly/cli is not installed: npm ci --no-audit --no-fund"
  else
    sf_info "package-lock.json changed since the last install: npm ci --no-audit --no-fund"
  fi
  (cd "$SF_ROOT" && npm ci --no-audit --no-fund) || sf_die "'npm ci' failed in $SF_ROOT (see above)."
  [[ -x "$SF_AZURITE_BIN" ]] || sf_die "'npm ci' finished but $SF_AZURITE_BIN is still missing."
}

# ---------------------------------------------------------------------------------------------
# Debian packages the tests use (a fresh machine has neither)

# sf_ensure_test_packages: Chromium (the dashboard's browser test), shellcheck and jq (the samples' tests),
# installed with apt-get when missing; needs root (CI runs as root), otherwise says what to install.
sf_ensure_test_packages() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  ((${#missing[@]} == 0)) && return 0
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    sf_die "missing test prerequisites: ${missing[*]}. Install them, e.g. 'sudo apt-get install -y ${missing[*]}'."
  fi
  sf_info "installing Debian packages for the tests: ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    # Package lists may be missing or stale on a fresh machine.
    apt-get update -qq >/dev/null || sf_die "apt-get update failed (see above)."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
      sf_die "apt-get install ${missing[*]} failed (see above)."
  fi
}

# ---------------------------------------------------------------------------------------------
# Ports

# sf_free_ports N: N distinct free ports on 127.0.0.1 (all bound at once, then released).
sf_free_ports() {
  node -e '
    const net = require("net");
    const n = Number(process.argv[1] || 1);
    const servers = [];
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => {
        servers.push(s);
        if (servers.length === n) {
          console.log(servers.map((x) => x.address().port).join(" "));
          servers.forEach((x) => x.close());
        }
      });
    }' "${1:-1}"
}

# sf_port_free PORT: true when PORT can be bound on 127.0.0.1 right now.
sf_port_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));' "$1"
}

# sf_port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
sf_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Background processes

# sf_spawn LOGFILE CMD [ARGS...]: runs CMD in the background, in its own process group (so it and
# all its children can be stopped together), stdin from /dev/null, output to LOGFILE.
sf_spawn() {
  local log="$1"
  shift
  if command -v setsid >/dev/null 2>&1; then
    # Job control is off in scripts, so the child is not a group leader and setsid execs in place:
    # $! is CMD itself and its process group id.
    setsid "$@" </dev/null >"$log" 2>&1 &
  else
    set -m
    "$@" </dev/null >"$log" 2>&1 &
    set +m
  fi
  SF_SPAWNED_PID=$!
  SF_SPAWNED_PIDS+=("$SF_SPAWNED_PID")
}

# sf_alive PID: the process exists and is not a zombie.
sf_alive() {
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$stat" && "$stat" != Z* ]]
}

# sf_group_alive PGID: some process of the group exists and is not a zombie.
sf_group_alive() {
  ps -eo pgid=,stat= 2>/dev/null | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# sf_stop_group PID: TERM the process group, wait up to 10 s for all of it to end, then KILL it.
sf_stop_group() {
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    sf_group_alive "$pid" || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# sf_stop_spawned: stops everything started with sf_spawn, newest first. Quiet; safe to call twice.
sf_stop_spawned() {
  local i
  for ((i = ${#SF_SPAWNED_PIDS[@]} - 1; i >= 0; i--)); do
    sf_stop_group "${SF_SPAWNED_PIDS[$i]}"
  done
  SF_SPAWNED_PIDS=()
}

# sf_tail LOGFILE: the last lines of a log, indented, for error messages.
sf_tail() {
  if [[ -s "$1" ]]; then
    tail -n 30 "$1" | sed 's/^/    | /' >&2
  else
    printf '    | <no output>\n' >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Azurite

sf_azurite_connection_string() {
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    "$SF_AZURITE_ACCOUNT_KEY" "$1" "$2" "$3"
}

# sf_start_azurite LOGFILE BLOB QUEUE TABLE [EXTRA AZURITE ARGS...]
# Starts Azurite on 127.0.0.1 and waits (SF_AZURITE_START_TIMEOUT s) until all three ports accept
# connections. Sets SF_AZURITE_PID. Returns 2 when Azurite failed because a port was taken
# (EADDRINUSE), 1 on any other failure (after printing its output).
sf_start_azurite() {
  local log="$1" blob="$2" queue="$3" table="$4"
  shift 4
  sf_spawn "$log" "$SF_AZURITE_BIN" --skipApiVersionCheck --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" "$@"
  SF_AZURITE_PID=$SF_SPAWNED_PID

  local deadline=$((SECONDS + SF_AZURITE_START_TIMEOUT)) port ready
  while ((SECONDS < deadline)); do
    if ! sf_alive "$SF_AZURITE_PID"; then
      wait "$SF_AZURITE_PID" 2>/dev/null || true
      if grep -q EADDRINUSE "$log" 2>/dev/null; then
        return 2
      fi
      sf_warn "Azurite exited before listening on 127.0.0.1:$blob/$queue/$table. Its output ($log):"
      sf_tail "$log"
      return 1
    fi
    ready=1
    for port in "$blob" "$queue" "$table"; do
      sf_port_open "$port" || {
        ready=0
        break
      }
    done
    if ((ready)); then
      # A port held by someone else would have made Azurite exit: check it is still up.
      sleep 0.2
      if sf_alive "$SF_AZURITE_PID"; then
        return 0
      fi
      continue
    fi
    sleep 0.2
  done
  sf_warn "Azurite did not accept connections on 127.0.0.1:$blob/$queue/$table within ${SF_AZURITE_START_TIMEOUT} s. Its output ($log):"
  sf_tail "$log"
  sf_stop_group "$SF_AZURITE_PID"
  return 1
}

# ---------------------------------------------------------------------------------------------
# HTTP

# sf_http_ok URL: true when URL answers 2xx within 2 s.
sf_http_ok() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
  else
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
  fi
}

# sf_wait_http NAME URL TIMEOUT PID LOGFILE: waits until URL answers 2xx while PID runs.
# On failure prints why, with the end of LOGFILE, and returns 1.
sf_wait_http() {
  local name="$1" url="$2" timeout="$3" pid="$4" log="$5"
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if sf_http_ok "$url"; then
      return 0
    fi
    if ! sf_alive "$pid"; then
      wait "$pid" 2>/dev/null || true
      sf_warn "$name exited before $url answered. Its output ($log):"
      sf_tail "$log"
      return 1
    fi
    sleep 0.5
  done
  sf_warn "$name did not answer $url within $timeout s. Its output ($log):"
  sf_tail "$log"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Local settings and first steps

# sf_setting FILE NAME: Values.NAME of a local.settings(.sample).json file; empty when the file or the value is missing.
sf_setting() {
  node -p 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Values || {}; v[process.argv[2]] || ""' "$1" "$2" 2>/dev/null || true
}

# sf_first_steps API [DEMO_KEY]: printed by run-local.sh once the host answers, on stdout. API is the host's
# base URL (http://localhost:7071/api); DEMO_KEY is SyncFunctions__DemoApiKey, the token of the key the worker seeds
# for the demo environment. Its indented lines are commands to paste (a test runs them against the functions).
sf_first_steps() {
  local api="$1" key="${2:-}"
  echo
  echo "  The hub is up. Status page: $api/dashboard"
  if [[ -z "$key" ]]; then
    echo "  (no SyncFunctions__DemoApiKey in local.settings.json, so no demo data: make an environment and a key as above)"
    echo
    return 0
  fi
  cat <<STEPS
  Demo key (SyncFunctions__DemoApiKey in src/SyncFunctions/local.settings.json, development only): paste it into
  the status page, or list the seeded jobs and accounts, start a run and read records:
    KEY='$key'
    JOB=\$(curl -s $api/sync-job -H "Authorization: Bearer \$KEY" | jq -r '.data[0].id')
    ACCOUNT=\$(curl -s $api/integrated-accounts -H "Authorization: Bearer \$KEY" | jq -r '.data[0].id')
    curl -s -X POST $api/sync-job-run -H "Authorization: Bearer \$KEY" -H 'Content-Type: application/json' -d "{\"sync_job_id\":\"\$JOB\",\"integrated_account_id\":\"\$ACCOUNT\"}" | jq -c '{id, status}'
    curl -s "$api/records?resource=crm/contacts&integrated_account_id=\$ACCOUNT&limit=3" -H "Authorization: Bearer \$KEY" | jq -c '[.data[] | {id, email}]'
  More: README.md (A demo session) and docs/.

STEPS
}
