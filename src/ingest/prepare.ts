import { contentHash } from "../embed/content-hash.js";
import { RagError } from "../errors.js";
import { checkContent, checkId, metadataJson, type RecordInput } from "../db/records.js";
import { chunkDocument, embeddingText, type Chunk, type ResolvedChunkingOptions } from "./chunking/index.js";
import { INGEST_FORMAT } from "./format.js";
import { limitError, type ResolvedLimits } from "./limits.js";
import { languageCode, textLanguage } from "../search/language.js";
import { lettersAndDigits } from "./loaders/document.js";
import type { LoadedDocument } from "./loaders/index.js";

/** A document chunked and ready to embed: its records (without vectors) and what the embedder is given. */
export interface ChunkedDocument {
  records: Omit<RecordInput, "vector">[];
  /** What the embedder is given for each record: its context header and passage (see embeddingText). */
  texts: string[];
}

/**
 * Checks a document against the limits before anything costly (hashing, chunking) is done with it.
 * @throws {RagError} `INVALID_ARGUMENT` for text holding a NUL character or metadata that is no JSON (`metadataJson`);
 * `LIMIT_EXCEEDED` for too much text or metadata.
 */
export function checkDocumentLimits(doc: LoadedDocument, source: string, limits: ResolvedLimits): void {
  // A document given in memory has its id for its source: said once.
  const named = `Document ${JSON.stringify(doc.id.slice(0, 200))}`;
  checkContent(doc.content, source === doc.id ? named : `${named} from ${source}`);
  if (doc.content.length > limits.maxDocumentChars) {
    throw limitError(
      source,
      "maxDocumentChars",
      limits.maxDocumentChars,
      doc.content.length,
      `the text of document ${JSON.stringify(doc.id.slice(0, 200))} in characters`,
    );
  }
  // Measured as it will be stored, after the checks of storing (a plain JSON.stringify throws an untyped TypeError
  // on a BigInt, and measures NaN as null).
  const metadataBytes = Buffer.byteLength(metadataJson(doc.metadata, `document ${JSON.stringify(doc.id.slice(0, 200))}`));
  if (metadataBytes > limits.maxMetadataBytes) {
    throw limitError(
      source,
      "maxMetadataBytes",
      limits.maxMetadataBytes,
      metadataBytes,
      `the metadata of document ${JSON.stringify(doc.id.slice(0, 200))} in bytes (as JSON)`,
    );
  }
}

/** Characters of a document from which its language is told: a few passages' worth. */
const LANGUAGE_SAMPLE_CHARS = 5000;

/**
 * The document with its language in its metadata, `language` as an ISO 639-1 code told from its text by its function
 * words or script (`textLanguage`), or, when the text does not tell (code, a table of names), by an HTML page's
 * `<html lang>`; so that search can put the hits in a question's language first. A document whose metadata has a
 * `language` already, or whose language nothing tells, is left as it is.
 */
export function withLanguage(doc: LoadedDocument): LoadedDocument {
  if (doc.metadata.language !== undefined) return doc;
  const language = textLanguage(doc.content, LANGUAGE_SAMPLE_CHARS) ?? languageCode(doc.metadata.lang);
  return language === undefined ? doc : { ...doc, metadata: { ...doc.metadata, language } };
}

/**
 * The content hash that decides whether a stored document is unchanged. It includes the ingest format, so that
 * a chunker change re-chunks documents whose text and sections are the same; and which passages a translated page
 * leaves out as repeating the page it mirrors (`leftOut`: that page, then the passages' numbers), so that a page
 * whose passages come back, or go, when its original changes is written again, and only then.
 */
export function fingerprint(doc: LoadedDocument, chunking: ResolvedChunkingOptions, embedderId: string, leftOut: ReadonlyArray<string | number> = []): string {
  const sections = doc.sections?.map((s) => [s.headings, s.start, s.end, s.page ?? null]) ?? null;
  const parts = [INGEST_FORMAT, doc.content, doc.title ?? null, doc.metadata, sections, chunking, embedderId];
  return contentHash(JSON.stringify(leftOut.length === 0 ? parts : [...parts, leftOut]));
}

/**
 * Chunks a document into records, validating ids and metadata here, before embedding, so that a bad document
 * fails alone and costs no embedding calls. `leaveOut` tells, from the chunks' passages, which of them to leave out
 * (the passages of a translated page that repeat its original); a document keeps at least one.
 * @throws {RagError} `INVALID_ARGUMENT` for an id the store cannot hold or metadata it cannot store.
 */
