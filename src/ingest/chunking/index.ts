import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { describeValue, ensureArgument } from "../../errors.js";
import { contextHeader } from "../../search/context-header.js";
import { lettersAndDigits, type LoadedDocument, type Section } from "../loaders/document.js";
import { locatePieces } from "./locate.js";
import { blocksOf, holdsFencedCode, type MarkdownFlavor } from "./markdown-lines.js";
import { balanceScraps } from "./balance.js";
import { markdownProse, markdownText, withoutTagsAlone } from "./markdown-prose.js";
import { resolveChunkingOptions, type ChunkingOptions, type ResolvedChunkingOptions } from "./options.js";
import { loadTokenCounter } from "./tokens.js";
import { memoized } from "../memoized.js";

export { DEFAULT_CHUNKING, resolveChunkingOptions, type ChunkingOptions, type ResolvedChunkingOptions } from "./options.js";

/** One piece of a document, ready to embed and store. */
export interface Chunk {
  /** 0-based position among the document's chunks. */
  index: number;
  /** The passage: exactly `doc.content.slice(startOffset, endOffset)`. */
  content: string;
  /**
   * The context header given to the embedder before the passage ("Title › Section › Subsection"), or "" when
   * `contextHeader` is off or the document has neither title nor headings. See {@link embeddingText}.
   */
  header: string;
  startOffset: number;
  endOffset: number;
  /** The heading path of the section the chunk is in (empty outside any heading). */
  headings: string[];
  /**
   * The passage as the embedder is given it, where that differs from `content`: a Markdown chunk's prose, its
   * links and images without their targets and its markup gone, or another chunk's text without its padding (a
   * padded table's runs of spaces; see {@link embeddingText}).
   */
  prose?: string;
  /** The 1-based PDF page the chunk is on, when the document has pages. */
  page?: number;
  /** The passage holds a line of a Markdown code fence's code: content, whatever its words ("req.body;"). */
  code?: true;
}

/** Paragraphs, then lines, then words; single characters only as a last resort. */
const PLAIN_SEPARATORS = ["\n\n", "\n", " ", ""];
/** The most characters of text before the page's title that still join its section (see `isPreamble`). */
const PREAMBLE_CHARS = 200;
const MARKDOWN_SEPARATORS = ["\n# ", "\n## ", "\n### ", "\n#### ", "\n##### ", "\n###### ", "\n\n---\n", "\n\n***\n", "\n\n___\n", "\n\n", "\n", " ", ""];

/**
 * A recursive splitter whose last resort splits between code points, never inside a surrogate pair, so an
 * emoji or a rare CJK character is not cut in two.
 */
class CodePointSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    return separator === "" ? Array.from(text) : super.splitOnSeparator(text, separator);
  }
}

/**
 * Cuts a document into overlapping chunks of at most `size` characters or tokens with LangChain's recursive
 * splitter (Markdown-aware for Markdown). The size counts what the embedder is given: a Markdown chunk's prose,
 * without link targets and markup (see {@link markdownProse}), any other chunk's text without its padding. Each
 * section is split on its own, so no chunk crosses a heading or a PDF page and every chunk carries its section's
 * heading path. A section holding only a heading is folded into the sub-section that follows it, whose heading
 * path includes it. Chunks are trimmed, in document order and deterministic, and their offsets are exact.
 *
 * @throws {RagError} `INVALID_ARGUMENT` for bad options or sections that overlap or fall outside the content.
 *
 * @example
 * const [doc] = await loadFile("docs/lang_vacuum.html", { root: "docs" });
 * const chunks = await chunkDocument(doc, { size: 800, overlap: 100 });
 * chunks[3]?.headings; // ["2. Description", "2.1. VACUUM with an INTO clause"]
 * chunks[3]?.header; // "VACUUM › 2. Description › 2.1. VACUUM with an INTO clause"
 * chunks[3]?.content === doc.content.slice(chunks[3]!.startOffset, chunks[3]!.endOffset); // true
 */
