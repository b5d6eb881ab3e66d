import { z } from "zod";
import { RagError, describeValue } from "../../errors.js";

// Only what is used: an index and a finite score. Extra fields (`document`, `text`, `meta`, `usage`) are ignored.
const resultItem = z.object({
  index: z.number().int().min(0),
  relevance_score: z.number().optional(),
  score: z.number().optional(),
});

const EXPECTED =
  "expected { results: [{ index, relevance_score }] } (Cohere, Jina, vLLM, Infinity), { data: [...] } (Voyage) " +
  "or a bare array [{ index, score }] (text-embeddings-inference)";

/**
 * Turns a `/rerank` response body into one score per document, placed by `index`. The list may sit under
 * `results` or `data`, or be the body itself; each item's score is `relevance_score` or, failing that, `score`.
 * Anything else, an index out of range, an index given twice or a document left without a score is a
 * `RERANK_FAILED` error naming what was expected and what came back.
 */
export function parseRerankResponse(body: unknown, count: number, where: string): number[] {
  const fail = (what: string, details?: Record<string, unknown>): never => {
    throw new RagError("RERANK_FAILED", `${where} returned an unusable response: ${what}.`, details ? { details } : {});
  };
  const list = resultList(body);
  if (!list) return fail(`${EXPECTED}; got ${describeBody(body)}`);

  const scores = new Array<number | undefined>(count).fill(undefined);
  list.forEach((raw, position) => {
    const parsed = resultItem.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "item";
      return fail(`result ${position}: ${field} ${issue?.message ?? "is invalid"} (${EXPECTED}); got ${describeBody(raw)}`);
    }
    const { index } = parsed.data;
    const score = parsed.data.relevance_score ?? parsed.data.score;
    if (score === undefined) {
      return fail(`result ${position} has no relevance_score or score; got ${describeBody(raw)}`);
    }
    if (index >= count) {
      return fail(`result ${position} has index ${index}, but only ${count} documents were sent (indexes 0 to ${count - 1})`, {
        index,
        documents: count,
      });
    }
    if (scores[index] !== undefined) return fail(`index ${index} appears twice`, { index });
    scores[index] = score;
  });

  const missing = scores.flatMap((score, i) => (score === undefined ? [i] : []));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ") + (missing.length > 10 ? ", ..." : "");
    fail(
      `no score for ${missing.length} of ${count} documents (indexes ${shown}); expected one result per document. ` +
        `A server that caps top_n below the number of documents needs a smaller maxDocumentsPerCall`,
      { missing: missing.length, documents: count },
    );
  }
  return scores as number[];
}

function resultList(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (typeof body !== "object" || body === null) return undefined;
  const { results, data } = body as { results?: unknown; data?: unknown };
  if (Array.isArray(results)) return results;
  if (Array.isArray(data)) return data;
  return undefined;
}

/** A short description of a parsed JSON value, naming an object's keys so that a wrong shape is recognisable. */
export function describeBody(value: unknown): string {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    return `an object with keys ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", ..." : ""}`;
  }
  return describeValue(value);
}
