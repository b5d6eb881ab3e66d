import { readFile } from "node:fs/promises";
import { z } from "zod";
import { RagError } from "../errors.js";
import type { ComparableEvaluation } from "./compare.js";

const EXPECTED = 'expected an evaluation saved with "libsql-rag eval --save", or JSON.stringify of evaluateRetrieval\'s result';

// Only what a comparison reads is checked; every other field is kept as it is.
const scoresSchema = z.object({
  recallAt1: z.number(),
  recallAt5: z.number(),
  recallAtK: z.number(),
  mrrAtK: z.number(),
  ndcgAtK: z.number(),
});
const evaluationSchema = z.looseObject({
  k: z.number().int().min(1),
  modes: z
    .array(
      z.looseObject({
        mode: z.enum(["vector", "keyword", "hybrid"]),
        perQuestion: z.array(z.looseObject({ id: z.string(), scores: scoresSchema })).min(1),
      }),
    )
    .min(1),
});

/**
 * Checks a parsed JSON value as a saved evaluation, for {@link compareEvaluations}. `source` names it in
 * error messages. A malformed value is a `LOAD_FAILED` error naming the first bad field.
 */
export function parseEvaluation(value: unknown, source = "evaluation"): ComparableEvaluation {
  const parsed = evaluationSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "(top level)";
    const hint = issue.path.at(-1) === "perQuestion" || issue.path.includes("scores") ? " (--json output keeps per-question scores only with --details)" : "";
    throw new RagError("LOAD_FAILED", `${source}: field ${field} is invalid (${issue.message}): ${EXPECTED}${hint}.`, { cause: parsed.error, path: source });
  }
  return parsed.data;
}

/**
 * Reads an evaluation saved as JSON (by `libsql-rag eval --save`, or `--json --details`), to compare a new
 * run against it with {@link compareEvaluations}.
 *
 * @example
 * const baseline = await loadEvaluation("eval-baseline.json");
 * const comparison = compareEvaluations(baseline, await evaluateRetrieval({ rag, questions }));
 */
export async function loadEvaluation(path: string): Promise<ComparableEvaluation> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new RagError("LOAD_FAILED", `Could not read the saved evaluation ${path} (${code ?? String(cause)}): ${EXPECTED}.`, { cause, path });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new RagError("LOAD_FAILED", `${path} is not valid JSON (${(cause as Error).message}): ${EXPECTED}.`, { cause, path });
  }
  return parseEvaluation(value, path);
}