export async function chunkDocument(doc: LoadedDocument, options: ChunkingOptions = {}): Promise<Chunk[]> {
  ensureArgument(
    typeof doc === "object" && doc !== null && typeof doc.content === "string",
    `chunkDocument: expected a document with a string content, got ${describeValue(doc)}.`,
  );
  const resolved = resolveChunkingOptions(options);
  const format = doc.metadata?.format;
  // A notebook is loaded as the Markdown it reads as.
  const flavor: MarkdownFlavor | undefined = format === "markdown" || format === "ipynb" ? "markdown" : format === "mdx" ? "mdx" : undefined;
  const measure = resolved.unit === "tokens" ? tokenLength(await loadTokenCounter(), resolved.size) : (text: string) => text.length;
  // A chunk is measured by what the embedder reads of it: a Markdown chunk's prose (link targets take none of the
  // size), any other's text with a padded table's runs of spaces as one.
  const length = flavor !== undefined ? proseLength(measure, flavor) : paddedLength(measure);
  const splitters = new Map<number, CodePointSplitter>();
  const splitterFor = (size: number) => {
    let splitter = splitters.get(size);
    if (splitter === undefined) {
      splitter = new CodePointSplitter({
        chunkSize: size,
        chunkOverlap: Math.min(resolved.overlap, size - 1),
        separators: flavor !== undefined ? MARKDOWN_SEPARATORS : PLAIN_SEPARATORS,
        keepSeparator: true,
        lengthFunction: length,
      });
      splitters.set(size, splitter);
    }
    return splitter;
  };

  const openAt = flavor !== undefined ? blocksOf(doc.content, flavor) : undefined;
  // A Markdown span's prose, made once for both the size check below and the chunk that keeps it.
  const proses = new Map<string, string>();
  const proseOf =
    openAt === undefined
      ? undefined
      : (start: number, end: number): string => {
          const key = `${start}:${end}`;
          let prose = proses.get(key);
          if (prose === undefined) {
            prose = markdownProse(doc.content.slice(start, end), openAt(start), flavor);
            proses.set(key, prose);
          }
          return prose;
        };
  // The splitter adds up its pieces' lengths; where a whole chunk's can be more (tokens, Markdown prose), each
  // chunk is measured again as the embedder will get it, and cut further when over the size.
  const sliceLength = (start: number, end: number) => length(doc.content.slice(start, end));
  const exact = proseOf !== undefined ? (start: number, end: number) => measure(proseOf(start, end)) : resolved.unit === "tokens" ? sliceLength : undefined;
  // A span's size as the embedder will get it, for cutting scraps again.
  const spanLength = exact ?? sliceLength;
  const chunks: Chunk[] = [];
  for (const region of regions(doc)) {
    const text = doc.content.slice(region.start, region.end);
    if (text.trim() === "") continue;
    const header = resolved.contextHeader ? fitHeader(contextHeader(doc.title, region.headings), resolved.size, length) : "";
    // The header and the passage share the embedder's window: the passage gets what the header leaves.
    const size = header === "" ? resolved.size : resolved.size - length(`${header}\n\n`);
    const overlap = Math.min(resolved.overlap, size - 1);
    const locate = {
      ...(resolved.unit === "characters" || overlap === 0 ? { maxOverlap: overlap } : {}),
      overlapFits: (shared: string) => length(shared) <= overlap,
    };
    // The splitter's last resort can return pieces untrimmed, even whitespace alone.
    const pieces = (await splitterFor(size).splitText(text)).map((piece) => piece.trim()).filter((piece) => piece !== "");
    const spans: [number, number][] = [];
    for (const span of locatePieces(text, pieces, locate)) {
      if (span === undefined) continue;
      spans.push(...(await fitSpan(doc.content, region.start + span.start, region.start + span.end, { ...resolved, size, overlap }, length, exact, measure)));
    }
    for (const [start, end] of balanceScraps(doc.content, withoutContained(spans), size, spanLength)) {
      const content = doc.content.slice(start, end);
      const prose = proseOf && openAt ? withoutTagsAlone(proseOf(start, end), content, openAt(start)) : withoutPadding(content);
      chunks.push({
        index: chunks.length,
        content,
        header,
        startOffset: start,
        endOffset: end,
        headings: [...region.headings],
        ...(region.page === undefined ? {} : { page: region.page }),
        ...(prose === content ? {} : { prose }),
        ...(openAt && flavor && holdsFencedCode(content, openAt(start), flavor) ? { code: true as const } : {}),
      });
    }
  }
  return chunks;
}

