#!/usr/bin/env bash
# Times `arbor commissions run --timings` as a whole process on a benchmark company, several
# runs of one or more builds taken in turns (A B A B …), and prints per build and phase the
# minimum, median and maximum (ms), with wall and processor time (s) and peak resident memory
# (KB) from /usr/bin/time.
#
#   bench/cli-runs.sh DATA_DIR RUNS BUILD_DIR [BUILD_DIR …]
#
# DATA_DIR holds members.csv and orders.csv (bench-data/m1000000-o3000000-s42 or …-export,
# made by the benchmark); each BUILD_DIR holds arbor.dll, built as the launcher builds it
# (`dotnet publish src/Arbor.Cli -c Release --use-current-runtime --self-contained false
# -p:PublishReadyToRun=true -o DIR`; builds before 2026-12-08 were timed as `dotnet build
# src/Arbor.Cli -c Release -o DIR` makes them, without ReadyToRun). Runs get the environment the launcher (./arbor) gives `commissions`
# (DOTNET_TC_CallCountThreshold=0x1000, DOTNET_TieredPGO=0); a file `run.env` in a build's
# folder (lines NAME=value) adds to it or overrides it (DOTNET_TC_CallCountThreshold=1E and
# DOTNET_TieredPGO=1 are the runtime's defaults). Each build's output of its last run stays in
# /tmp/cli-runs.N, to compare (`cmp`) between builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"; runs="$2"; shift 2
log=$(mktemp)
for ((r = 1; r <= runs; r++)); do
  b=0
  for build in "$@"; do
    b=$((b + 1))
    out="/tmp/cli-runs.$b"
    rm -rf "$out"
    # Builds that write through the page cache (older ones) leave up to a gigabyte of dirty pages:
    # written out here, outside the timed run. (It did not remove what the run right after a
    # much larger one pays; see docs/performance.md, seventh session of 2026-12-07.)
    sync
    vars=(DOTNET_TC_CallCountThreshold=0x1000 DOTNET_TieredPGO=0) # as ./arbor runs commissions
    [ -f "$build/run.env" ] && mapfile -t -O "${#vars[@]}" vars < "$build/run.env"
    env "${vars[@]}" /usr/bin/time -f "wall: %e s
processor, user: %U s
processor, system: %S s
peak resident: %M KB" dotnet "$build/arbor.dll" commissions run --plan "$root/bench/Arbor.Bench/sample-plan.yaml" \
      --members "$data/members.csv" --orders "$data/orders.csv" --from 2026-10-01 --to 2026-10-31 \
      --out "$out" --timings 2>&1 >/dev/null | sed "s|^|$b|" >> "$log"
  done
done
awk -F': ' '
  /^[0-9]+[a-z][^:]*: [0-9]/ { b = substr($1, 1, 1); phase = substr($1, 2); split($2, v, " ");
                   if (!(phase in seen)) { seen[phase] = 1; order[++n] = phase }
                   values[b, phase] = values[b, phase] " " v[1]; if (b > nb) nb = b }
  END {
    for (b = 1; b <= nb; b++) {
      printf "build %s\n| phase | min | median | max |\n|---|---:|---:|---:|\n", b
      for (i = 1; i <= n; i++) {
        m = split(substr(values[b, order[i]], 2), x, " ")
        if (m == 0) continue
        for (j = 1; j <= m; j++) for (k = j + 1; k <= m; k++) if (x[k] + 0 < x[j] + 0) { t = x[j]; x[j] = x[k]; x[k] = t }
        med = m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
        printf "| %s | %s | %s | %s |\n", order[i], x[1], med, x[m]
      }
      print ""
    }
  }' "$log"
rm -f "$log"
