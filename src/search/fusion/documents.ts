import type { QueryResult } from "../../db/records.js";
import { byScoreThenId } from "./ranked-list.js";

/** How chunks of one document support it, and how much further chunks of it give way to other documents. */
export interface DocumentRanking {
  /**
   * Share of each further chunk's score added to its document's best chunk: several matching passages are
   * evidence that the page is about the question. 0 ranks a document by its best chunk alone.
   */
  support: number;
  /**
   * Factor applied to a document's 2nd, 3rd, … chunk (`decay`, `decay²`, …), so that one page does not crowd
   * the others out of the top results. 1 leaves them as they are.
   */
  decay: number;
}

/** A chunk's document as page-aware ranking groups chunks: its `documentId`, or the chunk alone when it has none. */
export function documentKey(r: QueryResult): string {
  return r.documentId === null ? `\u0000${r.id}` : r.documentId;
}

/**
 * Page-aware ranking over fused chunk scores (non-negative, higher is better). A document's best chunk takes
 * the document's score: its own plus `support` × the scores of the document's other chunks among the
 * candidates. Each further chunk keeps its own score times `decay` to the power of its place in the document.
 * Chunks without a `documentId` stand alone.
 */
export function rankByDocument(results: readonly QueryResult[], options: DocumentRanking): QueryResult[] {
  const groups = new Map<string, QueryResult[]>();
  for (const r of results) {
    const key = documentKey(r);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [r]);
    else group.push(r);
  }
  const out: QueryResult[] = [];
  for (const group of groups.values()) {
    group.sort(byScoreThenId);
    const [best, ...rest] = group as [QueryResult, ...QueryResult[]];
    const support = rest.reduce((sum, r) => sum + r.score, 0) * options.support;
    out.push({ ...best, score: best.score + support });
    rest.forEach((r, i) => out.push({ ...r, score: r.score * options.decay ** (i + 1) }));
  }
  return out.sort(byScoreThenId);
}
