import type { QueryResult } from "../../db/records.js";
import { documentKey } from "../fusion/documents.js";
import { minMaxScaler } from "../fusion/ranked-list.js";

/**
 * What a candidate page is described by, in the order the model reads them. Each is computed from the two sides'
 * candidates and the query terms' evidence ({@link PageEvidence}); docs/retrieval.md (thirty-seventh round) says
 * how they were chosen.
 * - `base`: the page's score in the default hybrid (convex fusion, page-aware), its best chunk's.
 * - `vS` / `kS`: its best chunk's vector / keyword score, min-max scaled over that side's candidates (0 when absent).
 * - `vIn` / `kIn`: 1 when that side returned one of its chunks.
 * - `vCos`: its best cosine (the side's lowest when absent); `vGap`: that less the side's best.
 * - `kRatio`: its best BM25 over the side's best.
 * - `vRR` / `kRR`: 1 / its page rank on each side (0 when absent); `vN` / `kN`: its chunks on each side / 10.
 * - `cov`: the IDF-weighted share of the query terms its candidate chunks hold; `bestCov` the same for its
 *   best-covering chunk; `titleCov` / `headCov` for the title and heading-path columns.
 * - `logSize`: ln(1 + its chunks) / ln(1 + the largest document's).
 * - `pages`: the candidate pages / 100; `vTop`: the vector side's best cosine (the same for every page).
 */
export const PAGE_FEATURES = [
  "base",
  "vS",
  "kS",
  "vIn",
  "kIn",
  "vCos",
  "vGap",
  "kRatio",
  "vRR",
  "kRR",
  "vN",
  "kN",
  "cov",
  "bestCov",
  "titleCov",
  "headCov",
  "logSize",
  "pages",
  "vTop",
] as const;

/** One query term: its IDF over the collection, and the candidate chunks (by id) holding it anywhere, in the title, in the headings. */
export interface TermEvidence {
  idf: number;
  any: ReadonlySet<string>;
  title: ReadonlySet<string>;
  headings: ReadonlySet<string>;
}

/** What the database says about the query terms and the candidates' documents (see `pageEvidence`). */
export interface PageEvidence {
  terms: readonly TermEvidence[];
  /** Chunks of each candidate document, by document id. */
  documentChunks: ReadonlyMap<string, number>;
  /** Chunks of the collection's largest document (at least 1). */
  largestDocument: number;
}

/** A candidate page: its key (its document's, as `documentKey` gives it) and its features in {@link PAGE_FEATURES} order. */
export interface CandidatePage {
  key: string;
  features: number[];
}

/** Pages in the order of their first chunk. */
function pageRanks(list: readonly QueryResult[]): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const r of list) if (!ranks.has(documentKey(r))) ranks.set(documentKey(r), ranks.size);
  return ranks;
}

/**
 * The candidate pages of one hybrid query and their features: the pages of the vector side's chunks (in its order),
 * then the keyword side's others. `fused` is the default hybrid's page-aware ranking of the same chunks.
 */
export function candidatePages(
  vector: readonly QueryResult[],
  keyword: readonly QueryResult[],
  fused: readonly QueryResult[],
  evidence: PageEvidence,
): CandidatePage[] {
  // Each side scaled as convex fusion scales it.
  const sv = minMaxScaler(vector);
  const sk = minMaxScaler(keyword);
  const idfSum = evidence.terms.reduce((s, t) => s + t.idf, 0) || 1;
  const coverage = (column: "any" | "title" | "headings", ids: readonly string[]) =>
    evidence.terms.reduce((s, t) => s + (ids.some((id) => t[column].has(id)) ? t.idf : 0), 0) / idfSum;

  const byPage = new Map<string, { v: QueryResult[]; k: QueryResult[]; document: string | null }>();
  for (const [list, side] of [
    [vector, "v"],
    [keyword, "k"],
  ] as const) {
    for (const r of list) {
      let entry = byPage.get(documentKey(r));
      if (entry === undefined) {
        entry = { v: [], k: [], document: r.documentId };
        byPage.set(documentKey(r), entry);
      }
      entry[side].push(r);
    }
  }
  const base = new Map<string, number>();
  for (const r of fused) if (!base.has(documentKey(r))) base.set(documentKey(r), r.score);
  const vRanks = pageRanks(vector);
  const kRanks = pageRanks(keyword);
  const vTop = vector[0]?.score ?? 0;
  const kTop = keyword[0]?.score ?? 0;
  const vLow = vector.at(-1)?.score ?? 0;
  const logLargest = Math.log(1 + evidence.largestDocument);
  const pages: CandidatePage[] = [];
  for (const [key, e] of byPage) {
    const own = [...new Set([...e.v, ...e.k].map((r) => r.id))];
    const vCos = e.v[0]?.score ?? vLow;
    const vRank = vRanks.get(key);
    const kRank = kRanks.get(key);
    const size = (e.document === null ? undefined : evidence.documentChunks.get(e.document)) ?? 1;
    pages.push({
      key,
      features: [
        base.get(key) ?? 0,
        e.v[0] === undefined ? 0 : sv(e.v[0].score),
        e.k[0] === undefined ? 0 : sk(e.k[0].score),
        e.v.length > 0 ? 1 : 0,
        e.k.length > 0 ? 1 : 0,
        vCos,
        vCos - vTop,
        e.k[0] !== undefined && kTop > 0 ? e.k[0].score / kTop : 0,
        vRank === undefined ? 0 : 1 / (vRank + 1),
        kRank === undefined ? 0 : 1 / (kRank + 1),
        e.v.length / 10,
        e.k.length / 10,
        coverage("any", own),
        Math.max(...own.map((id) => coverage("any", [id]))),
        coverage("title", own),
        coverage("headings", own),
        Math.log(1 + size) / logLargest,
        0,
        0,
      ],
    });
  }
  // The question's own: the same for every page. The vector side's best cosine is its first chunk's, the page of
  // which has it as vCos (with no vector side, every vCos is 0, as vTop is).
  for (const p of pages) {
    p.features[17] = pages.length / 100;
    p.features[18] = vTop;
  }
  return pages;
}
