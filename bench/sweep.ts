/**
 * What the retrieval sweeps (ceiling-, feedback-, page- and question-sweep) share: their command line, the
 * questions, the database opened through `createRag` and a raw client, and the default hybrid's settings.
 */
import { parseArgs } from "node:util";
import { createClient, type Client } from "@libsql/client";
import { loadQuestions, selectSplit, type EvalQuestion } from "../src/eval/questions.js";
import { DEFAULT_HYBRID, type ResolvedHybrid } from "../src/search/options.js";
import { createRag, type Rag } from "../src/rag.js";

export interface Sweep {
  /** `--db`, `--questions`, `--split` and the sweep's own string options. */
  values: Record<string, string | undefined>;
  questions: EvalQuestion[];
  rag: Rag;
  col: Rag["collection"];
  /** The same database, for SQL the collection does not offer. */
  raw: Client;
  /** The default collection's table. */
  table: string;
}

/** Reads `--db FILE --questions FILE [--split NAME]` (and `extra` string options) and opens the database. */
export async function openSweep(extra: readonly string[] = []): Promise<Sweep> {
  const options = Object.fromEntries(["db", "questions", "split", "collection", ...extra].map((name) => [name, { type: "string" as const }]));
  const values = parseArgs({ options }).values as Record<string, string | undefined>;
  if (!values.db || !values.questions) throw new Error("--db and --questions are required");
  // The project's own reader: each line checked, a malformed one named by file and line.
  const all = await loadQuestions(values.questions);
  const questions = values.split === undefined ? all : selectSplit(all, values.split);
  // `--collection eval-<set>` reads a database `libsql-rag eval` (or bench/eval-sets.sh) built.
  const collection = values.collection ?? "default";
  const rag = await createRag({ url: values.db, collection });
  const raw = createClient({ url: values.db });
  const table = String((await raw.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [collection] })).rows[0]!.table_name);
  return { values, questions, rag, col: rag.collection, raw, table };
}

/**
 * The default hybrid's fusion as `fuse` runs it: convex fusion of 50 candidates a side, ranked by page. `rag.search`
 * then puts the pages in the learned order (src/search/page-ranker), which `fuse` alone does not.
 */
export const DEFAULT_FUSION: ResolvedHybrid = {
  fusion: "convex",
  rrfK: 60,
  vectorWeight: DEFAULT_HYBRID.vectorWeight,
  keywordWeight: DEFAULT_HYBRID.keywordWeight,
  fetchK: 50,
  documents: { ...(DEFAULT_HYBRID.documents as Exclude<ResolvedHybrid["documents"], false>) },
  pageOrder: "fused",
};

/** "0.123 [0.100, 0.150]", with signs when `sign` (for differences). */
export function formatInterval(x: { mean: number; low: number; high: number }, sign = false): string {
  const n = (v: number) => `${sign && v >= 0 ? "+" : ""}${v.toFixed(3)}`;
  return `${n(x.mean)} [${n(x.low)}, ${n(x.high)}]`;
}
