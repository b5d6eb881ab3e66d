import { type DecodedText, decodeText } from "../decode.js";
import { htmlDepth } from "../depth.js";
import { ensureDepth, ensureNotEmpty, type LoadContext, type LoadedDocument } from "../document.js";
import { parseHtml } from "./parse.js";

/**
 * Loads an `.html`, `.htm` or `.xhtml` file, honouring a `<meta charset>` when the bytes are not UTF-8. `decoded` is
 * its text where a caller has it already.
 */
export function loadHtmlFile(file: LoadContext, decoded?: DecodedText): LoadedDocument[] {
  const { text, encoding } = decoded ?? decodeText(file.bytes, { source: file.source, ...declaredCharset(file.bytes) });
  ensureDepth(file, text, htmlDepth, "HTML elements");
  const parsed = parseHtml(text);
  ensureNotEmpty(file.source, parsed.content, "the page has no text and");
  return [
    {
      id: file.source,
      content: parsed.content,
      ...(parsed.title === undefined ? {} : { title: parsed.title }),
      metadata: { source: file.source, format: "html", encoding, ...(parsed.lang === undefined ? {} : { lang: parsed.lang }) },
      sections: parsed.sections,
      ...(parsed.sourceListing ? { sourceListing: true as const } : {}),
    },
  ];
}

function declaredCharset(bytes: Uint8Array): { declaredEncoding?: string } {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString("latin1");
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return charset === undefined ? {} : { declaredEncoding: charset };
}
