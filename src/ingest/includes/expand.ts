import { readFile, realpath } from "node:fs/promises";
import { contentHash } from "../../embed/content-hash.js";
import { decodeText } from "../loaders/decode.js";
import { formatExtension } from "../loaders/extension.js";
import { limitError, type ResolvedLimits } from "../limits.js";
import { AttributeReferences } from "./attribute-references.js";
import { type Attributes, evaluatedLines, firstAttributes, mayHoldConditionals } from "./conditionals.js";
import { findDirectives, type IncludeDirective, type IncludeSyntax, includeSyntax, replaceReferences } from "./directives.js";
import { antoraAttributes, type IncludeJail, resolveTarget } from "./resolve.js";
import { asciidocSelection, snippetSelection, sphinxSelection, withoutFrontMatter } from "./select.js";
import { evaluateOnly, hasOnlyDirectives } from "./sphinx-only.js";

/** Includes of includes followed at most (Asciidoctor stops at 64; documentation nests two or three deep). */
const MAX_NESTING = 16;
/** Extensions of files that Markdown reads in as its own text, not as code: text and HTML (and no extension at all). */
const PROSE = new Set(["", ".txt", ".text", ".html", ".htm"]);

/** A source's text with its includes read in where they stand, and the files read into it. */
export interface ExpandedText {
  text: string;
  /** The real paths of the files read in, each with the hash of its bytes, in the order first read. */
  parts: Array<{ path: string; hash: string }>;
}

/**
 * `text`, the source at `file` (an absolute path), with each include directive replaced by what the site shows of
 * the file it names (see `directives.ts`, `select.ts`), includes of includes followed, and AsciiDoc's conditionals
 * evaluated (see `conditionals.ts`); `undefined` when that changes nothing. A directive whose file is outside the
 * jail, missing, binary, too large, already being included (a cycle) or nested past {@link MAX_NESTING} stays as it
 * is written.
 *
 * @throws {RagError} `LIMIT_EXCEEDED` when the text with its includes is over `limits.maxFileBytes`.
 */
export async function expandIncludes(
  text: string,
  file: string,
  syntax: IncludeSyntax,
  jail: IncludeJail,
  limits: ResolvedLimits,
  source: string,
): Promise<ExpandedText | undefined> {
  const run: Expansion = { jail, parts: new Map(), bytes: limits.maxFileBytes - Buffer.byteLength(text, "utf8"), source, limits, reads: new Map() };
  const real = (await realpath(file).catch(() => undefined)) ?? file;
  const attributes = mayHoldConditionals(syntax) ? firstAttributes(await antoraAttributes(real, jail)) : undefined;
  const expanded = await expand(text, real, syntax, [real], run, attributes);
  return expanded === text ? undefined : { text: expanded, parts: [...run.parts].map(([path, hash]) => ({ path, hash })) };
}

/**
 * One source's expansion: its jail, the parts read into it (real path to hash), the bytes left under
 * `limits.maxFileBytes`, and each part's read (one read each, however often it is included).
 */
interface Expansion {
  jail: IncludeJail;
  parts: Map<string, string>;
  bytes: number;
  source: string;
  limits: ResolvedLimits;
  reads: Map<string, Promise<{ text: string; hash: string } | undefined>>;
}

/**
 * `text` expanded; `attributes`, for AsciiDoc, are those in force where it starts, and change as its lines and its
 * parts set them: an AsciiDoc part is read where its `include::` line stands, so that what it sets (a shared
 * `attributes.adoc` included at the top of each page) holds for the lines after it, as in Asciidoctor. Its attribute
 * references are replaced as the lines are read (attribute-references.ts), but in a part included into a verbatim
 * block (`verbatim`).
 */
async function expand(
  text: string,
  file: string,
  syntax: IncludeSyntax,
  stack: readonly string[],
  run: Expansion,
  attributes?: Attributes,
  verbatim = false,
): Promise<string> {
  // What each AsciiDoc include read as its line was evaluated shows, by the line's start in the evaluated text.
  const read = new Map<number, string | undefined>();
  if (attributes !== undefined && mayHoldConditionals(syntax)) {
    const references = new AttributeReferences(attributes, verbatim, (bytes) => spend(run, bytes));
    const lines: string[] = [];
    let at = 0;
    for (const evaluated of evaluatedLines(text, attributes)) {
      const directive = evaluated.startsWith("include::") ? findDirectives(evaluated, syntax)[0] : undefined;
      if (directive?.base === "asciidoc") read.set(at, await included(directive, file, syntax, stack, run, attributes, references.inVerbatim));
      const line = references.line(evaluated);
      lines.push(line);
      at += line.length + 1;
    }
    text = lines.join("\n");
  } else if (syntax === "rst" && hasOnlyDirectives(text)) text = evaluateOnly(text);
  const directives = findDirectives(text, syntax);
  if (directives.length === 0) return text;
  let out = "";
  let at = 0;
  for (const directive of directives) {
    const shown = read.has(directive.start) ? read.get(directive.start) : await included(directive, file, syntax, stack, run, attributes);
    if (shown === undefined) continue;
    out += text.slice(at, directive.start) + shown;
    at = directive.end;
  }
  return out + text.slice(at);
}

