/**
 * The ceiling of re-ranking: for each question of every set that `bench/eval-sets.sh` built, whether its relevant
 * pages are among the pages of hybrid's candidates (50 from each side, fused, before the cut to topK). A perfect
 * judge re-ranking those candidates would put every such page in the first five (no question of these sets has more
 * than three relevant pages), so the share found is the R@5 it would reach; the distance between it and today's R@5
 * is what ranking can still gain without deeper candidates.
 *
 *   npx tsx bench/candidate-ceiling.ts [DB_DIR] [set,set,...]      (from the repository's root)
 *
 * DB_DIR (default /tmp/eval-sets) holds one database per set, as `bench/eval-sets.sh` leaves them, each with the
 * collection `eval-<set>`. Prints each set's share, then the pooled share by kind of question (those that name the
 * page's terms, `keyword`, and the rest) and by split, with 95% bootstrap intervals.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { bootstrapInterval, pageOfHit } from "../src/eval/index.js";
import { pathUnderPages } from "../src/eval/evaluate.js";
import { createRag } from "../src/rag.js";

const dbs = process.argv[2] ?? "/tmp/eval-sets";
const only = process.argv[3]?.split(",");
const sets = readdirSync("datasets").filter(
  (s) => existsSync(`datasets/${s}/pages`) && existsSync(`${dbs}/${s}.db`) && (only === undefined || only.includes(s)),
);
if (sets.length === 0) throw new Error(`no set of datasets/ has a database in ${dbs}: run bench/eval-sets.sh first`);

interface Question {
  question: string;
  relevant: string[];
  kind?: string;
  split?: string;
}
const found: { kind: string; split: string; share: number }[] = [];
for (const set of sets) {
  // As bench/eval-sets.sh has eval match it: by file name, or by path under pages/ where the set's README says so.
  const byPath = existsSync(`datasets/${set}/README.md`) && readFileSync(`datasets/${set}/README.md`, "utf8").includes("--match path");
  const pageOf = byPath ? pathUnderPages : pageOfHit;
  const questions = readFileSync(`datasets/${set}/questions.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Question);
  const rag = await createRag({ url: `file:${dbs}/${set}.db`, collection: `eval-${set}` });
  let sum = 0;
  for (const q of questions) {
    // topK 100 keeps every one of the (at most) 100 fused candidates. The two ordering steps are off because they
    // search wider when the candidates are few, which would count pages beyond the 50 + 50.
    const hits = await rag.search(q.question, { topK: 100, hybrid: { fetchK: 50 }, questionLanguageFirst: false, changelogsLast: false });
    const pages = new Set(hits.map(pageOf));
    const share = q.relevant.filter((p) => pages.has(p)).length / q.relevant.length;
    sum += share;
    found.push({ kind: q.kind === "keyword" ? "keyword" : "paraphrase", split: q.split === "heldout" ? "held out" : "tune", share });
  }
  await rag.close();
  console.log(`${set.padEnd(20)} ${String(questions.length).padStart(4)}  ${(sum / questions.length).toFixed(3)}`);
}
const line = (label: string, rows: typeof found) => {
  const { mean, low, high } = bootstrapInterval(
    rows.map((r) => r.share),
    { seed: 1 },
  );
  console.log(`${label.padEnd(20)} ${String(rows.length).padStart(4)}  ${mean.toFixed(3)} [${low.toFixed(3)}, ${high.toFixed(3)}]`);
};
line("all", found);
for (const kind of ["keyword", "paraphrase"])
  line(
    kind,
    found.filter((r) => r.kind === kind),
  );
for (const split of ["tune", "held out"])
  line(
    split,
    found.filter((r) => r.split === split),
  );
