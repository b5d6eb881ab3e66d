// The text embedded for a question. USE-lite (and small sentence encoders like it) give an English question's
// framing ("How do I …", "What is …") as much weight as its subject, so a question lands near other questions and
// passages that share its framing rather than near the passage that answers it. Dropping the lead-in and the
// question mark before embedding moved vector-mode R@5 on the Python documentation's held-out questions from 0.44
// to 0.54 (docs/retrieval.md). The keyword side keeps the text as given.

import { contentWords } from "../words.js";
import { embedQuery } from "./check-embedder.js";
import type { EmbedOptions, Embedder } from "./embedder.js";

/** An English question's lead-in: an interrogative opener, with the auxiliary and pronoun that follow it. */
const LEAD_IN =
  /^(how (do|can|should|would) (i|you|we)|how to|what('s| is| are| does)|is (it|there) (possible|a way) to|can (i|you|we)|why (does|do|is|are)|where (is|are|do|does)|when (does|do|is|should)|which|does|do|is|are)\b\s*/i;

/**
 * The text to embed for a search question: without an English question's lead-in and its closing question marks,
 * or the text unchanged when nothing else would be left (or when it is not such a question).
 *
 * @example
 * embeddingText("How do I turn on write-ahead logging?") // "turn on write-ahead logging"
 */
export function embeddingText(question: string): string {
  const stripped = question
    .trim()
    .replace(LEAD_IN, "")
    .replace(/\?+\s*$/, "")
    .trim();
  return stripped.length > 0 ? stripped : question;
}

/** What a search mode embeds of a question. */
export interface QuestionEmbedding {
  /** `"vector"` embeds the question's content words beside it; other modes the question alone. @default "hybrid" */
  mode?: "vector" | "keyword" | "hybrid" | undefined;
  /** `false` embeds the question as given, not its {@link embeddingText}. @default true */
  stripLeadIn?: boolean | undefined;
}

/**
 * The texts embedded for a search question: its {@link embeddingText} (or the text as given with `stripLeadIn:
 * false`), and in vector mode also its content words, the words the keyword side would match. Vector mode has no
 * keyword side, and USE-lite's vector of a whole question leans on its wording: the mean of the two vectors lifted
 * vector-mode R@5 by 0.019 [+0.008, +0.031] over 2,548 questions on 29 corpora. Hybrid already matches those words
 * on its keyword side, and the words' vector there lowered R@5 (docs/retrieval.md).
 *
 * @example
 * questionTexts("How do I turn on write-ahead logging?", { mode: "vector" })
 * // ["turn on write-ahead logging", "turn write ahead logging"]
 */
export function questionTexts(question: string, { mode = "hybrid", stripLeadIn = true }: QuestionEmbedding = {}): string[] {
  const text = stripLeadIn ? embeddingText(question) : question;
  const words = mode === "vector" ? contentWords(question).join(" ") : "";
  return words === "" || words === text ? [text] : [text, words];
}

/** The mean direction of vectors, as a unit vector: each is scaled to unit length first, so none outweighs another. */
export function meanDirection(vectors: readonly ArrayLike<number>[]): Float32Array {
  const sum = new Float32Array(vectors[0]?.length ?? 0);
  for (const vector of vectors) {
    const norm = length(vector);
    for (let i = 0; i < sum.length; i++) sum[i]! += (vector[i] ?? 0) / norm;
  }
  const norm = length(sum);
  return sum.map((x) => x / norm);
}

/** A vector's Euclidean length, or 1 for a vector of zeros (which then stays zeros). */
function length(vector: ArrayLike<number>): number {
  let squares = 0;
  for (let i = 0; i < vector.length; i++) squares += vector[i]! * vector[i]!;
  return Math.sqrt(squares) || 1;
}

/**
 * Embeds a search question as every search entry point does (`rag.search`, the CLI's `search`, the MCP `search`
 * tool, `evaluateRetrieval`): the {@link questionTexts} of the question in its mode, in one call, and their
 * {@link meanDirection} when there are two.
 * @throws {RagError} `EMBEDDING_FAILED` when the embedder returns no vector (see {@link embedQuery}).
 */
export async function embedQuestion(embedder: Embedder, question: string, options: EmbedOptions & QuestionEmbedding = {}): Promise<Float32Array> {
  const { mode, stripLeadIn, ...embedOptions } = options;
  const texts = questionTexts(question, { mode, stripLeadIn });
  const vectors = await embedQuery(embedder, texts, embedOptions);
  return vectors.length === 1 ? vectors[0]! : meanDirection(vectors);
}
