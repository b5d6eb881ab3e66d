// The text embedded for a question. USE-lite (and small sentence encoders like it) give an English question's
// framing ("How do I …", "What is …") as much weight as its subject, so a question lands near other questions and
// passages that share its framing rather than near the passage that answers it. Dropping the lead-in and the
// question mark before embedding moved vector-mode R@5 on the Python documentation's held-out questions from 0.44
// to 0.54 (docs/retrieval.md). The keyword side keeps the text as given.

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

/**
 * Embeds a search question as every search entry point does (`rag.search`, the CLI's `search`, the MCP `search`
 * tool, `evaluateRetrieval`): the {@link embeddingText} of it, or the text as given with `stripLeadIn: false`.
 * @throws {RagError} `EMBEDDING_FAILED` when the embedder returns no vector (see {@link embedQuery}).
 */
export function embedQuestion(embedder: Embedder, question: string, options: EmbedOptions & { stripLeadIn?: boolean } = {}): Promise<Float32Array> {
  const { stripLeadIn = true, ...embedOptions } = options;
  return embedQuery(embedder, stripLeadIn ? embeddingText(question) : question, embedOptions);
}
