import { type DecodedText, decodeText } from "../decode.js";
import { isRagError, type RagError } from "../../../errors.js";
import { fileDocument, ensureNotEmpty, type LoadContext, type LoadedDocument, loadError, notOfItsFormat } from "../document.js";
import { readManPage } from "./man-page.js";

/**
 * A man page's head holds its title request (`.TH`, mdoc's `.Dd` or `.Dt`) or, at least, opens with roff's comments
 * or requests.
 */
const ROFF_HEAD = /^[.'][ \t]*(?:TH|Dd|Dt|SH|Sh|\\"|de|so|ig|if|ie|ds|nr|TS|PP)\b/m;

/**
 * The failure of a file named as a man page that is not one (a rotated log's `syslog.1`, a program's `python3.9`), by
 * which ingest leaves it out as a file of no format it reads.
 */
function notManPage(source: string, why: string): RagError {
  return notOfItsFormat(source, "a man page's, but it is not roff", why);
}

/** A page's one request, besides comments and blank lines: `.so man3/other.3`. */
const ALIAS = /^(?:[.'][ \t]*\\".*\n|[ \t]*\n)*[.'][ \t]*so[ \t]+(\S+)[ \t]*(?:\n(?:[.'][ \t]*\\".*|[ \t]*))*\n?$/;

/** The page an alias names, when the text is `.so` and comments alone (Debian's `fstat.2` is `.so man2/stat.2`). */
export function aliasTarget(text: string): string | undefined {
  return text.length > 4096 ? undefined : ALIAS.exec(text)?.[1];
}

/**
 * Loads a man page (`ls.1`, `curl_easy_setopt.3.gz`, `SSL_new.3ssl`, `page.man`): roff with the man(7) or mdoc(7)
 * macros, read as a terminal shows it (see `readManPage`). Its title is its NAME line ("CURLOPT_TIMEOUT - maximum
 * time the transfer is allowed to complete") or, when that is long or missing, its name and section
 * ("CURLOPT_TIMEOUT(3)"); its sections are those of `.SH` and `.SS`. A file named so that is not roff (a rotated
 * log's `syslog.1`, a binary) fails with reason "unsupported" and `details.notOfFormat`; a page that only names
 * another (`.so man2/stat.2`) with reason "alias" and `details.aliasOf`. Ingest leaves both out (see `aliasOf`
 * and `isNotOfItsFormat`).
 */
export function loadManFile(file: LoadContext, decoded?: DecodedText): LoadedDocument[] {
  let read: DecodedText;
  try {
    read = decoded ?? decodeText(file.bytes, { source: file.source });
  } catch (error) {
    // A program named as a page (`python3.9`) is no page.
    throw isRagError(error) ? notManPage(file.source, "it is binary") : error;
  }
  const { text, encoding } = read;
  ensureNotEmpty(file.source, text);
  if (!ROFF_HEAD.test(text.slice(0, 64 * 1024))) throw notManPage(file.source, "no request such as .TH or .SH opens a line in its head");
  const alias = aliasTarget(text);
  if (alias !== undefined) {
    throw loadError(file.source, `it is an alias of ${alias} (".so ${alias}"): man shows that page, which holds the text.`, {
      details: { reason: "alias", aliasOf: alias },
    });
  }
  const page = readManPage(text);
  ensureNotEmpty(file.source, page.content, "the man page's text");
  return [
    fileDocument(file, { content: page.content, format: "man", title: page.title, encoding, sections: page.sections.length > 0 ? page.sections : undefined }),
  ];
}
