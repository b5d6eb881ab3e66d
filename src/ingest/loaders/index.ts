import { readFile, stat } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { z } from "zod";
import { describeValue, ensureArgument, isRagError, wellFormedText } from "../../errors.js";
import { parseOptions } from "../../options.js";
import { limitError, resolveLimits, type ResolvedLimits } from "../limits.js";
import { type DecodedText, normalizeNewlines } from "./decode.js";
import { loadError, type LoadContext, type LoadedDocument, type LoadOptions, type TextFormat } from "./document.js";
import { gunzip } from "./gzip.js";
import { formatExtension, isDocumentationName, isGzipped, PLAIN_TEXT_NAMES_HELP, SUPPORTED_EXTENSIONS, type SupportedExtension } from "./extension.js";
import { fileTitle } from "./file-title.js";
import { loadHtmlFile } from "./html/file.js";
import { loadInfoFile } from "./info.js";
import { DEFAULT_CONTENT_KEYS, loadJsonFile } from "./json.js";
import { loadMarkdownFile } from "./markdown.js";
import { loadManFile } from "./man/file.js";
import { loadNotebookFile } from "./notebook.js";
import { loadOrgFile } from "./org.js";
import { loadPdfFile } from "./pdf/file.js";
import { loadPodFile } from "./pod.js";
import { loadTextFile, loadUndeclaredTextFile } from "./text/file.js";

export type { LoadedDocument, LoadOptions, Section, TextFormat } from "./document.js";
export { TEXT_FORMATS } from "./document.js";
export { parseHtml, type ParsedHtml } from "./html/parse.js";
export { fileTitle } from "./file-title.js";
export { parseMarkdown } from "./markdown.js";
export { SUPPORTED_EXTENSIONS } from "./extension.js";

type Loader = (file: LoadContext) => LoadedDocument[] | Promise<LoadedDocument[]>;

const LOADERS: Readonly<Record<SupportedExtension, Loader>> = {
  ".txt": (file) => loadTextFile(file, "text"),
  ".text": (file) => loadTextFile(file, "text"),
  ".rst": (file) => loadTextFile(file, "rst"),
  ".rest": (file) => loadTextFile(file, "rst"),
  ".adoc": (file) => loadTextFile(file, "asciidoc"),
  ".asciidoc": (file) => loadTextFile(file, "asciidoc"),
  ".md": (file) => loadMarkdownFile(file, "markdown"),
  ".markdown": (file) => loadMarkdownFile(file, "markdown"),
  ".mdown": (file) => loadMarkdownFile(file, "markdown"),
  ".mdwn": (file) => loadMarkdownFile(file, "markdown"),
  ".mkd": (file) => loadMarkdownFile(file, "markdown"),
  ".mkdn": (file) => loadMarkdownFile(file, "markdown"),
  ".mkdown": (file) => loadMarkdownFile(file, "markdown"),
  ".mdx": (file) => loadMarkdownFile(file, "mdx"),
  ".html": loadHtmlFile,
  ".htm": loadHtmlFile,
  ".xhtml": loadHtmlFile,
  ".json": (file) => loadJsonFile(file, false),
  ".jsonl": (file) => loadJsonFile(file, true),
  ".pdf": loadPdfFile,
  ".ipynb": loadNotebookFile,
  ".man": (file) => loadManFile(file),
  ".info": (file) => loadInfoFile(file),
  ".pod": (file) => loadPodFile(file),
  ".org": (file) => loadOrgFile(file),
};

const TEXT_FORMAT_LOADERS: Readonly<Record<TextFormat, (file: LoadContext, decoded: DecodedText) => LoadedDocument[]>> = {
  text: (file, decoded) => loadTextFile(file, "text", decoded),
  markdown: (file, decoded) => loadMarkdownFile(file, "markdown", decoded),
  mdx: (file, decoded) => loadMarkdownFile(file, "mdx", decoded),
  html: (file, decoded) => loadHtmlFile(file, decoded),
  rst: (file, decoded) => loadTextFile(file, "rst", decoded),
  asciidoc: (file, decoded) => loadTextFile(file, "asciidoc", decoded),
  man: (file, decoded) => loadManFile(file, decoded),
  info: (file, decoded) => loadInfoFile(file, decoded),
  pod: (file, decoded) => loadPodFile(file, decoded),
  org: (file, decoded) => loadOrgFile(file, decoded),
};

/**
 * Reads text given in memory as a file in `format` is read: Markdown's and HTML's markup parsed (HTML cleaned of its
 * site's chrome), a title and sections found, front matter kept as metadata. The text is taken as decoding its
 * UTF-8 would give it (line endings made `\n`, a lone surrogate U+FFFD), and never tested for being binary. One document, whose
 * id and `source` are `id`; its metadata has `format`, and no `encoding`.
 *
 * @throws {RagError} `LOAD_FAILED` when the text has nothing to index or a parser overflows the stack,
 * `LIMIT_EXCEEDED` when its UTF-8 is over `limits.maxFileBytes` or it nests deeper than `limits.maxDepth`.
 *
 * @example
 * (await parseText("guide", "# Setup\n\n## Install\n\nRun npm i.", "markdown", limits)).sections?.[1]?.headings; // ["Setup", "Install"]
 */
