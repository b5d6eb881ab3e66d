#!/bin/bash
# Trains the learned page order of hybrid search again (src/search/page-ranker/model-data.ts) and reports what it
# gains, in one run: a change to the reading, the chunking or the fusion moves the trees' features, and the trees
# shipped were trained on the old ones.
#
#   bench/retrain-page-order.sh DB_DIR WORK_DIR
#
# DB_DIR holds one database per set, as bench/eval-sets.sh leaves them (run it first, from a checkout of the code to
# train for, so that every collection is at the current ingest format). WORK_DIR gets each set's dump (the candidates
# of its questions and their features, computed by the product's own code: bench/learned-dump.ts) and the reports.
# The steps, each printed as it runs:
#   1. dump every set with a pages/ folder;
#   2. `learned-ranker.py tunecv`: the kept configuration on five folds of whole sets' tune questions, against the
#      fused order (the figure the configuration was chosen on);
#   3. `split`: trained on the tune halves, measured on the held-out halves;
#   4. `groups`: five folds of whole sets, each ordered by trees that never saw it (the figure for a new corpus);
#   5. `export`: trees trained on every tune question written to model-data.ts, with XGBoost's margins for a sample
#      of pages in test/fixtures/page-ranker/margins.json, which test/search/page-ranker.test.ts checks.
# Then run the tests and bench/eval-sets.sh again, and compare with bench/pooled-diff.py (docs/retrieval.md,
# thirty-seventh round, gives the figures to compare with). Needs Debian's python3-numpy and python3-xgboost (1.7);
# PYTHON names another interpreter that has them.
set -euo pipefail
dbs=${1:?usage: bench/retrain-page-order.sh DB_DIR WORK_DIR}
work=${2:?usage: bench/retrain-page-order.sh DB_DIR WORK_DIR}
python=${PYTHON:-/usr/bin/python3}
root=$(cd "$(dirname "$0")/.." && pwd)
if ! "$python" -c "import numpy, xgboost" 2>/dev/null; then
  echo "$python cannot import numpy and xgboost: install Debian's python3-numpy and python3-xgboost, or set PYTHON." >&2
  exit 1
fi
mkdir -p "$work/dump"
work=$(cd "$work" && pwd)
dumped=0
for dir in "$root"/datasets/*/; do
  set_name=$(basename "$dir")
  [ -d "$dir/pages" ] || continue
  db="$dbs/$set_name.db"
  if [ ! -f "$db" ]; then
    echo "$set_name: no database at $db; run bench/eval-sets.sh OUT_DIR vector,keyword,hybrid $dbs first" >&2
    exit 1
  fi
  match=name
  if [ -f "$dir/README.md" ] && grep -q -- "--match path" "$dir/README.md"; then match=path; fi
  (cd "$root" && npx tsx bench/learned-dump.ts --db "file:$db" --collection "eval-$set_name" --match "$match" \
    --questions "$dir/questions.jsonl" --name "$set_name" --out "$work/dump" >"$work/dump/$set_name.log" 2>&1) ||
    { echo "$set_name: the dump failed, see $work/dump/$set_name.log" >&2; exit 1; }
  echo "dumped $set_name $(date +%H:%M:%S)"
  dumped=$((dumped + 1))
done
echo "dumped $dumped sets"
cd "$root"
for mode in tunecv split groups; do
  echo "== $mode"
  "$python" bench/learned-ranker.py "$work/dump" "$mode" | tee "$work/$mode.txt"
done
echo "== export"
"$python" bench/learned-ranker.py "$work/dump" export src/search/page-ranker/model-data.ts test/fixtures/page-ranker/margins.json |
  tee "$work/export.txt"
echo "Wrote src/search/page-ranker/model-data.ts and test/fixtures/page-ranker/margins.json; run the tests, then bench/eval-sets.sh."
