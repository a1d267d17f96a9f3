#!/usr/bin/env bash
# Run every Google Benchmark micro-benchmark of a build and print medians of 5 repetitions.
# Usage: scripts/run-microbench.sh BUILD_DIR [extra google-benchmark flags]
set -euo pipefail
build_dir=${1:?usage: run-microbench.sh BUILD_DIR}
shift
mapfile -t benches < <(find "$build_dir/src" -type f -executable -name '*_bench' | sort)
if [[ ${#benches[@]} -eq 0 ]]; then
  echo "no micro-benchmarks found under $build_dir/src" >&2
  exit 1
fi
for bench in "${benches[@]}"; do
  echo "== $(basename "$bench")"
  "$bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_display_aggregates_only=true "$@" 2>&1 | grep -E 'median|^Benchmark|^-|^Run|CPU' || true
done
