import { type DecodedText, decodeText } from "../decode.js";
import { htmlDepth } from "../depth.js";
import { fileDocument, ensureDepth, ensureNotEmpty, type LoadContext, type LoadedDocument, type Section } from "../document.js";
import { vimHelpSections } from "../text/vim-help.js";
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
    fileDocument(file, {
      content: parsed.content,
      format: "html",
      title: parsed.title,
      sections: withVimHelp(parsed.content, parsed.sections),
      encoding,
      ...(parsed.lang === undefined ? {} : { details: { lang: parsed.lang } }),
      sourceListing: parsed.sourceListing,
    }),
  ];
}

/**
 * A page that is a Vim help file in one `<pre>` (vim2html's, Debian's vim-doc) has no heading but its own: its
 * sections are the help file's, under that heading. Other pages keep theirs.
 */
function withVimHelp(content: string, sections: Section[]): Section[] {
  const outer = sections.find((s) => s.headings.length > 0);
  const path = outer?.headings ?? [];
  if (path.length > 1 || sections.some((s) => s.headings.length > 0 && s.headings.join("\n") !== path.join("\n"))) return sections;
  return vimHelpSections(content, outer === undefined ? undefined : { start: outer.start, path })?.sections ?? sections;
}

function declaredCharset(bytes: Uint8Array): { declaredEncoding?: string } {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString("latin1");
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return charset === undefined ? {} : { declaredEncoding: charset };
}
