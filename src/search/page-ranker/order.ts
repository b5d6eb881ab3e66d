import type { CollectionContext } from "../../db/collection-context.js";
import type { QueryResult } from "../../db/records.js";
import { contentWords } from "../../words.js";
import { documentKey } from "../fusion/documents.js";
import { candidatePages } from "./features.js";
import { pageEvidence } from "./evidence.js";
import { pageScore } from "./model.js";

/** The embedder whose scores the learned page order was trained on: a collection of its vectors takes it by default. */
export const PAGE_RANKER_EMBEDDER = "use-lite-512";

/**
 * The default hybrid's chunks with their pages in the learned order: the pages of both sides' candidates scored by
 * gradient-boosted trees over what the two sides and the query terms say of each (see features.ts), trained on the
 * tune halves of the datasets' questions (docs/retrieval.md, thirty-seventh round).
 *
 * The fused order's page scores are handed out again in the model's order: the page the model ranks i-th takes the
 * i-th best page score, and its further chunks keep their place under it (their scores scaled with their page's).
 * So scores still fall down the list, a page's chunks keep their order, and pages come in the model's order.
 */
export async function learnedPageOrder(
  ctx: CollectionContext,
  text: string,
  vector: readonly QueryResult[],
  keyword: readonly QueryResult[],
  fused: readonly QueryResult[],
): Promise<QueryResult[]> {
  const evidence = await pageEvidence(ctx, contentWords(text), [...vector, ...keyword]);
  const pages = candidatePages(vector, keyword, fused, evidence)
    .map((p, i) => ({ key: p.key, score: pageScore(p.features), base: p.features[0]!, i }))
    .sort((a, b) => b.score - a.score || b.base - a.base || a.i - b.i);
  const rank = new Map(pages.map((p, i) => [p.key, i]));
  // Each page's score in the fused order (its first chunk's), best first.
  const heads = new Map<string, QueryResult>();
  for (const r of fused) if (!heads.has(documentKey(r))) heads.set(documentKey(r), r);
  const handed = [...heads.values()].map((r) => r.score).sort((a, b) => b - a);
  const rescored = (r: QueryResult): number => {
    const head = heads.get(documentKey(r))!;
    const given = handed[rank.get(documentKey(r)) ?? handed.length - 1]!;
    if (r === head) return given;
    return head.score > 0 ? (r.score * given) / head.score : r.score;
  };
  const order = fused.map((r, i) => ({ r: { ...r, score: rescored(r) }, page: rank.get(documentKey(r)) ?? pages.length, i }));
  order.sort((a, b) => b.r.score - a.r.score || a.page - b.page || a.i - b.i);
  return order.map((o) => o.r);
}
