#!/usr/bin/env bash
# The whole test suite, from a fresh clone: sets up what the tests need (a local PostgreSQL server for the
# PostgreSQL storage tests, Debian's chromium for the dashboard's browser tests), restores, builds and runs every
# test project, and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

source eng/postgres.sh
source eng/chromium.sh

log=$(mktemp)
status=0
dotnet test StochasticMutatorTuner.sln -c Release --blame-hang-timeout 10m 2>&1 | tee "$log" || status=$?

# One plain closing line for CI logs: the sums of every test assembly's "Passed!/Failed!" line.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1)); if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