async function parseText(id: string, text: string, format: TextFormat, limits: ResolvedLimits): Promise<LoadedDocument> {
  const size = Buffer.byteLength(text, "utf8");
  if (size > limits.maxFileBytes) throw limitError(id, "maxFileBytes", limits.maxFileBytes, size, "the text's size in UTF-8 bytes");
  const file: LoadContext = { path: id, source: id, bytes: new Uint8Array(0), contentKeys: [], limits };
  // As decoding its UTF-8 would give it: a lone surrogate is U+FFFD (a title or heading holding one would otherwise
  // be refused when stored as metadata).
  const decoded = { text: normalizeNewlines(wellFormedText(text).replace(/^\uFEFF/, "")), encoding: "utf-8" };
  const [doc] = await withParserOverflow(id, () => TEXT_FORMAT_LOADERS[format](file, decoded));
  const { encoding: _encoding, ...metadata } = doc!.metadata;
  return { ...doc!, metadata };
}

/**
 * A document whose text is still to be read in a format (`readAs`), read: its title and sections found, its metadata
 * what the text says (front matter) under what the document says, but for `format`, which is the reader's (the
 * chunker reads Markdown by it); a title the document gives wins over one found in the text. A document without
 * `readAs` is returned as it is.
 *
 * @throws {RagError} as {@link parseText}.
 */
export async function readInFormat(doc: LoadedDocument, limits: ResolvedLimits): Promise<LoadedDocument> {
  const { readAs, ...given } = doc;
  if (readAs === undefined) return doc;
  const read = await parseText(doc.id, doc.content, readAs, limits);
  const metadata = { ...read.metadata, ...given.metadata, format: read.metadata.format };
  return { ...read, metadata, ...(given.title !== undefined ? { title: given.title } : {}) };
}

/**
 * Reads one file into documents: one for text, Markdown, HTML, PDF and notebook files, one per record for `.json`
 * arrays and `.jsonl` files; any of them may be gzip-compressed (`.html.gz`). Text is decoded whatever its encoding,
 * and the format follows the extension. A source's includes, and AsciiDoc's conditionals, are read as written here:
 * `ingest` reads them as the site shows them, jailed to the folders it ingests (see `IngestOptions.followIncludes`).
 *
 * @throws {RagError} `LOAD_FAILED` when the file cannot be read, has an unsupported extension, is binary,
 * empty or malformed (a bad JSON line, or a record whose text cannot be read in its format, fails the whole file), or
 * a parser overflows the stack;
 * `LIMIT_EXCEEDED` when it is over `limits.maxFileBytes`, nests deeper than `limits.maxDepth`, or (PDF) yields
 * more than `limits.maxDocumentChars`; `INVALID_ARGUMENT` for bad options.
 *
 * @example
 * const [doc] = await loadFile("docs/pragma.html", { root: "docs" });
 * doc.id; // "pragma.html"
 * doc.sections?.[3]?.headings; // ["PRAGMA Statements", "List Of PRAGMAs", "PRAGMA analysis_limit"]
 */
export async function loadFile(path: string, options: LoadOptions = {}): Promise<LoadedDocument[]> {
  const file = await readSourceFile(path, options);
  const docs = await parseSourceFile(file);
  // A JSON record's text in a format is read here too (ingest reads it when it plans the record).
  return Promise.all(docs.map((doc) => readInFormat(doc, file.limits)));
}

/**
 * A file read for loading, before parsing: its bytes as stored and resolved names (see {@link readSourceFile}). A
 * gzip-compressed file's bytes stay compressed until it is parsed, so that an unchanged one is recognised by its
 * hash without being decompressed. `extension` is the one it is read by (see `formatExtension`).
 */
export type SourceFile = LoadContext & { loader: Loader; gzipped: boolean; extension: string };

/**
 * Reads a file for {@link parseSourceFile}: checks the extension, then its size against `limits.maxFileBytes`
 * (with stat, before reading it). Split from parsing so that the ingest pipeline can hash the bytes and skip an
 * unchanged file without parsing it.
 *
 * @throws {RagError} `LOAD_FAILED` (unsupported, unreadable) or `LIMIT_EXCEEDED` (too large).
 */
