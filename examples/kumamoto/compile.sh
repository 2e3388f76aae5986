#!/usr/bin/env bash
# Compile the Kumamoto example: this year's (R6) submissions with the earlier years (R2-R5) as
# history, into the council workbook with 004's R2-R6 table on its 推移 sheet.
#   examples/kumamoto/compile.sh OUT.xlsx        (uses $HOKATSU when set)
set -euo pipefail
out="${1:?usage: compile.sh OUT.xlsx}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${HOKATSU:-}" ]; then
  run=("$HOKATSU")
else
  run=(cargo run --release --quiet --manifest-path "$here/../../Cargo.toml" --)
fi
"${run[@]}" compile --profile "$here/profile.toml" --history "$here/history" --out "$out" "$here/submissions"
