import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { Lexer, type Token, type Tokens } from "marked";
import { atxHeadingText, decodeReferences } from "../chunking/markdown-prose.js";
import { withoutHeadingAttributes, withoutSiteTags } from "../chunking/site-markup.js";
import { type DecodedText, decodeText } from "./decode.js";
import { markdownDepth } from "./depth.js";
import { namesFile } from "./file-title.js";
import {
  collapseWhitespace,
  ensureDepth,
  ensureNotEmpty,
  fileDocument,
  HeadingTrail,
  sectionsFromHeadings,
  type LoadContext,
  type LoadedDocument,
  type Section,
} from "./document.js";

/** Markdown split into its parts: the text to index, its heading sections, title and front matter. */
export interface ParsedMarkdown {
  /** The Markdown source without its front matter. */
  content: string;
  title?: string;
  sections: Section[];
  /** The front matter's fields, parsed as YAML (nested maps, lists and block strings included). */
  frontMatter: Record<string, unknown>;
  /**
   * The text has a top-level `import … from '…'` or `export const|function|default` paragraph, or a block that is
   * a JSX component (`<Tabs>` … `</Tabs>`, `<Note … />`): it is MDX, as Docusaurus reads its `.md` files.
   */
  esm: boolean;
}

/**
 * Parses Markdown into sections by its ATX (`## x`) and setext (`x\n---`) headings, using marked's lexer so
 * that `#` lines inside code fences are not taken for headings. Only top-level headings count (not those
 * inside lists or block quotes). `source`, the file's path, tells a title among several h1s (see titleHeading).
 *
 * @example
 * parseMarkdown("# Pragmas\n\n## journal_mode\n\nSets the journal mode.").sections
 * // [{ headings: ["Pragmas"], start: 0, end: 11 }, { headings: ["Pragmas", "journal_mode"], start: 11, end: 52 }]
 */
export function parseMarkdown(markdown: string, source?: string): ParsedMarkdown {
  const { body, frontMatter } = splitFrontMatter(markdown.replace(/\r\n?/g, "\n"));
  let content = body.replace(/^\n+/, "");
  let { raw, esm } = lexHeadings(content);
  // A banner is the site's chrome, as a site's header is in HTML: the page starts under it.
  const under = underBanner(content, raw, source);
  if (under !== undefined) {
    content = content.slice(under.start);
    ({ raw, esm } = lexHeadings(content));
  }
  const h1s = raw.filter((heading) => heading.depth === 1);
  const headings = headingPaths(content, raw);
  const fmTitle = typeof frontMatter.title === "string" && frontMatter.title.trim() !== "" ? frontMatter.title.trim() : undefined;
  const title = fmTitle ?? titleHeading(h1s, content.length, source) ?? under?.title;
  return { content, ...(title === undefined ? {} : { title }), sections: sectionsFromHeadings(content, headings), frontMatter, esm };
}

/** The headings of Markdown text at their offsets, and whether the text is MDX (see {@link ParsedMarkdown.esm}). */
function lexHeadings(content: string): { raw: LexedHeading[]; esm: boolean } {
  const raw: LexedHeading[] = [];
  let position = 0;
  let esm = false;
  for (const token of new Lexer({ gfm: true }).lex(content)) {
    const found = locate(content, token.raw, position);
    if (found !== -1) position = found + token.raw.length;
    if ((token.type === "paragraph" && ESM_PARAGRAPH.test(token.raw)) || (token.type === "html" && JSX_BLOCK.test(token.raw))) esm = true;
    const heading = token.type === "heading" ? markdownHeading(token as Tokens.Heading) : token.type === "html" ? htmlHeading(token.raw) : undefined;
    if (heading === undefined || heading.text === "") continue;
    const start = found !== -1 ? found : content.indexOf(token.raw.split("\n")[0] ?? "", position);
    if (start === -1) continue;
    raw.push({ start, end: start + token.raw.trimEnd().length, ...heading });
  }
  return { raw, esm };
}

interface LexedHeading {
  start: number;
  /** Where its block ends, trailing whitespace left out. */
  end: number;
  depth: number;
  text: string;
  /** A block of nothing but an HTML heading centred by `align` or a style. */
  centered?: boolean;
}

/**
 * A changelog's version heading: "9.0.7 (2026-11-06)" (of "[9.0.7](…) (2026-11-06)"), "v2.1.0", "1.4 - 2024-01-02",
 * "1.2.3 / 2020-01-01", "Version 3.0"; not a numbered section ("2.1 Installation", "1.1: Scope", "1.1 - Setup").
 */
