import { basename } from "node:path";
import { type DecodedText, decodeText } from "../decode.js";
import { htmlDepth } from "../depth.js";
import { fileDocument, ensureDepth, ensureNotEmpty, type LoadContext, type LoadedDocument, loadError, type Section } from "../document.js";
import { vimHelpSections } from "../text/vim-help.js";
import { parseHtml } from "./parse.js";

/**
 * Loads an `.html`, `.htm` or `.xhtml` file, honouring a `<meta charset>` when the bytes are not UTF-8. `decoded` is
 * its text where a caller has it already. A page that only sends its reader to another (a `<meta http-equiv="refresh">`
 * with a URL, and at most a sentence of text) fails with reason "alias" and `details.aliasOf`, the URL: ingest leaves
 * it out and lists it, as it does a man page's alias.
 */
export function loadHtmlFile(file: LoadContext, decoded?: DecodedText): LoadedDocument[] {
  const { text, encoding } = decoded ?? decodeText(file.bytes, { source: file.source, ...declaredCharset(file.bytes) });
  ensureDepth(file, text, htmlDepth, "HTML elements");
  const parsed = parseHtml(text, { fileName: basename(file.source) });
  const redirect = redirectTarget(text);
  if (redirect !== undefined && parsed.content.length <= MAX_REDIRECT_TEXT) {
    throw loadError(file.source, `it only sends its reader to ${redirect} (<meta http-equiv="refresh">), which holds the text.`, {
      details: { reason: "alias", aliasOf: redirect },
    });
  }
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

/** The most text a redirecting page shows beside its redirect ("The node you are looking for is at Aliasing."). */
const MAX_REDIRECT_TEXT = 300;
const REFRESH = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?refresh\b[^>]*>/i;
const REFRESH_URL = /\bcontent\s*=\s*(["'])\s*\d*(?:\.\d*)?\s*[;,]\s*url\s*=\s*['"]?([^"'>\s]+)/i;

/**
 * Where a page sends its reader with `<meta http-equiv="refresh" content="0; url=Shell-Grammar.html#Aliasing">`, in
 * its first 8 KiB: texinfo's pages of a node's other names, Sphinx's and MkDocs' redirects, Jekyll's
 * `redirect_from`, pandas' moved pages. A refresh without a URL reloads the page itself, which is no redirect.
 */
function redirectTarget(text: string): string | undefined {
  // A refresh inside <noscript> sends only readers without scripts on (LibreOffice's help, to a page saying so).
  const tag = REFRESH.exec(text.slice(0, 8192).replace(/<noscript\b[\s\S]*?<\/noscript\s*>/gi, ""))?.[0];
  return tag === undefined ? undefined : REFRESH_URL.exec(tag)?.[2];
}

function declaredCharset(bytes: Uint8Array): { declaredEncoding?: string } {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString("latin1");
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return charset === undefined ? {} : { declaredEncoding: charset };
}