/** The text an embedder is given for a chunk: its context header, a blank line, then the passage. */
export function embeddingText(chunk: Pick<Chunk, "header" | "content" | "prose">): string {
  const passage = chunk.prose ?? chunk.content;
  return chunk.header === "" ? passage : `${chunk.header}\n\n${passage}`;
}

/** The length of a Markdown piece's prose; cached, since the splitter measures the same pieces again and again. */
function proseLength(measure: (text: string) => number, flavor: MarkdownFlavor): (text: string) => number {
  return memoized((text) => measure(markdownText(text, {}, flavor)));
}

/**
 * Text as a reader takes it in, its padding gone: a run of spaces or tabs inside a line one space, and none at a
 * line's end. A table padded for the eye (reStructuredText's, a man page's columns) is mostly spaces, each one of
 * the embedder's tokens; Markdown's prose is folded so too (see {@link markdownProse}).
 */
function withoutPadding(text: string): string {
  // Each run is matched once, whole: a pattern looking past a run for the line's end would go over a long run of
  // spaces once for each of its characters.
  // A run at the text's end is counted as one space, not none: the splitter adds up its pieces' lengths, and a
  // piece's last run may go on in the next one to a word, to read as one space in the two joined.
  return text.replace(/[ \t]{2,}|[ \t](?=[\r\n])/g, (run: string, at: number) => {
    const next = text[at + run.length];
    if (next === "\n" || next === "\r") return "";
    return at > 0 && text[at - 1] !== "\n" ? " " : run;
  });
}

/** A plain chunk's length without its padding (see {@link withoutPadding}). */
function paddedLength(measure: (text: string) => number): (text: string) => number {
  return (text) => measure(withoutPadding(text));
}

/** Spans in order of start, without those inside another (re-split token chunks can repeat a neighbour). */
function withoutContained(spans: readonly [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: [number, number][] = [];
  for (const span of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || span[1] > last[1]) kept.push(span);
  }
  return kept;
}

/**
 * Token counting for the splitter, which measures the same pieces again and again (at each level of
 * recursion, and when it drops overlap), so counts are cached for the duration of one call. A text of more
 * than 32 characters per allowed token is over the limit in any real text; it is not tokenized, its length
 * stands in (the splitter only needs to know it must cut it further).
 */
function tokenLength(count: (text: string) => number, size: number): (text: string) => number {
  const tokens = memoized(count);
  return (text) => (text.length > size * 32 ? text.length : tokens(text));
}

/**
 * Keeps a header within half the chunk size, so the passage always has room: outer headings go first (the
 * title and the innermost heading say the most), then the rest is cut at a word.
 */
function fitHeader(header: string, size: number, length: (text: string) => number): string {
  const budget = Math.floor(size / 2);
  const parts = header.split(" › ");
  while (parts.length > 2 && length(`${parts.join(" › ")}\n\n`) > budget) parts.splice(1, 1);
  let fitted = parts.join(" › ");
  while (fitted !== "" && length(`${fitted}\n\n`) > budget) {
    const cut = fitted.lastIndexOf(" ", fitted.length - 2);
    fitted = cut > 0 ? fitted.slice(0, cut) : "";
  }
  return fitted;
}

/** Whether a section's one line of text is only its heading ("## `journal_mode` pragma" for "journal_mode pragma"). */
function isItsHeading(text: string, heading: string | undefined): boolean {
  return heading !== undefined && lettersAndDigits(text).endsWith(lettersAndDigits(heading));
}

/**
 * The ranges to split: the document's sections, plus any text between them (no headings). Heading-only
 * sections are folded into the descendant section that follows.
 */
