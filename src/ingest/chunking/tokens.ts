import type { Tiktoken } from "js-tiktoken/lite";

let tokenizer: Promise<Tiktoken> | undefined;

/**
 * Counts `cl100k_base` tokens. The ranks ship inside js-tiktoken and load on first use (about 1 MB), so no
 * network is needed, unlike @langchain's `getEncoding`, which downloads them.
 */
export async function loadTokenCounter(): Promise<(text: string) => number> {
  tokenizer ??= (async () => {
    const [{ Tiktoken }, { default: ranks }] = await Promise.all([import("js-tiktoken/lite"), import("js-tiktoken/ranks/cl100k_base")]);
    return new Tiktoken(ranks);
  })();
  const encoder = await tokenizer;
  // Special-token markers such as "<|endoftext|>" in a document are plain text, not an error.
  return (text) => encoder.encode(text, [], []).length;
}
