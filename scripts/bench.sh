#!/usr/bin/env bash
# The throughput benchmark: builds bench/SyncFunctions.Bench (Release), starts its own in-memory Azurite on free
# 127.0.0.1 ports, and prints each figure next to the ceiling measured in the same run.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./scripts/bench.sh [--records N] [--device-records N] [--only accounts]

Measures (100,000 records unless --records says otherwise), on one Azurite and one demo upstream:
  - the ingest engine (fetch + persist, without Durable) vs raw batched Table writes and vs reading the upstream
  - the per-page latency curve of that ingest, and peak managed memory at a tenth of the records vs all of them
  - GET records and a new device's session drain over the ingested records vs a raw range read of the same rows
  - Durable round trips per 10,000 records on the in-process Durable host
  - 4 accounts of one environment ingesting a quarter each at once vs one account alone (storage-bound: the upstream
    answers at once and its page numbers are read ahead)
  - 4 accounts at once vs one alone, 10,000 records each, upstream-bound: cursor paging, each page answered after
    0, 25, 50, 100 and 200 ms; with the ETag conflicts the revision counters met during the runs at once
  - a device session start with 1,000,000 records stored (unless --device-records says otherwise) and 100 changed
    vs 10,000 stored and 100 changed
--only accounts runs only the raw write ceiling and the accounts figures (about 5 minutes instead of about 25).
Prints a Markdown table and the load average; writes TestResults/bench-<time>.json. Not part of ./scripts/test.sh.
USAGE
}

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_args=()
while (($# > 0)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --records)
      [[ $# -ge 2 ]] || sf_die "--records needs a number"
      bench_args+=(--records "$2")
      shift 2
      ;;
    --device-records)
      [[ $# -ge 2 ]] || sf_die "--device-records needs a number"
      bench_args+=(--device-records "$2")
      shift 2
      ;;
    --only)
      [[ $# -ge 2 ]] || sf_die "--only needs a set of figures (accounts)"
      [[ "$2" == accounts ]] || sf_die "--only takes accounts, not '$2'"
      bench_args+=(--only "$2")
      shift 2
      ;;
    *) sf_die "unknown argument: $1 (see --help)" ;;
  esac
done

trap sf_stop_spawned EXIT
cd "$SF_ROOT"
sf_check_prereqs dotnet node npm
sf_ensure_azurite_installed

sf_info "dotnet build bench/SyncFunctions.Bench -c Release"
dotnet build bench/SyncFunctions.Bench -c Release -v quiet || sf_die "build failed (see above)."

mkdir -p TestResults
out="TestResults/bench-$(date +%Y%m%d-%H%M%S).json"
# A million stored records (two entities each) outgrow Node's default heap in the in-memory Azurite.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=12288"
read -r blob_port queue_port table_port < <(sf_free_ports 3) || sf_die "could not find free ports on 127.0.0.1"
sf_start_azurite "TestResults/bench-azurite.log" "$blob_port" "$queue_port" "$table_port" --inMemoryPersistence ||
  sf_die "Azurite did not start (log: TestResults/bench-azurite.log)."
connection="$(sf_azurite_connection_string "$blob_port" "$queue_port" "$table_port")"

sf_info "running the benchmark (machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uptime))"
# Azurite's pid lets the benchmark report Azurite's CPU use next to the hub's.
dotnet bench/SyncFunctions.Bench/bin/Release/net10.0/SyncFunctions.Bench.dll "$connection" --out "$out" \
  --azurite-pid "$SF_AZURITE_PID" ${bench_args[@]+"${bench_args[@]}"}