const VERSION_HEADING = /^(?:version\s+)?\[?v?\d+\.\d+(?:\.\d+)*(?:[-+][\w.]+)?\]?(?:\s*$|\s*\(|\s+(?:[-–—/]\s*)?\(?\d{4}-\d{2}-\d{2})/i;

/**
 * The heading paths of a file's headings, with a changelog's versions read as its readers read them. Every
 * version is one level, the one most of them take (standard-version writes a patch release "### [21.0.1]" under
 * the minor one "## [21.1.0]" before it, yet it is no part of it; an old "# [8.0.0]" among "##" versions is no
 * title). A version with nothing under it that is followed by
 * headings of its own level ("### [9.0.7] (2026-11-06)", then "### Bug Fixes" and "### Features") holds them: they
 * nest under it until the next version or a shallower heading, so that the fixes keep their version.
 */
function headingPaths(content: string, found: readonly { start: number; depth: number; text: string }[]): { start: number; path: string[] }[] {
  const isVersion = found.map((heading) => VERSION_HEADING.test(heading.text));
  const versions = found.filter((_, i) => isVersion[i]);
  const versionDepth = versions.length >= 2 ? commonestDepth(versions) : undefined;
  const trail = new HeadingTrail();
  let holder: number | undefined;
  return found.map((heading, i) => {
    const next = found[i + 1];
    const version = versionDepth !== undefined && isVersion[i] === true;
    if (version || (holder !== undefined && heading.depth < holder)) holder = undefined;
    let depth = version ? (versionDepth ?? heading.depth) : heading.depth;
    // Under the version that holds it, where that version was moved to.
    if (holder !== undefined && heading.depth === holder) depth = (versionDepth ?? holder) + 0.5;
    else if (version && next !== undefined && next.depth === heading.depth && !isVersion[i + 1] && isBare(content, heading.start, next.start)) {
      holder = heading.depth;
    }
    return { start: heading.start, path: trail.enter(depth, heading.text) };
  });
}

/** The depth most of the headings have, the shallower of two as common. */
function commonestDepth(headings: readonly { depth: number }[]): number {
  const counts = new Map<number, number>();
  for (const { depth } of headings) counts.set(depth, (counts.get(depth) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
}

/**
 * Where the text under a banner starts, and the heading that titles it, when the file opens with one: a block of
 * nothing but a centred HTML h1, with the page's one top heading right under it, nothing between
 * (`<h1 align="center">Fastify</h1>` then `## Routes`, its only `##`, atop most pages of Fastify's docs). The
 * banner is the site's name, the same on every page, neither the page's title nor a section of it; so it is over
 * several sections of one level when the first names the file (`## Hooks` in `Hooks.md`, over "## Request/Reply
 * Hooks" and others). A centred name with text under it (a README's name and tagline), or over several sections of
 * one level (a README's "## Install" and "## Usage"), is the title.
 */
function underBanner(content: string, headings: readonly LexedHeading[], source: string | undefined): { start: number; title: string } | undefined {
  const [first, next] = headings;
  if (first?.centered !== true || first.depth !== 1 || first.start !== 0 || next === undefined) return undefined;
  if (content.slice(first.end, next.start).trim() !== "") return undefined;
  const tops = headings.slice(1).filter((heading) => heading.depth <= next.depth).length;
  return tops === 1 || (source !== undefined && namesFile(next.text, source)) ? { start: next.start, title: next.text } : undefined;
}

/** Whether a heading's section holds nothing but the heading line. */
function isBare(content: string, start: number, end: number): boolean {
  const lineEnd = content.indexOf("\n", start);
  return lineEnd === -1 || lineEnd >= end || content.slice(lineEnd, end).trim() === "";
}

/**
 * Loads a `.md` or `.markdown` file, or an `.mdx` one (Markdown with JSX and `import` lines: its headings and
 * front matter read the same, and the chunker gives the embedder its prose without the JSX markup); front-matter
 * fields go into metadata. A `.md` file with an `import`/`export` paragraph is MDX too (`format: "mdx"`), as
 * Docusaurus writes and reads them.
 */
export function loadMarkdownFile(file: LoadContext, extension: "markdown" | "mdx", decoded?: DecodedText): LoadedDocument[] {
  const { text, encoding } = decoded ?? decodeText(file.bytes, { source: file.source });
  ensureDepth(file, text, markdownDepth, "block quotes and lists");
  const parsed = parseMarkdown(text, file.source);
  // A docs site's index page is often front matter alone (a title and a description over a generated list): the site
  // builds it, and there is nothing to remove.
  if (Object.keys(parsed.frontMatter).length > 0) {
    ensureNotEmpty(
      file.source,
      parsed.content,
      "the text after its front matter",
      "A page of front matter alone (a site generator's section or list page) has nothing to index.",
      true,
    );
  } else ensureNotEmpty(file.source, parsed.content);
  const { title: _title, ...fields } = parsed.frontMatter;
  const format = extension === "mdx" || parsed.esm ? "mdx" : "markdown";
  return [fileDocument(file, { content: parsed.content, format, title: parsed.title, sections: parsed.sections, encoding, fields })];
}

/**
 * Where a token's raw text is, when only whitespace separates it from the previous token. marked trims some
 * raws (lists, code), so the gaps are skipped rather than assumed away.
 */
function locate(content: string, raw: string, from: number): number {
  if (raw === "") return -1;
  const found = content.indexOf(raw, from);
  return found !== -1 && content.slice(from, found).trim() === "" ? found : -1;
}

/**
 * The file's title among its h1s: the only one; the first when it names the file (a README's "# deepmerge" over a
 * longer "# API" section, see namesFile); or the one whose section holds 60% of the text or more ("# LangSmith
 * Client SDK" over its "##" sections, then a short "# Contributing"). h1s that share the file as peers (a changelog's
 * versions, "# Installation" then "# Summary" then "# Credits") are sections, none of them a title.
 */
function titleHeading(h1s: readonly { text: string; start: number }[], length: number, source: string | undefined): string | undefined {
  if (h1s.length === 1) return h1s[0]?.text;
  const first = h1s[0];
  if (first !== undefined && source !== undefined && namesFile(first.text, source)) return first.text;
  return h1s.find((h1, i) => (h1s[i + 1]?.start ?? length) - h1.start >= 0.6 * length)?.text;
}

/**
 * A Markdown heading's depth and text, whitespace collapsed. Its images are left out unless they are all it has: a
 * heading's badges ("# dotenv [![NPM version](…)](…)") are pictures, not its name. Outside code, a site generator's
 * template tags show what the page would (`## Options {{< new-in 0.140.0 />}}` is "Options"), a wiki embed goes, and
 * an ATX heading's attribute list goes (`## Settings {#settings}` is "Settings"), as in the prose.
 */
function markdownHeading(heading: Tokens.Heading): { depth: number; text: string } {
  const read = (images: boolean) => collapseWhitespace(inlineText(heading.tokens, images));
  const text = read(false) || read(true);
  // Only where the source line ends in one, as the prose reads it: not an attribute list in code or escaped.
  const source = atxHeadingText(heading.raw.split("\n")[0] ?? "");
  const attributes = source !== undefined && withoutHeadingAttributes(source) !== source;
  return { depth: heading.depth, text: attributes ? withoutHeadingAttributes(text) : text };
}

/**
 * An HTML heading block on lines of its own (`<h1 align="center">Zod</h1>`, as many READMEs center their name):
 * its depth and text, tags removed. One of nothing but a logo is no heading, and neither is MDX's JSX
 * (`<h1 className="hero">{siteConfig.title}</h1>`).
 */
function htmlHeading(raw: string): { depth: number; text: string; centered: boolean } | undefined {
  const match = HTML_HEADING.exec(raw.trim());
  const attributes = match?.[2] ?? "";
  if (match === null || /\bclassName=/.test(attributes) || /[{}]/.test(match[3] ?? "")) return undefined;
  const text = collapseWhitespace(decodeReferences((match[3] ?? "").replace(/<[^<>]{0,2000}>/g, " ")));
  // Centred, and all the block holds: text after it on its line is the block's too.
  const centered = /(?:^|\s)align\s*=\s*["']?center\b|\btext-align\s*:\s*center\b/i.test(attributes) && match[0].length === raw.trim().length;
  return text === "" ? undefined : { depth: Number(match[1]), text, centered };
}

/**
 * A reference link whose reference no definition gives, which marked leaves as text: mkdocstrings' cross-references
 * (`## Using [Field()][pydantic.Field]`), which the site resolves. It shows its text. The reference is a name and
 * the link stands after no word or bracket, so that a signature's optional arguments (`x[, y][, z]`) and an index
 * (`options[headers][name]`) outside code stay.
 */
const UNDEFINED_REFERENCE = /(?<![\w\])])\[([^[\]\n]{1,999})\]\[(?:[A-Za-z_][\w.:-]{0,200})?\]/g;

const HTML_HEADING = /^<h([1-6])\b([^<>]{0,2000})>([\s\S]{0,5000}?)<\/h\1\s*>/i;

/**
 * The plain text of inline tokens: emphasis and links keep their text, and so does an undefined reference link
 * (see UNDEFINED_REFERENCE); template tags and wiki embeds read as in the prose; character references are the
 * characters they stand for (`&middot;` "·", `&nbsp;` a space); code keeps its code, HTML goes.
 */
function inlineText(tokens: readonly Token[] | undefined, images = true): string {
  let text = "";
  for (const token of tokens ?? []) {
    if (token.type === "html" || (!images && token.type === "image")) continue;
    if ("tokens" in token && Array.isArray(token.tokens) && token.tokens.length > 0) text += inlineText(token.tokens as Token[], images);
    else if (token.type === "br") text += " ";
    // marked keeps a text's character references (`&middot;`) and escapes a stray `&`; the page shows the characters.
    else if (token.type === "text" && typeof token.text === "string") text += decodeReferences(withoutSiteTags(token.text).replace(UNDEFINED_REFERENCE, "$1"));
    else if (token.type === "escape" && typeof token.text === "string") text += decodeReferences(token.text);
    else if ("text" in token && typeof token.text === "string") text += token.text;
  }
  return text;
}

/** An MDX `import … from '…'` or `export const|let|function|default` paragraph. */
const ESM_PARAGRAPH =
  /^(?:import\s+[\w$]+(?:\s*,\s*\{[^}]{0,2000}\})?\s+from\s*['"]|import\s*\{[^}]{0,2000}\}\s*from\s*['"]|import\s*\*\s*as\s+[\w$]+\s+from\s*['"]|import\s*['"]|export\s+(?:const|let|var|function|default)\s)/;

/** A block that is a JSX component: a capitalised tag that closes itself or is closed by name. */
const JSX_BLOCK = /^<([A-Z][\w.]*)\b(?:[^<>]{0,2000}\/>|[\s\S]{0,20000}<\/\1\s*>)/;

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
/** Hugo's TOML front matter, between `+++` lines. */
const TOML_FRONT_MATTER = /^\+\+\+[ \t]*\n([\s\S]*?)\n\+\+\+[ \t]*(?:\n|$)/;

/**
 * Parses YAML front matter with the `yaml` package (YAML 1.2 core schema: dates stay strings, so metadata
 * stays plain JSON), and Hugo's TOML front matter with `smol-toml` (its dates as ISO 8601 strings, a date alone as
 * written). A block that is not a mapping, or not valid YAML or TOML, is left in the text: it was not front
 * matter, and losing it would lose content.
 */
function splitFrontMatter(markdown: string): { body: string; frontMatter: Record<string, unknown> } {
  const toml = TOML_FRONT_MATTER.exec(markdown);
  if (toml !== null) {
    try {
      // Through JSON: TOML's dates become ISO 8601 strings, its tables plain objects, and an integer past 2^53 the
      // string of its digits rather than a rounded number.
      const parsed = parseToml(toml[1] ?? "", { integersAsBigInt: "asNeeded" });
      const value: unknown = JSON.parse(JSON.stringify(parsed, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
      if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
        return { body: markdown.slice(toml[0].length), frontMatter: value as Record<string, unknown> };
      }
    } catch {
      // Not TOML: text.
    }
    return { body: markdown, frontMatter: {} };
  }
  const match = FRONT_MATTER.exec(markdown);
  const block = match?.[1];
  if (match === null || block === undefined || !/^\s*[A-Za-z_][\w.-]*[ \t]*:/.test(block)) return { body: markdown, frontMatter: {} };
  let value: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); uniqueKeys refuses a key given twice.
    value = parseYaml(block, { schema: "core", maxAliasCount: 100, uniqueKeys: true });
  } catch {
    return { body: markdown, frontMatter: {} };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { body: markdown, frontMatter: {} };
  return { body: markdown.slice(match[0].length), frontMatter: value as Record<string, unknown> };
}
