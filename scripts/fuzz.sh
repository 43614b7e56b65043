#!/usr/bin/env bash
# Runs the property tests of tests/fuzz.rs (query handling, article JSON loading, MedQuAD
# XML parsing, the import's reading of folders and zips, control characters in rendered
# output) with many cases, each bounded in time. Not part of CI, which runs the same
# properties with the default few hundred cases.
#   scripts/fuzz.sh [CASES] [SECONDS]     defaults: 20000 cases, 900 s in all
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
seconds="${2:-900}"
echo "fuzz: $cases cases per property, at most $seconds s; $(nproc) cores; $(date -u +%F)"
start=$(date +%s)
PROPTEST_CASES="$cases" timeout "$seconds" cargo test --release --locked --test tests fuzz:: -- --test-threads 2
echo "fuzz: done in $(( $(date +%s) - start )) s"
