import { readFile } from "node:fs/promises";
import wordListPath from "word-list";
import type { WordList, Words } from "../db/collection-context.js";

/**
 * English words (the `word-list` package: 274,000 words and their inflections, from SCOWL), read from its file the
 * first time a query has a word that no chunk holds, and kept for the life of the process as a sorted array of
 * 32-bit hashes: about 1 MB, where a `Set` of the words takes 29 MB. Two words share a hash about once in 15,000
 * queries' worth of lookups; then a slip goes uncorrected, nothing worse. Undefined when the file cannot be read:
 * then no word is corrected.
 */
let words: Promise<Words | undefined> | undefined;

export const englishWords: WordList = () => {
  words ??= readFile(wordListPath, "utf8").then(hashedWords, () => undefined);
  return words;
};

/** The words of a one-word-a-line text, as a sorted array of their hashes searched by bisection. */
export function hashedWords(text: string): Words {
  const lines = text.split("\n");
  const hashes = new Uint32Array(lines.length);
  lines.forEach((line, i) => {
    hashes[i] = fnv1a(line);
  });
  hashes.sort();
  return {
    has(word: string): boolean {
      const hash = fnv1a(word);
      let low = 0;
      let high = hashes.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((hashes[mid] ?? 0) < hash) low = mid + 1;
        else high = mid;
      }
      return hashes[low] === hash;
    },
  };
}

/** The 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
