import { readFile } from "node:fs/promises";
import { extname, relative, resolve, sep } from "node:path";
import { describeValue, ensureArgument } from "../../errors.js";
import { loadError, type LoadContext, type LoadedDocument, type LoadOptions } from "./document.js";
import { loadHtmlFile } from "./html.js";
import { DEFAULT_CONTENT_KEYS, loadJsonFile } from "./json.js";
import { loadMarkdownFile } from "./markdown.js";
import { loadPdfFile } from "./pdf.js";
import { loadTextFile } from "./text.js";

export type { DocumentFormat, LoadedDocument, LoadOptions, Section } from "./document.js";
export { decodeText, type DecodedText } from "./decode.js";
export { parseHtml, type ParsedHtml } from "./html.js";
export { DEFAULT_CONTENT_KEYS } from "./json.js";
export { parseMarkdown, type ParsedMarkdown } from "./markdown.js";
export { parsePdf, type ParsedPdf } from "./pdf.js";

type Loader = (file: LoadContext) => LoadedDocument[] | Promise<LoadedDocument[]>;

const LOADERS: Readonly<Record<string, Loader>> = {
  ".txt": loadTextFile,
  ".md": loadMarkdownFile,
  ".markdown": loadMarkdownFile,
  ".html": loadHtmlFile,
  ".htm": loadHtmlFile,
  ".json": (file) => loadJsonFile(file, false),
  ".jsonl": (file) => loadJsonFile(file, true),
  ".pdf": loadPdfFile,
};

/** The file extensions {@link loadFile} reads, lower-case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(LOADERS));

/** True when {@link loadFile} can read `path`, judging by its extension (case-insensitive). */
export function isSupportedFile(path: string): boolean {
  return Object.hasOwn(LOADERS, extname(path).toLowerCase());
}

/**
 * Reads one file into documents: one for text, Markdown, HTML and PDF files, one per record for `.json`
 * arrays and `.jsonl` files. Text is decoded whatever its encoding, and the format follows the extension.
 *
 * @throws {RagError} `LOAD_FAILED` when the file cannot be read, has an unsupported extension, is binary,
 * empty or malformed (a bad JSON line fails the whole file); `INVALID_ARGUMENT` for bad options.
 *
 * @example
 * const [doc] = await loadFile("docs/pragma.html", { root: "docs" });
 * doc.id; // "pragma.html"
 * doc.sections?.[3]?.headings; // ["PRAGMA Statements", "List Of PRAGMAs", "PRAGMA analysis_limit"]
 */
export async function loadFile(path: string, options: LoadOptions = {}): Promise<LoadedDocument[]> {
  ensureArgument(typeof path === "string" && path !== "", `loadFile: expected a file path, got ${describeValue(path)}.`);
  const root = resolve(options.root ?? ".");
  const absolute = resolve(path);
  const source = relative(root, absolute).split(sep).join("/") || absolute.split(sep).join("/");
  const contentKeys = resolveContentKeys(options.contentKey);

  const loader = LOADERS[extname(path).toLowerCase()];
  if (loader === undefined) {
    throw loadError(source, `the extension ${extname(path) === "" ? "(none)" : JSON.stringify(extname(path))} is not supported: expected one of ${SUPPORTED_EXTENSIONS.join(" ")}. Convert the file or leave it out.`, {
      details: { reason: "unsupported" },
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw loadError(source, `the file could not be read (${code ?? (cause as Error).message}). Check that it exists and is readable.`, {
      cause,
      details: { reason: "unreadable", code },
    });
  }
  return loader({ path, source, bytes, contentKeys });
}

function resolveContentKeys(contentKey: LoadOptions["contentKey"]): readonly string[] {
  if (contentKey === undefined) return DEFAULT_CONTENT_KEYS;
  const keys = typeof contentKey === "string" ? [contentKey] : contentKey;
  ensureArgument(
    Array.isArray(keys) && keys.length > 0 && keys.every((key) => typeof key === "string" && key !== ""),
    `loadFile: contentKey must be a field name or a non-empty array of them, got ${describeValue(contentKey)}.`,
    { option: "contentKey" },
  );
  return keys;
}
