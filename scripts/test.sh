#!/usr/bin/env bash
# The test command: builds the solution and runs every test project against one shared Azurite.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./scripts/test.sh [--help] [--] [dotnet test options...]

Runs the whole test suite:
  1. checks prerequisites (.NET 10 SDK, Node.js 22+, npm)
  2. npm ci, when Azurite (node_modules/.bin/azurite) is missing or package-lock.json changed;
     apt-get install chromium / shellcheck when missing (the browser and samples tests use them)
  3. dotnet restore + dotnet build SyncFunctions.sln (Debug)
  4. starts ONE in-memory Azurite on free 127.0.0.1 ports and exports its connection string as
     SYNCFUNCTIONS_TEST_STORAGE, so every test assembly shares it (skipped when that variable is
     already set: the Azurite it names is used instead); Azurite is stopped on exit
  5. dotnet test SyncFunctions.sln --no-build -c Debug --logger trx
       --results-directory TestResults/<timestamp>
  6. prints passed/failed/skipped per test assembly, then the last line:
       Total: N passed, N failed, N skipped

Any other arguments go to 'dotnet test' unchanged, e.g.
  ./scripts/test.sh --filter "FullyQualifiedName~Harness"
  ./scripts/test.sh -- --filter "Category!=Slow"      # the fast suite: skips the tests marked
                                                      # [Trait("Category", "Slow")] (browser, publish,
                                                      # Bicep, samples walkthrough)

Exit code: 0 only if dotnet test succeeded, no test failed and at least one test ran.
Azurite's log is written to TestResults/<timestamp>/azurite.log.
EOF
}

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

test_args=()
while (($# > 0)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      test_args+=("$@")
      break
      ;;
    *)
      test_args+=("$1")
      shift
      ;;
  esac
done

total_printed=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
on_exit() {
  local rc=$?
  sf_stop_spawned
  if ((total_printed == 0)); then
    # Failed (or was interrupted) before any test ran: still end with the line CI reads.
    echo "Total: 0 passed, 0 failed, 0 skipped"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'sf_warn "interrupted"; exit 130' INT
trap 'sf_warn "terminated"; exit 143' TERM
trap 'exit 129' HUP

cd "$SF_ROOT"
started=$SECONDS

sf_check_prereqs dotnet node npm
sf_ensure_azurite_installed
sf_ensure_test_packages

results_dir="$SF_ROOT/TestResults/$(date +%Y%m%d-%H%M%S)"
[[ -e "$results_dir" ]] && results_dir+="-$$" # two runs in the same second keep their TRX files apart
mkdir -p "$results_dir"

sf_info "dotnet restore SyncFunctions.sln"
dotnet restore SyncFunctions.sln || sf_die "dotnet restore failed (see above)."

sf_info "dotnet build SyncFunctions.sln --no-restore -c Debug"
dotnet build SyncFunctions.sln --no-restore -c Debug || sf_die "dotnet build failed (see above)."

if [[ -n "${SYNCFUNCTIONS_TEST_STORAGE:-}" ]]; then
  sf_info "SYNCFUNCTIONS_TEST_STORAGE is set: tests use that storage; not starting Azurite."
else
  azurite_log="$results_dir/azurite.log"
  for attempt in 1 2 3; do
    read -r blob_port queue_port table_port < <(sf_free_ports 3) || sf_die "could not find free ports on 127.0.0.1"
    sf_info "starting Azurite (in-memory) on 127.0.0.1: blob $blob_port, queue $queue_port, table $table_port"
    status=0
    sf_start_azurite "$azurite_log" "$blob_port" "$queue_port" "$table_port" --inMemoryPersistence || status=$?
    ((status == 0)) && break
    ((status == 2 && attempt < 3)) || sf_die "Azurite did not start (log: $azurite_log)."
    sf_warn "a port was taken before Azurite could bind it; retrying with new ports"
  done
  SYNCFUNCTIONS_TEST_STORAGE="$(sf_azurite_connection_string "$blob_port" "$queue_port" "$table_port")"
  export SYNCFUNCTIONS_TEST_STORAGE
  sf_info "Azurite is ready (pid $SF_AZURITE_PID); exported SYNCFUNCTIONS_TEST_STORAGE for the test assemblies."
fi

sf_info "dotnet test SyncFunctions.sln --no-build -c Debug --logger trx --results-directory ${results_dir#"$SF_ROOT"/} ${test_args[*]:-}"
test_rc=0
dotnet test SyncFunctions.sln --no-build -c Debug \
  --logger "trx" --results-directory "$results_dir" \
  ${test_args[@]+"${test_args[@]}"} || test_rc=$?

# Tests are done: stop Azurite now so nothing is printed after the Total line.
sf_stop_spawned

summary="$(node "$SF_ROOT/scripts/trx-summary.js" "$results_dir")" || sf_die "could not read the TRX files in $results_dir"
total_line="$(tail -n 1 <<<"$summary")"
if [[ ! "$total_line" =~ ^Total:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
  sf_die "unexpected summary from trx-summary.js: $total_line"
fi
passed=${BASH_REMATCH[1]} failed=${BASH_REMATCH[2]}

echo
echo "Test results (${results_dir#"$SF_ROOT"/}, $((SECONDS - started)) s):"
sed '$d' <<<"$summary"

rc=0
if ((test_rc != 0)); then
  echo "FAILED: dotnet test exited with code $test_rc."
  rc=1
fi
if ((failed > 0)); then
  echo "FAILED: $failed test(s) failed."
  rc=1
fi
if ((passed + failed == 0)); then
  echo "FAILED: no tests ran (0 passed, 0 failed)."
  rc=1
fi
total_printed=1
echo "$total_line"
exit "$rc"
