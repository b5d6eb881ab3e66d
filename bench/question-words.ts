/**
 * Writes what bench/bm25-parameters.py reads (opt-in, not a test): each built set's questions, with the words the
 * keyword side searches for (`contentWords`: stopwords dropped) and how its hits are matched to pages (by path under
 * `pages/` when its README says `--match path`, as bench/eval-sets.sh does).
 *
 *   tsx bench/question-words.ts OUT.json
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { contentWords } from "../src/words.js";

const out = process.argv[2];
if (!out) throw new Error("usage: tsx bench/question-words.ts OUT.json");
const sets: Record<string, { match: "name" | "path"; questions: unknown[] }> = {};
for (const set of readdirSync("datasets")) {
  const file = `datasets/${set}/questions.jsonl`;
  if (!existsSync(file) || !existsSync(`datasets/${set}/pages`)) continue;
  const readme = existsSync(`datasets/${set}/README.md`) ? readFileSync(`datasets/${set}/README.md`, "utf8") : "";
  const questions = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const q = JSON.parse(line) as { question: string };
      return { ...q, words: contentWords(q.question) };
    });
  sets[set] = { match: readme.includes("--match path") ? "path" : "name", questions };
}
writeFileSync(out, JSON.stringify(sets));
console.log(`${Object.keys(sets).length} sets written to ${out}`);
