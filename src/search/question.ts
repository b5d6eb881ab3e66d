// The text embedded for a question. USE-lite (and small sentence encoders like it) give an English question's
// framing ("How do I …", "What is …") as much weight as its subject, so a question lands near other questions and
// passages that share its framing rather than near the passage that answers it. Dropping the lead-in and the
// question mark before embedding moved vector-mode R@5 on the Python documentation's held-out questions from 0.44
// to 0.54 (docs/retrieval.md). The keyword side keeps the text as given.

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
