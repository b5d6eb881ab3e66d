#!/bin/bash
# Runs `libsql-rag eval` on every built set under datasets/ (those with a pages/ folder), each into its own database,
# and saves each set's evaluation (with every question's scores) for bench/pooled-diff.py.
#
#   bench/eval-sets.sh OUT_DIR [MODES] [DB_DIR]
#
# OUT_DIR gets <set>.json and <set>.txt per set; MODES defaults to vector,keyword,hybrid; DB_DIR (default
# /tmp/eval-sets) keeps one database per set, so a second run re-reads nothing that did not change and embeds nothing
# its cache holds (give each checkout measured at once its own DB_DIR). A set whose README says to evaluate with
# `--match path` is evaluated so. A set whose evaluation fails is named, and the others still run; the exit status
# is then 1. Run it from a checkout (or a git worktree) holding the code to measure: it runs that checkout's CLI.
set -euo pipefail
out=${1:?usage: bench/eval-sets.sh OUT_DIR [MODES] [DB_DIR]}
modes=${2:-vector,keyword,hybrid}
dbs=${3:-/tmp/eval-sets}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out" "$dbs"
out=$(cd "$out" && pwd)
failed=0
for dir in "$root"/datasets/*/; do
  set_name=$(basename "$dir")
  [ -d "$dir/pages" ] || continue
  match=name
  if [ -f "$dir/README.md" ] && grep -q -- "--match path" "$dir/README.md"; then match=path; fi
  if (cd "$root" && npx tsx src/cli/main.ts eval "$dir" --db "file:$dbs/$set_name.db" --match "$match" --modes "$modes" \
    --no-progress --save "$out/$set_name.json" >"$out/$set_name.txt" 2>&1); then
    echo "$set_name $(date +%H:%M:%S)"
  else
    echo "$set_name FAILED: see $out/$set_name.txt" >&2
    failed=1
  fi
done
exit "$failed"