export async function readSourceFile(path: string, options: LoadOptions = {}, resolvedLimits?: ResolvedLimits): Promise<SourceFile> {
  ensureArgument(typeof path === "string" && path !== "", `loadFile: expected a file path, got ${describeValue(path)}.`);
  parseOptions(loadOptionsSchema, options, { caller: "loadFile" });
  const absolute = resolve(path);
  const source = sourceOf(options.root ?? ".", absolute);
  const contentKeys = resolveContentKeys(options.contentKey);
  const limits = resolvedLimits ?? resolveLimits(options.limits);

  const extension = formatExtension(path);
  const loader = isDocumentationName(path) ? loadUndeclaredTextFile : (LOADERS as Readonly<Record<string, Loader | undefined>>)[extension];
  const gzipped = isGzipped(path);
  if (loader === undefined) {
    const named = extension === "" ? "(none)" : JSON.stringify(extension);
    const what = gzipped ? `the extension inside ".gz" is ${named}, which` : `the extension ${named}`;
    throw loadError(
      source,
      `${what} is not supported: expected one of ${SUPPORTED_EXTENSIONS.join(" ")} (or ${PLAIN_TEXT_NAMES_HELP}), each also gzip-compressed (".html.gz"). Convert the file or leave it out.`,
      { details: { reason: "unsupported" } },
    );
  }
  let bytes: Uint8Array;
  try {
    const info = await stat(absolute);
    if (info.size > limits.maxFileBytes) throw limitError(source, "maxFileBytes", limits.maxFileBytes, info.size, "the file size in bytes");
    bytes = await readFile(absolute);
  } catch (cause) {
    if (isRagError(cause)) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    throw loadError(source, `the file could not be read (${code ?? (cause as Error).message}). Check that it exists and is readable.`, {
      cause,
      details: { reason: "unreadable", code },
    });
  }
  // The file may have grown between stat and read.
  if (bytes.byteLength > limits.maxFileBytes) throw limitError(source, "maxFileBytes", limits.maxFileBytes, bytes.byteLength, "the file size in bytes");
  return { path, source, bytes, contentKeys, limits, loader, gzipped, extension };
}

/**
 * Parses a file read by {@link readSourceFile} into documents, decompressing a gzip-compressed one first. A
 * RangeError from a parser (the stack overflowing on input nested past what the depth scan recognises) fails the
 * file with `LOAD_FAILED`.
 *
 * @throws {RagError} also `LIMIT_EXCEEDED` when a gzip-compressed file decompresses past `limits.maxFileBytes`, and
 * `LOAD_FAILED` when it is not valid gzip.
 */
export async function parseSourceFile(file: SourceFile): Promise<LoadedDocument[]> {
  const context = file.gzipped ? { ...file, bytes: gunzip(file.bytes, file.source, file.limits.maxFileBytes) } : file;
  return withParserOverflow(file.source, () => file.loader(context));
}

/** Runs a parser, failing `source` with `LOAD_FAILED` when it overflows the stack (a RangeError) on hostile nesting. */
async function withParserOverflow<T>(source: string, parse: () => T | Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw loadError(source, `parsing failed (${error.message}): the input is probably nested too deeply or too large. Simplify it or leave it out.`, {
      cause: error,
      details: { reason: "parser overflow" },
    });
  }
}

/**
 * A file's `source` and its document's id: its path under `root` with "/" between folders, or its whole path when
 * it is the root itself.
 */
export function sourceOf(root: string, path: string): string {
  const absolute = resolve(path);
  return relative(resolve(root), absolute).split(sep).join("/") || absolute.split(sep).join("/");
}

/**
 * A file's one document titled by the file's name when it has no title inside it (see {@link fileTitle}); a JSON
 * file's records, documents of their own, are left as they are.
 *
 * @example
 * withFileTitle(await parseSourceFile(read), read)[0]?.title; // "fancyvrb README" for a heading-less fancyvrb/README
 */
export function withFileTitle(docs: LoadedDocument[], file: Pick<SourceFile, "extension" | "source">): LoadedDocument[] {
  const only = docs.length === 1 && file.extension !== ".json" && file.extension !== ".jsonl" ? docs[0] : undefined;
  if (only === undefined || only.title !== undefined) return docs;
  const title = fileTitle(file.source);
  return title === undefined ? docs : [{ ...only, title }];
}

const FIELD_NAMES = { error: "a field name or a non-empty array of them" };

/** The options a loader reads; `limits` is checked by resolveLimits. */
const loadOptionsSchema = z.strictObject({
  root: z.string().optional(),
  contentKey: z.union([z.string().min(1), z.array(z.string(FIELD_NAMES).min(1), FIELD_NAMES).min(1)], FIELD_NAMES).optional(),
  limits: z.unknown().optional(),
} satisfies Record<keyof LoadOptions, z.ZodType>);

function resolveContentKeys(contentKey: LoadOptions["contentKey"]): readonly string[] {
  if (contentKey === undefined) return DEFAULT_CONTENT_KEYS;
  return typeof contentKey === "string" ? [contentKey] : contentKey;
}
