import { basename, extname } from "node:path";

/**
 * The file extensions `loadFile` reads, lower-case with the dot; each may also end in `.gz`. Kept here, apart from
 * the loaders, so that listing them (the CLI's and the MCP server's help) loads no parser. Files named as
 * documentation is without an extension (`README`, `FAQ`, `INSTALL`, …; see {@link PLAIN_TEXT_NAMES}) are read as
 * `.txt`.
 */
export const SUPPORTED_EXTENSIONS = Object.freeze([
  ".txt",
  ".text",
  ".rst",
  ".rest",
  ".adoc",
  ".asciidoc",
  ".md",
  ".markdown",
  ".mdown",
  ".mdwn",
  ".mkd",
  ".mkdn",
  ".mkdown",
  ".mdx",
  ".html",
  ".htm",
  ".xhtml",
  ".json",
  ".jsonl",
  ".pdf",
  ".ipynb",
  ".man",
  ".info",
  ".pod",
  ".org",
] as const);

export type SupportedExtension = (typeof SUPPORTED_EXTENSIONS)[number];

/** Whether `extension` (lower-case, with the dot) is one `loadFile` reads. */
export function isSupportedExtension(extension: string): extension is SupportedExtension {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extension);
}

/** Whether a file is gzip-compressed by its name (`faq.html.gz`). */
export function isGzipped(path: string): boolean {
  return extname(path).toLowerCase() === ".gz";
}

/**
 * The names of the plain-text files that projects and Debian ship beside their documentation without an extension
 * (`README`, `FAQ`, `NEWS`, `INSTALL`, `README.Debian`, `Changes`, Debian's `changelog.gz`). Other files without
 * a supported extension are left out: a folder's `Makefile` or `configure` is not documentation.
 */
const PLAIN_TEXT_NAMES =
  /^(?:readme|faq|install|news|changes|changelog|history|todo|bugs|hacking|contributing|authors|thanks|credits|copying|licen[cs]e|notice)(?:\.(?:debian|source))?$/i;
/** The case such names are written in: "INSTALL", "Changes", Debian's "changelog"; a lower-case "install" is a script. */
const PLAIN_TEXT_CASE = /^(?:[A-Z][A-Z]+|[A-Z][a-z]+|changelog|readme)(?:\.|$)/;

/** The text-file names that {@link PLAIN_TEXT_NAMES} matches, and man pages' names, for help texts. */
export const PLAIN_TEXT_NAMES_HELP = "README, FAQ, INSTALL, NEWS and the like, read as .txt; man pages such as ls.1 or SSL_new.3ssl, read as .man";

/**
 * The extension that says how a file is read, lower-case with the dot: a gzip-compressed file's inner one
 * ("faq.html.gz" is read as ".html"; Debian ships most of /usr/share/doc so), else its own; ".info" for a part of a
 * split Info manual ("find.info-2.gz"); ".txt" for a documentation file named without one ("README", "NEWS.gz",
 * "README.Debian").
 */
export function formatExtension(path: string): string {
  const extension = extname(withoutGzip(path)).toLowerCase();
  if (isSupportedExtension(extension)) return extension;
  // A part of a split Info manual: `find.info-1`, `find.info-2`.
  if (/^\.info-\d+$/.test(extension)) return ".info";
  if (isManPageName(path)) return ".man";
  return isDocumentationName(path) ? ".txt" : extension;
}

/**
 * A man page's name: a section's number, perhaps with a suffix, as its extension (`ls.1`, `curl_easy_setopt.3`,
 * `SSL_new.3ssl`, `Foo::Bar.3pm`, `systemd.unit.5`), or `.man`. Outside a man folder a name is one only when nothing
 * says otherwise: a shared library's `libfoo.so.1`, a version's last number (`jquery-3.6.1`, `v1.2`), a rotated log
 * or backup (`access.log.1`, `notes.txt.1`), an ordinal (`README.1st`) and the formats named with a digit (`.7z`,
 * `.3gp`) are not. In a man folder (`man8/`, `man3/`), any name with a section is: `man8/mkfs.ext4.8`,
 * `man8/ld.so.8`, `man0p/stdio.h.0p`, `mann/after.n`.
 */
const MAN_PAGE_NAME = /^[^.].*\.[1-9][a-z]{0,8}$/i;
const NOT_MAN_PAGE =
  /\.so\.|(?:^v?|[-_.])\d+\.[1-9][a-z]{0,8}$|\.(?:log|txt|md|html?|json|xml|ya?ml|csv|conf|cfg|ini|bak|old|orig|tmp|tar|zip)\.\d+$|\.(?:1st|2nd|3rd|4th|7z|3gp|3g2|3ds|3mf)$/i;
const MAN_FOLDER = /(?:^|[/\\])man(?:[1-9][a-z]*|0p|n|l)[/\\]([^/\\]+)$/i;
const MAN_FOLDER_NAME = /^[^.].*\.(?:[0-9][a-z]{0,8}|n|l)$/i;

/** Whether a file is a man page by its name (see {@link MAN_PAGE_NAME}); it may be gzip-compressed (`ls.1.gz`). */
function isManPageName(path: string): boolean {
  const name = withoutGzip(path);
  if (MAN_FOLDER.test(name)) return MAN_FOLDER_NAME.test(basename(name));
  const file = basename(name);
  return MAN_PAGE_NAME.test(file) && !NOT_MAN_PAGE.test(file);
}

/** A path without its ".gz" ("faq.html.gz" gives "faq.html"), the name its content goes by. */
export function withoutGzip(path: string): string {
  return isGzipped(path) ? path.slice(0, -3) : path;
}

/**
 * Whether a file is read as text by its name alone, having no supported extension ("README", "NEWS.gz",
 * "changelog.Debian.gz"): its content is not declared, so the text loader checks whether it is Markdown.
 */
export function isDocumentationName(path: string): boolean {
  const name = basename(withoutGzip(path));
  if (isSupportedExtension(extname(name).toLowerCase())) return false;
  return PLAIN_TEXT_NAMES.test(name) && PLAIN_TEXT_CASE.test(name);
}
