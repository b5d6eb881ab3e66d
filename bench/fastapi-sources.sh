#!/usr/bin/env bash
# Builds the scratch corpus of FastAPI's docs with their code that docs/retrieval.md (twenty-ninth round) measures
# FastAPI's `{* ../../docs_src/… *}` code includes on: docs/en/docs (its Markdown pages) and docs_src/ of the FastAPI
# set's commit, laid out as in the repository under OUT_DIR/pages/, and the set's 80 questions with their relevant
# pages' paths under docs/en/docs/. Opt-in, not a test: the corpus is not a set of datasets/, and nothing is committed.
#
#   bench/fastapi-sources.sh GIT_DIR OUT_DIR      # GIT_DIR: a clone or bare mirror of fastapi/fastapi
#   npx tsx src/cli/main.ts eval OUT_DIR --match path --db file:/tmp/fastapi-sources.db
set -euo pipefail
git_dir=${1:?usage: bench/fastapi-sources.sh GIT_DIR OUT_DIR}
out=${2:?usage: bench/fastapi-sources.sh GIT_DIR OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(grep -o 'fastapi.git [0-9a-f]\{40\}' "$root/datasets/fastapi-docs/build-pages.sh" | cut -d' ' -f2)
rm -rf "$out/pages" && mkdir -p "$out/pages"
git -C "$git_dir" archive "$commit" docs/en/docs docs_src | tar -x -C "$out/pages"
# The pages as the set has them: the Markdown files of docs/en/docs (its images and scripts left out).
find "$out/pages/docs" -type f ! -name '*.md' -delete
python3 - "$root/datasets/fastapi-docs/questions.jsonl" "$out" <<'PY'
import json, os, sys
source, out = sys.argv[1], sys.argv[2]
with open(source) as lines, open(os.path.join(out, "questions.jsonl"), "w") as questions:
    for line in lines:
        q = json.loads(line)
        q["relevant"] = ["docs/en/docs/" + r for r in q["relevant"]]
        questions.write(json.dumps(q) + "\n")
PY
echo "$(find "$out/pages/docs" -name '*.md' | wc -l) pages, $(find "$out/pages/docs_src" -type f | wc -l) code files, $(wc -l < "$out/questions.jsonl") questions in $out"
