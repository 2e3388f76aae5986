#!/usr/bin/env bash
# Fuzz the submission readers. Usage: fuzz/run.sh [SECONDS]   (default 600 per target)
# Runs on the stable toolchain (RUSTC_BOOTSTRAP for cargo-fuzz's flags, no sanitizer), both
# targets in parallel, seeded with the fixtures. Crashes land in fuzz/artifacts/<target>/;
# add each to fixtures/bad (with its row in fixtures/bad.tsv) once fixed.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
mkdir -p corpus/read_workbook corpus/read_csv
find ../fixtures -type f \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xls' -o -name '*.ods' \) \
  -size -200k -exec cp -n {} corpus/read_workbook/ \;
find ../fixtures -type f -name '*.csv' -exec cp -n {} corpus/read_csv/ \;
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -O
for t in read_workbook read_csv; do
  cargo fuzz run -s none -O "$t" -- -max_total_time="$secs" -max_len=262144 -rss_limit_mb=2048 \
    -timeout=10 > "fuzz-$t.log" 2>&1 &
done
wait
tail -n 3 fuzz-read_workbook.log fuzz-read_csv.log
