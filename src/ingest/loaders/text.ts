import { decodeText } from "./decode.js";
import { ensureNotEmpty, type LoadContext, type LoadedDocument } from "./document.js";

/** Loads a plain-text file: detects its encoding and keeps the text as it is (with `\n` line endings). */
export function loadTextFile(file: LoadContext): LoadedDocument[] {
  const { text, encoding } = decodeText(file.bytes, { source: file.source });
  ensureNotEmpty(file.source, text);
  return [{ id: file.source, content: text, metadata: { source: file.source, format: "text", encoding } }];
}