/** What one directive shows, with a line break at its end; `undefined` when it stays as written. */
async function included(
  directive: IncludeDirective,
  file: string,
  syntax: IncludeSyntax,
  stack: readonly string[],
  run: Expansion,
  attributes: Attributes | undefined,
  verbatim = false,
): Promise<string | undefined> {
  if (stack.length > MAX_NESTING) return undefined;
  let { path: target, selector } = splitTarget(directive);
  if (directive.base === "asciidoc" && attributes !== undefined) target = replaceReferences(target, (name) => attributes.get(name) ?? undefined);
  const path = await resolveTarget(target, file, directive.base, run.jail);
  if (path === undefined || stack.includes(path)) return undefined;
  let reading = run.reads.get(path);
  if (reading === undefined) {
    reading = readPart(path, run.limits);
    run.reads.set(path, reading);
  }
  const read = await reading;
  if (read === undefined) return undefined;
  const partSyntax = includeSyntax(formatExtension(path));
  let shown =
    directive.base === "asciidoc"
      ? asciidocSelection(read.text, directive.options)
      : directive.base === "sphinx"
        ? sphinxSelection(read.text, directive.options)
        : snippetSelection(read.text, selector, directive.options);
  if (shown === undefined) return undefined;
  if (partSyntax === "markdown") shown = withoutFrontMatter(shown);
  // Code read into Markdown outside a fence is fenced, so that its `#` comments are no headings.
  const code = syntax === "markdown" && partSyntax !== "markdown" && directive.inCode === false && !PROSE.has(formatExtension(path));
  if (!run.parts.has(path)) run.parts.set(path, read.hash);
  shown =
    directive.literal || code
      ? literalBlock(shown, directive, syntax, code ? codeLanguage(path) : undefined)
      : await expand(shown, path, partSyntax ?? syntax, [...stack, path], run, attributes, verbatim);
  if (!directive.literal && !code && directive.indent !== "") shown = shown.replace(/^(?=.)/gm, directive.indent);
  spend(run, Buffer.byteLength(shown, "utf8"));
  return shown.endsWith("\n") || shown === "" ? shown : `${shown}\n`;
}

/**
 * Counts `bytes` more of the text against `limits.maxFileBytes`: what a part or an attribute's value adds.
 * @throws {RagError} `LIMIT_EXCEEDED` once the text with its includes and attribute values is over it.
 */
function spend(run: Expansion, bytes: number): void {
  run.bytes -= bytes;
  if (run.bytes < 0)
    throw limitError(
      run.source,
      "maxFileBytes",
      run.limits.maxFileBytes,
      `more than ${run.limits.maxFileBytes}`,
      "the size of the text with its includes and attribute values, in UTF-8 bytes",
    );
}

/** The path a directive names, and a snippet's selector split off it (`part.md:3:8`, `part.md:install`). */
export function splitTarget(directive: IncludeDirective): { path: string; selector?: string } {
  const path = directive.target;
  const m = directive.base === "site" ? /^([^:]+\.[\w-]{1,10}):(\d*:\d*|[\w.-]+)$/.exec(path) : null;
  return m === null ? { path } : { path: m[1]!, selector: m[2]! };
}

/** A part's text and the hash of its bytes; `undefined` when it cannot be read (see {@link readTextFile}). */
async function readPart(path: string, limits: ResolvedLimits): Promise<{ text: string; hash: string } | undefined> {
  const read = await readTextFile(path, limits);
  return read === undefined ? undefined : { text: read.text, hash: contentHash(read.bytes) };
}

/** A file's text and bytes; `undefined` when it cannot be read, is over `limits.maxFileBytes` or is binary. */
export async function readTextFile(path: string, limits: ResolvedLimits): Promise<{ text: string; bytes: Uint8Array } | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined || bytes.byteLength > limits.maxFileBytes) return undefined;
  try {
    return { text: decodeText(bytes, { source: path }).text, bytes };
  } catch {
    return undefined;
  }
}

/**
 * Code read in by reStructuredText's `literalinclude` (or `include` with `:literal:`/`:code:`) or MyST's
 * `{literalinclude}`: a literal block, as the page shows it, in the language the directive names.
 */
function literalBlock(code: string, directive: IncludeDirective, syntax: IncludeSyntax, fileLanguage?: string): string {
  const language = directive.options.language ?? directive.options.code ?? fileLanguage ?? "";
  const body = code.replace(/\n+$/, "");
  if (syntax === "markdown") return `${directive.indent}\`\`\`${language}\n${body.replace(/^(?=.)/gm, directive.indent)}\n${directive.indent}\`\`\`\n`;
  const inner = `${directive.indent}   `;
  return `${directive.indent}.. code-block::${language === "" ? "" : ` ${language}`}\n\n${body.replace(/^(?=.)/gm, inner)}\n\n`;
}

/** A code fence's language for a file: its extension, `py` for `app.py`. */
function codeLanguage(path: string): string {
  return formatExtension(path).slice(1);
}