function regions(doc: LoadedDocument): Section[] {
  const content = doc.content;
  const sections = [...(doc.sections ?? [])].sort((a, b) => a.start - b.start);
  const out: Section[] = [];
  let position = 0;
  for (const section of sections) {
    ensureArgument(
      Number.isInteger(section.start) && Number.isInteger(section.end) && section.start >= 0 && section.end <= content.length && section.start <= section.end,
      `chunkDocument: section ${JSON.stringify(section.headings)} has offsets ${section.start}..${section.end}, outside the content (0..${content.length}).`,
      { section },
    );
    ensureArgument(section.start >= position, `chunkDocument: sections overlap at offset ${section.start}: expected sections in order and disjoint.`, {
      section,
    });
    if (section.start > position) out.push({ headings: [], start: position, end: section.start });
    out.push(section);
    position = section.end;
  }
  if (position < content.length) out.push({ headings: [], start: position, end: content.length });

  const merged: Section[] = [];
  for (let i = 0; i < out.length; i += 1) {
    const section = out[i];
    if (section === undefined) continue;
    const next = out[i + 1];
    // Lines without a letter or digit are an underlined heading's adornment ("Pragmas\n=======").
    const lines = content
      .slice(section.start, section.end)
      .split("\n")
      .filter((line) => /[\p{L}\p{N}]/u.test(line));
    const headingOnly = lines.length === 1 && isItsHeading(lines[0] ?? "", section.headings.at(-1));
    const folds = headingOnly ? isDescendant(next?.headings ?? [], section.headings) : isPreamble(content, section, next?.headings[0], doc.title);
    if (folds && next !== undefined && next.start === section.end && next.page === section.page) {
      out[i + 1] = { ...next, start: section.start };
      continue;
    }
    merged.push(section);
  }
  return merged;
}

/**
 * A few words before the heading that names the page, outside any section: what the page says of itself before its
 * title (Javadoc's "Module java.base / Package java.util" over "Class HashMap", the Apache manual's breadcrumb).
 * They belong to the title's section, not to a chunk of their own.
 */
function isPreamble(content: string, region: Section, next: string | undefined, title: string | undefined): boolean {
  if (region.headings.length > 0 || next === undefined || title === undefined) return false;
  const [heading, name] = [lettersAndDigits(next), lettersAndDigits(title)];
  const namesPage = name !== "" && heading !== "" && (heading.startsWith(name) || name.startsWith(heading));
  return namesPage && content.slice(region.start, region.end).trim().length <= PREAMBLE_CHARS;
}

function isDescendant(headings: readonly string[], ancestor: readonly string[]): boolean {
  return headings.length > ancestor.length && ancestor.every((heading, i) => headings[i] === heading);
}

/**
 * Token counts and Markdown prose do not add up exactly when pieces are joined, so a merged chunk can come out
 * a little over the limit (`exact` measures it as the embedder will get it). Such a chunk is split again, at
 * words, until every part fits. A Markdown piece measured out of its context can also be measured short (code
 * that starts `import …` read as an MDX import block): when the prose measure finds no cut, the raw text's
 * measure (`raw`, never less than the prose's) does.
 */
async function fitSpan(
  content: string,
  start: number,
  end: number,
  options: ResolvedChunkingOptions,
  length: (text: string) => number,
  exact: ((start: number, end: number) => number) | undefined,
  raw: (text: string) => number,
): Promise<[number, number][]> {
  if (exact === undefined || exact(start, end) <= options.size) return [[start, end]];
  const body = content.slice(start, end);
  const smaller = Math.max(1, Math.floor(options.size * 0.9));
  const cut = async (measure: (text: string) => number) => {
    const splitter = new CodePointSplitter({
      chunkSize: smaller,
      chunkOverlap: Math.min(options.overlap, smaller - 1),
      separators: PLAIN_SEPARATORS,
      keepSeparator: true,
      lengthFunction: measure,
    });
    const pieces = (await splitter.splitText(body)).map((piece) => piece.trim()).filter((piece) => piece !== "");
    return locatePieces(body, pieces, { overlapFits: (shared) => measure(shared) <= options.overlap });
  };
  let spans = await cut(length);
  if (spans.length <= 1 && length !== raw) spans = await cut(raw);
  if (spans.length <= 1) return [[start, end]]; // cannot be cut further (a single code point, say)
  const parts: [number, number][] = [];
  for (const span of spans) {
    if (span !== undefined) parts.push(...(await fitSpan(content, start + span.start, start + span.end, options, length, exact, raw)));
  }
  return parts;
}
