import type { CollectionContext } from "../db/collection-context.js";
import { tableRef } from "../db/record-sql.js";
import type { FilterNode } from "../filter/index.js";
import { fullTextRows, type FullTextRows } from "./full-text-rows.js";
import { STOPWORDS } from "../words.js";

/**
 * Query words that no chunk holds, matched to the indexed word one typing slip away ("loging" to "logging",
 * "databse" to "database"): a question typed in a hurry otherwise loses the very words that name its topic. The
 * full-text index itself says which words it holds, stemmed as it stems them, so a word and its candidates are
 * checked with `MATCH` against the collection's FTS5 table, within the query's filter; nothing else is stored.
 */

/** Words shorter than this are not corrected: a slip in a short word has too many readings ("db", "ui", "wal"). */
const MIN_LENGTH = 4;
/**
 * Nor longer ones: a word of n letters has about 54·n variants of n letters each, so a 10,000-letter "word" would
 * take gigabytes to look up. Slips in words this long are rare, and such words are seldom English.
 */
const MAX_LENGTH = 20;
/** The most unknown words corrected in one query, so that a long question costs a bounded number of lookups. */
const MAX_CORRECTED = 6;
/** A word corrected to a candidate held by at least this many chunks: a word held once is as likely a slip itself. */
const MIN_CHUNKS = 2;
/** The most chunks counted for a candidate: enough to rank candidates, and a cap on the work of a common word. */
const COUNT_CAP = 1000;
/** The most candidates of one word checked for being written in a chunk as they are (see {@link spellingCorrections}). */
const MAX_CHECKED = 5;
/** The chunks read to find a candidate written as it is. */
const CHECK_ROWS = 20;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Query words as the index is searched for them, and the corrections made. */
export interface SpelledTerms {
  terms: string[];
  /** Each corrected word and what it was read as. */
  corrected: [from: string, to: string][];
}

/**
 * `terms` (lower-cased query words, see `contentWords`) with each word that no chunk within `filter` holds replaced by
 * its correction (see {@link spellingCorrections}), or dropped when it has none, since it matches nothing.
 */
export async function spelledTerms(ctx: CollectionContext, terms: readonly string[], filter: FilterNode): Promise<SpelledTerms> {
  const corrections = await spellingCorrections(ctx, terms, filter);
  const spelled: string[] = [];
  const corrected: [string, string][] = [];
  for (const term of terms) {
    if (!corrections.has(term)) spelled.push(term);
    const correction = corrections.get(term);
    if (correction === undefined) continue;
    spelled.push(correction);
    corrected.push([term, correction]);
  }
  return { terms: [...new Set(spelled)], corrected };
}

/**
 * The words of `terms` (lower-cased, a–z, 4 to 20 letters) that no chunk within `filter` holds and that are no
 * English word, each mapped to its correction, or to undefined when it has none. The correction is a variant one
 * edit away (a letter dropped, added, changed, or two swapped) that at least two chunks within the filter hold and
 * that is no stopword: the one most chunks hold, an English word first where the counts tie. As the index stems,
 * a variant that is no English word ("wille", stemmed "will") counts as often as its stem; it is taken only when a
 * chunk writes it as it is ("sqlite"). Nothing is corrected where the collection has no word list (the web entry).
 */
async function spellingCorrections(ctx: CollectionContext, terms: readonly string[], filter: FilterNode): Promise<Map<string, string | undefined>> {
  const corrections = new Map<string, string | undefined>();
  const english = ctx.words;
  const asked = terms.filter((term) => term.length >= MIN_LENGTH && term.length <= MAX_LENGTH && /^[a-z]+$/.test(term));
  if (asked.length === 0 || english === undefined) return corrections;
  const scope = fullTextRows(ctx, filter);
  const unknown = await ctx.client.execute({
    sql: `SELECT value AS word FROM json_each(?) WHERE NOT EXISTS (${scope.sql(phrase("value"))})`,
    args: [JSON.stringify(asked), ...scope.args],
  });
  if (unknown.rows.length === 0) return corrections;
  const words = await english();
  if (words === undefined) return corrections;
  const missing = unknown.rows
    .map((row) => String(row.word))
    .filter((word) => !words.has(word))
    .slice(0, MAX_CORRECTED);
  if (missing.length === 0) return corrections;
  for (const word of missing) corrections.set(word, undefined);
  const pairs = missing.flatMap((word) => oneEditAway(word).flatMap((variant) => (STOPWORDS.has(variant) ? [] : [[word, variant]])));
  const counted = await ctx.client.execute({
    sql: `SELECT source, word, (SELECT count(*) FROM (${scope.sql(phrase("word"))} LIMIT ${COUNT_CAP})) AS chunks
      FROM (SELECT value ->> 0 AS source, value ->> 1 AS word FROM json_each(?)) WHERE chunks >= ?`,
    args: [...scope.args, JSON.stringify(pairs), MIN_CHUNKS],
  });
  // Each word's best candidates: most chunks first, an English word first among equals.
  const candidates = new Map<string, { word: string; chunks: number; english: boolean }[]>();
  for (const row of counted.rows) {
    const list = candidates.get(String(row.source)) ?? [];
    list.push({ word: String(row.word), chunks: Number(row.chunks), english: words.has(String(row.word)) });
    candidates.set(String(row.source), list);
  }
  for (const list of candidates.values()) {
    list.sort((a, b) => b.chunks - a.chunks || Number(b.english) - Number(a.english));
    list.splice(MAX_CHECKED);
  }
  const toCheck = [...new Set([...candidates.values()].flatMap((list) => list.filter((c) => !c.english).map((c) => c.word)))];
  const written = await writtenAsIs(ctx, scope, toCheck);
  for (const [source, list] of candidates) {
    const best = list.find((c) => c.english || written.has(c.word));
    if (best !== undefined) corrections.set(source, best.word);
  }
  return corrections;
}

/**
 * Which of `words` some chunk within the scope writes as they are, as a whole word in its passage, title or
 * headings (checked on the first 20 chunks that hold each word's stem).
 */
async function writtenAsIs(ctx: CollectionContext, scope: FullTextRows, words: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (words.length === 0) return found;
  const rs = await ctx.client.execute({
    sql: `SELECT v.value AS word, c.content AS content, c.metadata AS metadata
      FROM json_each(?) AS v JOIN ${tableRef(ctx)} AS c ON c.rid IN (${scope.sql(phrase("v.value"))} LIMIT ${CHECK_ROWS})`,
    args: [JSON.stringify(words), ...scope.args],
  });
  // One pattern a word (a–z only, so nothing to escape), not one a row read.
  const patterns = new Map(words.map((word) => [word, new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, "iu")]));
  for (const row of rs.rows) {
    const word = String(row.word);
    const asWord = patterns.get(word);
    if (found.has(word) || asWord === undefined) continue;
    if (asWord.test(String(row.content ?? "")) || asWord.test(String(row.metadata ?? ""))) found.add(word);
  }
  return found;
}

/** An FTS5 phrase of the word an SQL expression gives: `'"' || word || '"'`. */
function phrase(word: string): string {
  return `'"' || ${word} || '"'`;
}

/** The words one edit from `word` (a letter deleted, two neighbours swapped, a letter changed or inserted). */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    if (i < word.length) out.add(head + word.slice(i + 1));
    if (i < word.length - 1) out.add(head + word[i + 1] + word[i] + word.slice(i + 2));
    for (const letter of LETTERS) {
      if (i < word.length) out.add(head + letter + word.slice(i + 1));
      out.add(head + letter + word.slice(i));
    }
  }
  out.delete(word);
  return [...out];
}
