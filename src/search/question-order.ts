import type { QueryResult } from "../db/records.js";
import { inOtherLanguage, languageCode, textLanguage } from "./language.js";
import { DEFAULT_HYBRID, MAX_TOP_K, type MmrOptions, type QueryOptions } from "./options.js";
import type { RerankOptions } from "./rerank/reranker.js";
import { type QueryResults, withExplain } from "./query.js";

/** Which hits a search puts after the others for a question (see {@link inQuestionOrder}). */
export interface QuestionOrderOptions {
  /** Hits in another language than the question's go after those in its language. @default true */
  languageFirst?: boolean;
  /** Hits from release histories (`changelog: true`) go after the others, unless the question asks about changes. @default true */
  changelogsLast?: boolean;
  /**
   * What the search does to its candidates besides ranking them: re-score them with a reranker (`rerank`) or for
   * diversity (`mmr`). Without either, its first `topK` hits are the first of a wider search's, up to
   * {@link ONE_FETCH} hits (it fetches the same candidates for any `topK` up to that), so one search of the wider
   * depth serves both, instead of a second search when some hits go after the others. After a reranker, whose
   * judgement of each hit stands, changelogs are not put last.
   * @default { rerank: false, mmr: false }
   */
  reranks?: { rerank?: boolean; mmr?: boolean };
}

/**
 * Hits up to which a search fetches the same candidates whatever its `topK`: hybrid's `fetchK` and page-aware
 * ranking's candidates are at least this many.
 */
const ONE_FETCH = DEFAULT_HYBRID.fetchK;

/** Hits in another language, of the first `topK`, from which the search is taken for one in several languages. */
const MIN_OTHERS = 3;
const MIN_OTHER_SHARE = 0.2;
/** How much better a hit put after the others must score than the next of them to keep its place before it. */
const STRONGER = 2;
/** How many more hits are fetched, in all, when some go after the others. */
const WIDER = 4;
const MAX_WIDER = 200;

/**
 * Runs a search and puts two kinds of hit after the others, in the order the search gave them:
 * - **hits in another language than the question's**, when at least three of the first `topK` hits, and a fifth of
 *   them, are: the collection holds its pages in several languages. Such a hit keeps its place when it scores over
 *   twice as high as the next hit in the question's language. A hit or two in another language (a page found
 *   only in Portuguese), a collection of one language, and a question whose language is not clear (`textLanguage`)
 *   keep the search's order. A hit's language is its document's (`language` in its metadata, which ingest writes
 *   from the document's whole text); without it, a hit counts as another language when `inOtherLanguage` says so of
 *   its text.
 * - **hits from a release history** (`changelog: true` in its metadata, which ingest writes for a changelog, a NEWS
 *   file, release notes of many versions), when the question does not ask about versions or changes
 *   (`asksAboutChanges`). A changelog names in a few words each thing the documentation explains, so it matches
 *   nearly every question, and answers few.
 * The first hits keep the order the search gave them, and the places the moved hits leave are filled from a search
 * `WIDER` times as deep (at most 1,000 hits). Exactly `topK` hits still come back when that many match.
 */
async function inQuestionOrder(
  question: string,
  topK: number,
  run: (topK: number) => Promise<QueryResults>,
  options: QuestionOrderOptions = {},
): Promise<QueryResults> {
  const { languageFirst = true, reranks = {} } = options;
  const changelogsLast = (options.changelogsLast ?? true) && reranks.rerank !== true;
  const samePrefix = reranks.rerank !== true && reranks.mmr !== true;
  const widerK = Math.min(topK * WIDER, topK + MAX_WIDER, MAX_TOP_K);
  // Fetched at once when that costs no more than `topK` (18 ms either way for 5 or 20 hits of Git's 25,000 chunks).
  const upFront = samePrefix && (languageFirst || changelogsLast) && widerK <= ONE_FETCH ? await run(widerK) : undefined;
  const first = upFront ? withExplain(upFront.slice(0, topK), upFront.explain) : await run(topK);
  const notes: string[] = [];
  const language = languageFirst ? textLanguage(question) : undefined;
  // The wider search finds the first hits again: each hit's language is told once.
  const told = new Map<string, boolean>();
  const isForeign = (hit: QueryResult) => {
    if (language === undefined) return false;
    const known = told.get(hit.id);
    if (known !== undefined) return known;
    const other = hitInOtherLanguage(hit, language);
    told.set(hit.id, other);
    return other;
  };
  // A hit or two in another language is an answer found only there; many are the same pages in other languages.
  const foreign = language !== undefined && first.filter(isForeign).length >= Math.max(MIN_OTHERS, Math.ceil(MIN_OTHER_SHARE * first.length));
  if (foreign) notes.push(`hits in the question's language (${language}) first`);
  const changelogs = changelogsLast && first.some(isChangelog) && !asksAboutChanges(question);
  if (changelogs) notes.push("hits from release histories last");
  if (!foreign && !changelogs) return first;
  const later = (hit: QueryResult) => (foreign && isForeign(hit)) || (changelogs && isChangelog(hit));
  const wider = upFront ?? (first.length < topK || widerK <= topK ? first : await run(widerK));
  // The first hits keep the order the search gave them at `topK`; the wider search only adds hits after them (its
  // fusion, over more candidates, ranks the first ones a little differently).
  const firstIds = new Set(first.map((hit) => hit.id));
  const kept: QueryResult[] = [];
  const after: QueryResult[] = [];
  for (const hit of [...first, ...wider.filter((hit) => !firstIds.has(hit.id))]) (later(hit) ? after : kept).push(hit);
  const hits: QueryResult[] = [];
  for (let i = 0, j = 0; hits.length < topK && (i < kept.length || j < after.length); ) {
    const mine = kept[i];
    const theirs = after[j];
    // A changelog's hit never goes first: hybrid's fused scores put a hit that leads both sides at 1, over twice the
    // next one's, and a changelog's lines often lead both.
    const jumps = theirs !== undefined && mine !== undefined && theirs.score > STRONGER * mine.score && !(changelogs && isChangelog(theirs));
    if (theirs !== undefined && (mine === undefined || jumps)) {
      hits.push(theirs);
      j++;
    } else if (mine !== undefined) {
      hits.push(mine);
      i++;
    }
  }
  // Said only when a hit moved: when every hit is of one kind, the order is the search's.
  if (hits.every((hit, i) => hit.id === first[i]?.id)) return first;
  const considered = kept.length + after.length;
  const explain = { ...wider.explain, notes: [...wider.explain.notes, `${notes.join(", ")}, of ${considered} fetched`] };
  return withExplain(hits, explain);
}

