import { eng as ENGLISH_STOPWORDS } from "stopword";

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
