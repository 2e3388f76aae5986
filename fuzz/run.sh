#!/usr/bin/env bash
# Fuzz the submission readers and the form definition. Usage: fuzz/run.sh [SECONDS] [TARGET...]
# (default 600 seconds per target; all three targets: read_workbook read_csv form)
# Runs on the stable toolchain (RUSTC_BOOTSTRAP for cargo-fuzz's flags, no sanitizer), the
# targets in parallel, seeded with the fixtures and the forms. Crashes land in
# fuzz/artifacts/<target>/; add each to fixtures/bad (with its row in fixtures/bad.tsv), or for
# a form to tests/test_form_limits.rs, once fixed.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(read_workbook read_csv form)
mkdir -p corpus/read_workbook corpus/read_csv corpus/form
find ../fixtures -type f \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xls' -o -name '*.ods' \) \
  -size -200k -exec cp -n {} corpus/read_workbook/ \;
find ../fixtures -type f -name '*.csv' -exec cp -n {} corpus/read_csv/ \;
cp -n ../src/form/kushiro.toml corpus/form/kushiro.toml
cp -n ../examples/sapporo/form.toml corpus/form/sapporo.toml
cp -n ../examples/kumamoto/form.toml corpus/form/kumamoto.toml
cp -n ../tests/forms/soudan/form.toml corpus/form/soudan.toml
cp -n ../tests/forms/wide/form.toml corpus/form/wide.toml
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -O
for t in "${targets[@]}"; do
  cargo fuzz run -s none -O "$t" -- -max_total_time="$secs" -max_len=262144 -rss_limit_mb=2048 \
    -timeout=10 > "fuzz-$t.log" 2>&1 &
done
wait
for t in "${targets[@]}"; do tail -n 3 "fuzz-$t.log"; done