/**
 * Runs `query` with `options` in the question's order ({@link inQuestionOrder}): at `options.topK`, and, when some
 * hits go after the others, at a wider depth, with the caller's `mmr.fetchK` and `rerank.topN` raised to it
 * ({@link deepEnough}). Whether the search re-scores its candidates is read from `options` (`rerank`, `mmr`).
 *
 * @example
 * const hits = await queryInQuestionOrder((o) => collection.query(o), { text, vector, topK: 5, documents: true });
 */
export function queryInQuestionOrder(
  query: (options: QueryOptions) => Promise<QueryResults>,
  options: QueryOptions & { text: string; topK: number },
  order: Omit<QuestionOrderOptions, "reranks"> = {},
): Promise<QueryResults> {
  const { text, topK } = options;
  const run = (k: number) => query({ ...options, ...(k > topK ? deepEnough(options, k) : {}), topK: k });
  return inQuestionOrder(text, topK, run, { ...order, reranks: { rerank: options.rerank !== undefined, mmr: Boolean(options.mmr) } });
}

/**
 * What a wider search behind the question's order must ask besides its `topK`: a caller's `mmr.fetchK` and
 * `rerank.topN` raised to it, since each must be at least `topK` and the caller's were set for its own.
 */
export function deepEnough(options: { mmr?: MmrOptions | boolean; rerank?: RerankOptions }, topK: number): { mmr?: MmrOptions; rerank?: RerankOptions } {
  const { mmr, rerank } = options;
  return {
    ...(typeof mmr === "object" && mmr.fetchK !== undefined && mmr.fetchK < topK ? { mmr: { ...mmr, fetchK: topK } } : {}),
    ...(rerank?.topN !== undefined && rerank.topN < topK ? { rerank: { ...rerank, topN: topK } } : {}),
  };
}

/** Whether a hit is from a release history, as ingest marks it (`changelog: true` in its document's metadata). */
function isChangelog(hit: QueryResult): boolean {
  return hit.metadata.changelog === true;
}

/**
 * A version in a question ("2.39", "v3.11.2"), not an address ("127.0.0.1") or a measure ("0.5 seconds").
 */
const VERSION_ASKED = /(?<![\w.])v?\d+\.\d+(?:\.\d+)?(?![\w.]|\s*(?:s|ms|seconds?|minutes?|hours?|days?|%|[kmgt]i?b|px|em|mm|cm|in)\b)/i;
/**
 * Phrases that ask what changed and when. Words a how-to question uses too count only inside them: "discard changes
 * in my working tree", "the server's address changed", "a file removed in a previous commit", "someone else added
 * commits" and "regression tests" do not ask about versions.
 */
const CHANGES_ASKED = new RegExp(
  [
    "what(?:'s| is) new",
    "new in (?:version|release|v?\\d)",
    "what(?:'s| has| have)? changed",
    "(?:which|what) (?:[\\w.-]+ )?(?:release|version)s?\\b",
    "when (?:was|were|did) [^?.]{1,60}\\b(?:added|introduced|removed|deprecated|dropped|released|changed)",
    "since (?:which|what|when)",
    "(?:release|version)s? (?:introduced|added|removed|deprecated|dropped|changed|fixed)",
    "(?:was|were|been|get|got) (?:added|introduced|removed|deprecated|dropped)",
    "(?:added|introduced|removed|deprecated|dropped|fixed|changed) in (?:version|release|v?\\d)",
    "deprecat\\w*",
    "changelogs?",
    "release notes",
    "upgrade notes",
    "breaking changes",
    "migrat\\w* (?:from|to) ",
    "upgrad\\w* (?:from|to) ",
    "after upgrading",
    "still supported",
    "cve-\\d+",
  ]
    .map((phrase) => `\\b${phrase}`)
    .join("|"),
  "i",
);

/**
 * Whether a question asks about versions or changes, so that a release history may answer it: it names a version
 * ("What changed in 2.39?"), or asks what is new, what was added, deprecated or removed, since which release, how to
 * upgrade from one version to another.
 */
export function asksAboutChanges(question: string): boolean {
  return VERSION_ASKED.test(question) || CHANGES_ASKED.test(question);
}

/**
 * Whether a hit is in another language than `language`: by its document's `language` metadata (ingest writes it;
 * "en-US" is "en"), or, for a document without it, by the hit's own text.
 */
function hitInOtherLanguage(hit: QueryResult, language: string): boolean {
  const stated = languageCode(hit.metadata.language);
  return stated === undefined ? inOtherLanguage(hit.content, language) : stated !== language;
}
