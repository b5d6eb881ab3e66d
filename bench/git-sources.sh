#!/usr/bin/env bash
# Builds the scratch corpus of Git's AsciiDoc sources that docs/retrieval.md (twenty-eighth round) measures includes
# on: Documentation/ of Git v2.39.5 (the version of datasets/git-docs' Debian pages), every file as a user ingests the
# folder (.txt AsciiDoc, which Git used until 2.48, with its include:: lines), and the Git set's 88 questions with
# their relevant pages mapped from git-rebase.html to git-rebase.txt (the two howto pages to howto/'s names).
# Opt-in, not a test: the corpus is not a set of datasets/, and nothing is committed.
#
#   bench/git-sources.sh GIT_DIR OUT_DIR      # GIT_DIR: a clone or bare mirror of git/git holding the tag v2.39.5
#   npx tsx src/cli/main.ts eval OUT_DIR --db file:/tmp/git-sources.db
set -euo pipefail
git_dir=${1:?usage: bench/git-sources.sh GIT_DIR OUT_DIR}
out=${2:?usage: bench/git-sources.sh GIT_DIR OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out/pages" && mkdir -p "$out/pages"
git -C "$git_dir" archive v2.39.5 Documentation | tar -x -C "$out/pages" --strip-components=1
python3 - "$root/datasets/git-docs/questions.jsonl" "$out" <<'EOF'
import json, os, sys
source, out = sys.argv[1], sys.argv[2]
renamed = {"howto-revert-a-faulty-merge.html": "revert-a-faulty-merge.txt", "howto-use-git-daemon.html": "use-git-daemon.txt"}
with open(source) as lines, open(os.path.join(out, "questions.jsonl"), "w") as questions:
    for line in lines:
        q = json.loads(line)
        q["relevant"] = [renamed.get(r, r[: -len(".html")] + ".txt") for r in q["relevant"]]
        questions.write(json.dumps(q) + "\n")
EOF
echo "$(find "$out/pages" -type f | wc -l) files, $(wc -l < "$out/questions.jsonl") questions in $out"
