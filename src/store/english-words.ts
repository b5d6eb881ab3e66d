import { readFile } from "node:fs/promises";
import wordListPath from "word-list";
import type { WordList } from "../db/collection-context.js";

/**
 * English words (the `word-list` package: 274,000 words and their inflections, from SCOWL), read from its file the
 * first time a query has a word that no chunk holds, and kept for the life of the process. Undefined when the
 * file cannot be read: then no word is corrected.
 */
let words: Promise<ReadonlySet<string> | undefined> | undefined;

export const englishWords: WordList = () => {
  words ??= readFile(wordListPath, "utf8").then(
    (text) => new Set(text.split("\n")),
    () => undefined,
  );
  return words;
};
