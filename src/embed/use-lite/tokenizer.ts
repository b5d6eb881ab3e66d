import type { UseLiteModel } from "./model.js";

/**
 * The model's SentencePiece-style tokenizer, producing exactly the ids of `@energetic-ai/embeddings`'
 * `Tokenizer.encode` (quirks included), in linear rather than quadratic time: the original copies the rest of
 * the text at every position, a cost that grows with the square of the text's length (`docs/benchmarks.md`).
 */
export function createTokenizer(vocabulary: UseLiteModel["vocabulary"]): (text: string) => number[] {
  const reserved = 6;
  interface TrieNode {
    children: Map<string, TrieNode>;
    index: number;
    score: number;
  }
  const root: TrieNode = { children: new Map(), index: -1, score: 0 };
  for (let index = reserved; index < vocabulary.length; index++) {
    const [piece, score] = vocabulary[index]!;
    let node = root;
    for (const symbol of piece) {
      let child = node.children.get(symbol);
      if (!child) {
        child = { children: new Map(), index: -1, score: 0 };
        node.children.set(symbol, child);
      }
      node = child;
    }
    if (node !== root) {
      node.index = index;
      node.score = score;
    }
  }
  const pieceLength = vocabulary.map(([piece]) => piece.length);

  return (text) => {
    const normalized = text.normalize("NFKC");
    if (normalized.length === 0) return [];
    const symbols = Array.from(`\u2581${normalized.replace(/ /g, "\u2581")}`);
    const n = symbols.length;
    // lattice[end] holds (start, token, score, symbol count) quads for every piece ending at `end`.
    const lattice: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let start = 0; start < n; start++) {
      let found = false;
      let node = root.children.get(symbols[start]!);
      for (let end = start + 1; node; end++) {
        if (node.index >= 0) {
          lattice[end]!.push(start, node.index, node.score, end - start);
          found = true;
        }
        node = end < n ? node.children.get(symbols[end]!) : undefined;
      }
      if (!found) lattice[start + 1]!.push(start, 0, 0, 1);
    }
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++) {
      const pieces = lattice[end]!;
      for (let k = 0; k < pieces.length; k += 4) {
        const score = pieces[k + 2]! + best[end - pieces[k + 3]!]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          words[end] = pieces[k + 1]!;
        }
      }
    }
    const reversed: number[] = [];
    for (let at = n; at > 0; at -= pieceLength[words[at]!]!) reversed.push(words[at]!);
    const merged: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      if (!(previousUnknown && id === 0)) merged.push(id);
      previousUnknown = id === 0;
    }
    return merged.reverse();
  };
}
