import { eng as ENGLISH_STOPWORDS } from "stopword";

// The words of a question that say its topic: what the keyword side matches, and what vector mode embeds beside
// the question (embed/question.ts). Below search and embed, so that both read the same words.

/**
 * Words that carry no topic in a question ("how do I …"). OR-ed, they match nearly every row: dropping them
 * lifted keyword recall and made queries faster (docs/retrieval.md). The list is `stopword`'s English one plus
 * question words and contraction stems it lacks.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  ...ENGLISH_STOPWORDS,
  ...[
    "does",
    "doing",
    "done",
    "why",
    "when",
    "whether",
    "will",
    "whose",
    "whom",
    "its",
    "don",
    "doesn",
    "isn",
    "aren",
    "didn",
    "won",
    "ve",
    "ll",
    "re",
    "s",
    "t",
    "m",
    "d",
  ],
]);

/** A question's words beyond the first 64 are not matched (nor embedded as its content words). */
const MAX_WORDS = 64;

/**
 * The words of a question that are worth matching: letter and digit runs (the runs the unicode61 tokenizer
 * indexes), lower-cased, de-duplicated, in order, without stopwords — unless nothing else remains, so that a
 * question of stopwords alone ("to be or to be") still has words — and at most the first 64 of them.
 *
 * @example
 * contentWords("How do I turn on write-ahead logging?") // ["turn", "write", "ahead", "logging"]
 */
export function contentWords(text: string): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  const content = words.filter((w) => !STOPWORDS.has(w));
  return (content.length > 0 ? content : words).slice(0, MAX_WORDS);
}
