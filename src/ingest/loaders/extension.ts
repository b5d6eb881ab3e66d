import { extname } from "node:path";

/**
 * The file extensions `loadFile` reads, lower-case with the dot; each may also end in `.gz`. Kept here, apart from
 * the loaders, so that listing them (the CLI's and the MCP server's help) loads no parser.
 */
export const SUPPORTED_EXTENSIONS = Object.freeze([
  ".txt",
  ".rst",
  ".adoc",
  ".asciidoc",
  ".md",
  ".markdown",
  ".mdx",
  ".html",
  ".htm",
  ".xhtml",
  ".json",
  ".jsonl",
  ".pdf",
  ".ipynb",
] as const);

export type SupportedExtension = (typeof SUPPORTED_EXTENSIONS)[number];

/** Whether a file is gzip-compressed by its name (`faq.html.gz`). */
export function isGzipped(path: string): boolean {
  return extname(path).toLowerCase() === ".gz";
}

/**
 * The extension that says how a file is read, lower-case with the dot: a gzip-compressed file's inner one
 * ("faq.html.gz" is read as ".html"; Debian ships most of /usr/share/doc so), else its own.
 */
export function formatExtension(path: string): string {
  return isGzipped(path) ? extname(path.slice(0, -3)).toLowerCase() : extname(path).toLowerCase();
}
