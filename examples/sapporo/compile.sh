#!/usr/bin/env bash
# Compile the Sapporo example: this year's (R5) submissions with the earlier years (R1-R4) as
# history, into the council workbook of 002: 活動実績, 収支状況, 占有率, 評価 and the years' 推移.
#   examples/sapporo/compile.sh OUT.xlsx        (uses $HOKATSU when set)
set -euo pipefail
out="${1:?usage: compile.sh OUT.xlsx}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${HOKATSU:-}" ]; then
  run=("$HOKATSU")
else
  run=(cargo run --release --quiet --manifest-path "$here/../../Cargo.toml" --)
fi
"${run[@]}" compile --profile "$here/profile.toml" --history "$here/history" --out "$out" "$here/submissions"
