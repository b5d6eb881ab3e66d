import type { CollectionContext } from "../db/collection-context.js";
import { quoteIdent } from "../db/sql.js";

/**
 * Query words that no chunk holds, matched to the indexed word one typing slip away ("loging" to "logging",
 * "databse" to "database"): a question typed in a hurry otherwise loses the very words that name its topic. The
 * full-text index itself says which words it holds, stemmed as it stems them, so a word and its candidates are
 * checked with `MATCH` against the collection's FTS5 table; nothing else is stored.
 */

/** Words shorter than this are not corrected: a slip in a short word has too many readings ("db", "ui", "wal"). */
const MIN_LENGTH = 4;
/** The most unknown words corrected in one query, so that a long question costs a bounded number of lookups. */
const MAX_CORRECTED = 6;
/** A word corrected to a candidate held by at least this many chunks: a word held once is as likely a slip itself. */
const MIN_CHUNKS = 2;
/** The most chunks counted for a candidate: enough to rank candidates, and a cap on the work of a common word. */
const COUNT_CAP = 1000;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Query words as the index is searched for them, and the corrections made. */
export interface SpelledTerms {
  terms: string[];
  /** Each corrected word and what it was read as. */
  corrected: [from: string, to: string][];
}

/**
 * `terms` (lower-cased query words, see `queryTerms`) with each word that no chunk holds replaced by its correction
 * (see {@link spellingCorrections}), or dropped when it has none, since it matches nothing.
 */
export async function spelledTerms(ctx: CollectionContext, terms: readonly string[]): Promise<SpelledTerms> {
  const corrections = await spellingCorrections(ctx, terms);
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
 * The words of `terms` (lower-cased) of four letters or more (a–z) that no chunk of the collection holds and that
 * are no English word, each mapped to its most common variant one edit away (a letter dropped, added, changed, or
 * two swapped) that at least two chunks hold, or to undefined when it has none. Nothing is corrected where the
 * collection has no word list (the web entry).
 */
async function spellingCorrections(ctx: CollectionContext, terms: readonly string[]): Promise<Map<string, string | undefined>> {
  const corrections = new Map<string, string | undefined>();
  const candidates = terms.filter((term) => term.length >= MIN_LENGTH && /^[a-z]+$/.test(term));
  if (candidates.length === 0 || ctx.words === undefined) return corrections;
  const fts = quoteIdent(ctx.tables.fts);
  const matches = (word: string) => `(SELECT count(*) FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH '"' || ${word} || '"' LIMIT ${COUNT_CAP}))`;
  const unknown = await ctx.client.execute({
    sql: `SELECT value AS word FROM json_each(?) WHERE NOT EXISTS (SELECT 1 FROM ${fts} WHERE ${fts} MATCH '"' || value || '"')`,
    args: [JSON.stringify(candidates)],
  });
  if (unknown.rows.length === 0) return corrections;
  const english = await ctx.words?.();
  if (english === undefined) return corrections;
  const missing = unknown.rows
    .map((row) => String(row.word))
    .filter((word) => !english.has(word))
    .slice(0, MAX_CORRECTED);
  if (missing.length === 0) return corrections;
  for (const word of missing) corrections.set(word, undefined);
  const pairs = missing.flatMap((word) => oneEditAway(word).map((variant) => [word, variant]));
  const rs = await ctx.client.execute({
    sql: `SELECT source, word, ${matches("word")} AS chunks
      FROM (SELECT value ->> 0 AS source, value ->> 1 AS word FROM json_each(?)) WHERE chunks >= ? ORDER BY chunks DESC`,
    args: [JSON.stringify(pairs), MIN_CHUNKS],
  });
  // The most common variant of each word (rows come most common first).
  for (const row of rs.rows) if (corrections.get(String(row.source)) === undefined) corrections.set(String(row.source), String(row.word));
  return corrections;
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
