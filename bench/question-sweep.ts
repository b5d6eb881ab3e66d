/**
 * What text to embed for a question (opt-in measurement, not a test): the question as given against rewritten
 * forms, in vector mode (page-aware, as rag.search ranks) or hybrid mode (the keyword side always sees the
 * question as given). User protocol: the first 10 chunks collapsed to pages; R@5 and MRR@10 with 95% intervals and
 * the paired difference against the question as given.
 *
 *   tsx bench/question-sweep.ts --db file:PATH --questions FILE [--split tune|heldout] [--mode vector|hybrid]
 *
 * Variants: original; stripLead (the English lead-in and question mark dropped: what search/question.ts does,
 * chosen on the tune sets); noStop (stopwords dropped); avgOrigStrip and avgOrigNoStop (the mean of the two
 * embeddings). docs/retrieval.md has the figures.
 */
import { bootstrapInterval, pairedDifference } from "../src/eval/bootstrap.js";
import { pageOfHit as page } from "../src/eval/evaluate.js";
import { collapseRanking, recallAt, reciprocalRankAt } from "../src/eval/metrics.js";
import { embeddingText } from "../src/embed/question.js";
import { formatInterval as fmt, openSweep } from "./sweep.js";

const { values, questions, rag, raw } = await openSweep(["mode"]);
const mode = values.mode === "hybrid" ? "hybrid" : "vector";
// A short English stopword list, for the noStop variant only.
const STOP = new Set(
  "a an the of to in on for with and or is are be do does did i you we it my your this that how what why when where which can could should would there their them from by as at".split(
    " ",
  ),
);
const noStop = (q: string) =>
  q
    .replace(/[?.,]/g, "")
    .split(/\s+/)
    .filter((w) => !STOP.has(w.toLowerCase()))
    .join(" ") || q;
const variants: Record<string, (q: string) => string[]> = {
  original: (q) => [q],
  stripLead: (q) => [embeddingText(q)],
  noStop: (q) => [noStop(q)],
  avgOrigStrip: (q) => [q, embeddingText(q)],
  avgOrigNoStop: (q) => [q, noStop(q)],
};
const scores: Record<string, { r5: number[]; mrr: number[] }> = {};
for (const [name, make] of Object.entries(variants)) {
  const s = { r5: [] as number[], mrr: [] as number[] };
  scores[name] = s;
  for (const q of questions) {
    const vectors = await rag.embedder.embed(make(q.question));
    const v = new Float32Array(rag.embedder.dimensions);
    for (const x of vectors) for (let j = 0; j < v.length; j++) v[j]! += x[j]! / vectors.length;
    const hits =
      mode === "hybrid"
        ? await rag.collection.query({ vector: v, text: q.question, mode, topK: 10, embedderId: rag.embedder.id })
        : await rag.collection.query({ vector: v, mode, topK: 10, documents: true, embedderId: rag.embedder.id });
    const ranking = collapseRanking(hits, page);
    const relevant = new Set(q.relevant);
    s.r5.push(recallAt(ranking, relevant, 5));
    s.mrr.push(reciprocalRankAt(ranking, relevant, 10));
  }
}
const base = scores.original!;
console.log(`${questions.length} questions, ${mode} mode`);
for (const [name, s] of Object.entries(scores)) {
  console.log(
    `${name.padEnd(14)} R@5 ${fmt(bootstrapInterval(s.r5))}  MRR ${fmt(bootstrapInterval(s.mrr))}  | vs original R@5 ${fmt(pairedDifference(base.r5, s.r5))}  MRR ${fmt(pairedDifference(base.mrr, s.mrr))}`,
  );
}
raw.close();
await rag.close();