export async function chunkForIngest(
  doc: LoadedDocument,
  chunking: ResolvedChunkingOptions,
  leaveOut?: (passages: string[]) => Promise<ReadonlySet<number> | undefined>,
): Promise<ChunkedDocument> {
  checkId(doc.id, "document");
  metadataJson(doc.metadata, `document ${JSON.stringify(doc.id.slice(0, 200))}`);
  const title = doc.title ?? null;
  let chunks = withoutBareHeadings(await chunkDocument(doc, chunking), doc);
  const out = leaveOut === undefined || chunks.length < 2 ? undefined : await leaveOut(chunks.map((chunk) => chunk.content));
  if (out !== undefined && out.size < chunks.length) chunks = chunks.filter((_, index) => !out.has(index));
  if (chunks.length === 0) throw new RagError("LOAD_FAILED", `Document ${JSON.stringify(doc.id)} has no chunks: expected some text.`);
  // The longest chunk id is the last one's: checked once for all.
  checkId(`${doc.id}#${chunks.length - 1}`, "chunk");
  const records = chunks.map((chunk, index) => ({
    id: `${doc.id}#${index}`,
    documentId: doc.id,
    content: chunk.content,
    metadata: {
      ...doc.metadata,
      source: (doc.metadata.source as string | undefined) ?? doc.id,
      title,
      chunkIndex: index,
      headings: chunk.headings,
      startOffset: chunk.startOffset,
      endOffset: chunk.endOffset,
      ...(chunk.page !== undefined ? { page: chunk.page } : {}),
    },
  }));
  return { records, texts: chunks.map(embeddingText) };
}

/**
 * Drops chunks with nothing to embed (a Markdown comment alone) and chunks whose text is only a heading or the
 * title (a page title line, an empty section), as HTML gives it or written with markup (`## Parameters`, an underlined `Parameters` line, `` `journal_mode` pragma ``): they
 * match many queries on their words alone and carry nothing to retrieve, since the context header says the same.
 * A document keeps at least one chunk.
 */
function withoutBareHeadings(chunks: Chunk[], doc: LoadedDocument): Chunk[] {
  const labels = (c: Chunk) => new Set([...(doc.title ? [doc.title] : []), ...c.headings].map(lettersAndDigits));
  const kept = chunks.filter((c) => {
    // What the embedder reads: a Markdown chunk's prose (a chunk that is all comment has none).
    const body = (c.prose ?? doc.content.slice(c.startOffset, c.endOffset)).trim();
    if (body === "") return false;
    // A line of fenced code is content whatever it says: "req.body;" under the page req.body is its usage.
    if (c.code === true) return true;
    // Blank lines and markup (an underline or rule, a table's border, a fence, a literal-block marker) aside...
    const lines = body.split("\n").filter((line) => line.trim() !== "" && !MARKUP_LINE.test(line));
    // ...a chunk of markup alone (a wide table's borders, cut from its rows by the size) has nothing to retrieve,
    if (lines.length === 0) return false;
    // and only a short chunk can be a heading: the title and headings alone ("lists", "Module", "lists": a
    // reference page's name over its kind, and nothing else).
    if (body.length > 200) return true;
    const known = labels(c);
    return !lines.every((line) => known.has(lettersAndDigits(line)));
  });
  return kept.length > 0 ? kept : chunks.slice(0, 1);
}

/**
 * A line that is markup alone: one punctuation character repeated (an underline, a rule, a code fence), a
 * table's border or a piece of one (`=====  ======`, `+-----+-----+`) or reStructuredText's `::`. A line of
 * operators (`+ - * /`) or `{}` is content.
 */
const MARKUP_LINE = /^[ \t]*(?:([!-/:-@[-`{-~])\1{2,}(?:[ \t]+\1{3,})*|(?=[-=+]*[-=]{3})[-=+]+|::)[ \t]*$/;

/**
 * The failure a document (or file) should be reported with, or undefined for an error that is not about the
 * input (a store outage, a bug) and must propagate. A RangeError is the stack or a string overflowing on
 * hostile input (deep nesting, huge values): that input's failure, as `LOAD_FAILED`.
 */
export function inputFailure(error: unknown): RagError | undefined {
  if (error instanceof RagError) {
    return ["INVALID_ARGUMENT", "DIMENSION_MISMATCH", "CONSTRAINT", "LOAD_FAILED", "LIMIT_EXCEEDED"].includes(error.code) ? error : undefined;
  }
  if (error instanceof RangeError) {
    return new RagError(
      "LOAD_FAILED",
      `The input could not be processed (${error.message}): it is probably nested too deeply or too large. Simplify it or leave it out.`,
      { cause: error },
    );
  }
  return undefined;
}
