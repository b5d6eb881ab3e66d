import { decodeHTML } from "entities";
import { scanLines, type MarkdownFlavor, type OpenBlock } from "./markdown-lines.js";
import { mkdocsMarker, TARGET_BRACE, withoutHeadingAttributes, withoutSiteTags } from "./site-markup.js";

/**
 * The prose of a Markdown passage, as an embedder should read it: links and images keep their text and lose
 * their targets, HTML comments go, and markup that is not words goes (heading and list markers stay as plain
 * text; code stays as written). A link's target is often a third of a documentation line's characters, and far
 * more of a sentence encoder's tokens, so that without this a chunk's embedding spends its window on URLs; a
 * comment is not shown to readers at all, yet generated docs carry many (Node.js's API pages hold a
 * `<!-- YAML … -->` block of version history above each function, 3,166 of their 11,419 chunks).
 *
 * Not a Markdown renderer: it works on any slice of a document (a chunk can start inside a list, a code fence
 * or a comment: pass what {@link blocksOf} says is open there), with patterns that cannot run away on hostile
 * text.
 *
 * @example
 * markdownProse("See [the guide](https://example.com/docs/guide.html) and ![logo](img/logo.png).")
 * // "See the guide and logo."
 */
export function markdownProse(markdown: string, open: OpenBlock = {}, flavor: MarkdownFlavor = "markdown"): string {
  return (
    proseLines(markdown, open, flavor)
      .filter((line) => line !== undefined)
      .join("\n")
      // From the first blank of a run only: retried from every blank, a long run would take quadratic time.
      .replace(/(?<![ \t])[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/**
 * {@link markdownProse} before its whitespace is tidied, a dropped line left empty: pieces joined measure about
 * what their parts add up to, as a splitter needs.
 */
export function markdownText(markdown: string, open: OpenBlock = {}, flavor: MarkdownFlavor = "markdown"): string {
  return proseLines(markdown, open, flavor)
    .map((line) => line ?? "")
    .join("\n");
}

/**
 * A passage of tags alone outside code (`</PagesOnly>`, `<docmeta name="displayName" value="api">`: a component's
 * closing line, a site generator's page data, left by the splitter as a chunk of their own) has no prose: nothing to
 * read, yet as near to a short question as any text. Such a chunk then goes as a comment alone does. Code is text:
 * not a passage that starts inside a fence, one that opens a fence (its prose is the code without the fence line),
 * nor one indented as code.
 */
export function withoutTagsAlone(prose: string, markdown: string, open: OpenBlock): string {
  return open.fence === undefined && TAGS_ALONE.test(prose) && !CODE_LINE.test(markdown) ? "" : prose;
}

/** One to twenty tags, opening, closing or empty, and nothing else but space between them. */
const TAGS_ALONE = /^\s*(?:<\/?[A-Za-z][\w.-]{0,60}(?:\s[^<>]{0,2000})?\/?>\s*){1,20}$/;
/** A code fence's line, or a line indented as code (four spaces or a tab), anywhere in a passage. */
const CODE_LINE = /^(?: {0,3}(?:`{3}|~{3})| {4}|\t)/m;

/**
 * Each line's prose, or undefined for a line that is all markup (a fence, a reference definition, a rule, an
 * admonition's bare `:::` marker or MkDocs' `///`, an MDX `import`) or all comment.
 */
function proseLines(markdown: string, open: OpenBlock, flavor: MarkdownFlavor): (string | undefined)[] {
  const lines: (string | undefined)[] = [];
  // A link whose text wraps ("[AI SDK" over "UI](/docs/ai-sdk-ui/overview) for production"): the line that opens it,
  // as written, where its "[" is, and how many lines of its text followed, so that it can lose the "[" once a line
  // after is seen to close the link.
  let opened: OpenedLink | undefined;
  for (const { line, isFence, partial, state, visible } of scanLines(markdown, open, flavor)) {
    const prose = visible !== undefined && state.fence === undefined && !isFence;
    const tail = prose && opened !== undefined ? LINK_TAIL.exec(visible) : null;
    if (tail !== null && opened !== undefined) {
      lines[opened.index] = proseLine(opened.visible.slice(0, opened.at) + opened.visible.slice(opened.at + 1));
    }
    // A line of the link's text between ("[OAuth" over "Authorization Code" over "Flow](https://…)"), up to three.
    const between = tail === null && prose && opened !== undefined && opened.between < 3 && LINK_TEXT_LINE.test(visible) ? opened : undefined;
    opened = undefined;
    // A fence line's info string ("```ts") is not text; inside a fence everything is code.
    if (isFence) lines.push(undefined);
    else if (state.fence !== undefined) lines.push(line);
    else if (visible === undefined) lines.push(undefined);
    else if (tail !== null) {
      // The line that closes one wrapped link may open the next ("UI](/docs/ui) and [AI SDK" over "RSC](/docs/rsc)").
      const text = (tail[1] ?? "") + visible.slice(tail[0].length);
      lines.push(proseLine(text));
      opened = openedLink(text, lines.length - 1);
    }
    // The rest of a line cut by the slice's start is text: a definition, rule or directive begins a line.
    else if (partial) lines.push(proseLine(visible));
    else if (REFERENCE_DEFINITION.test(visible) || TABLE_DELIMITER.test(visible) || THEMATIC_BREAK.test(visible) || SETEXT_EQUALS.test(visible)) {
      lines.push(undefined);
    } else if (CONTENTS_ITEM.test(visible)) {
      // A table of contents: its items name the page's headings, which every chunk's header says already.
      dropContentsLabel(lines);
      lines.push(undefined);
    } else {
      // A container directive (`:::tip Title`, `::: warning`, `:::note[Title]`, MyST's `:::{note}`) keeps only its
      // title, and so does one of MkDocs' block markers (`/// tip | Title`, `!!! note "Title"`, `=== "Tab"`; see
      // mkdocsMarker).
      const directive = DIRECTIVE.exec(visible);
      const marker = directive === null ? mkdocsMarker(visible) : undefined;
      const myst = directive?.groups?.myst;
      // Group 1 is the MyST name; 2 and 3 the title, in brackets or after the name.
      const title = myst === undefined || MYST_TITLED.has(myst) ? (directive?.[2] ?? directive?.[3] ?? "") : "";
      const text = directive ? title.trim() : (marker ?? visible);
      lines.push((directive !== null || marker !== undefined) && text === "" ? undefined : proseLine(text));
      if (directive === null && marker === undefined) {
        opened = openedLink(visible, lines.length - 1) ?? (between === undefined ? undefined : { ...between, between: between.between + 1 });
      }
    }
  }
  return lines;
}

/** A link whose text runs on past its line: the line (`index`, as written), its "[", and how many lines followed. */
interface OpenedLink {
  index: number;
  visible: string;
  at: number;
  between: number;
}

/** The link that `visible`, line `index`, opens at its end and a line after may close ("[AI SDK"), if any. */
function openedLink(visible: string, index: number): OpenedLink | undefined {
  // A "[" in a code span (`a[i`) opens no link.
  const at = OPEN_LINK_TEXT.exec(visible.replace(CODE_SPAN, (span) => "\ue000".repeat(span.length)))?.index;
  return at === undefined ? undefined : { index, visible, at, between: 0 };
}

/** A list item that is nothing but a link to a place in the page: a table of contents' entry. */
const CONTENTS_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[^[\]\n]{1,999}\]\(#[^()\s]{0,999}\)[ \t]*$/;
/** The label over a table of contents ("**Table of contents**", "Contents:", "On this page"). */
const CONTENTS_LABEL = /^(?:table of contents|contents|on this page|in this (?:article|page|document))[ \t]*:?$/i;

/**
 * Drops the label line over a table of contents: the line of prose before its first entry, a blank line or two
 * between. Only the few lines before are looked at, so that a long table costs no more per entry.
 */
function dropContentsLabel(lines: (string | undefined)[]): void {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 3); i -= 1) {
    const line = lines[i];
    if (line === undefined) return; // an entry (the label went with the first) or a line that is all markup
    if (line.trim() === "") continue;
    if (CONTENTS_LABEL.test(line.trim())) lines[i] = undefined;
    return;
  }
}

const DIRECTIVE = /^ {0,3}:{3,}[ \t]*(?:[A-Za-z][\w-]*|\{(?<myst>[A-Za-z][\w-]*)\})[ \t]*(?:\[([^\]\n]{0,999})\])?([^{\n]*)|^ {0,3}:{3,}[ \t]*$/;
/** MyST directives whose argument is a title a reader sees; others take a language or a file (`:::{figure} a.png`). */
const MYST_TITLED = new Set(["admonition", "dropdown", "topic", "sidebar", "card", "tab-item"]);
/** `[label]: target`, which shows nothing; a footnote's `[^label]: text` is its text (see FOOTNOTE_DEFINITION). */
const REFERENCE_DEFINITION = /^ {0,3}\[(?!\^)[^\]\n]{1,999}\]:[ \t]*\S/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]\s]{1,99}\]:[ \t]*/;
/** A footnote's mark in the text ("the limit[^1]"), shown as a number that reads as nothing. */
const FOOTNOTE_REFERENCE = /\[\^[^\]\s]{1,99}\]/g;
/** A GitHub alert's type over its block quote ("> [!NOTE]"), read as its word ("> Note"). */
const ALERT = /^( {0,3}>(?:[ \t]{0,4}>)*[ \t]?)\[!([A-Za-z]{1,20})\]/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+(?:\|[ \t]*)?$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
/** The `===` under a setext heading (a `---` one is a thematic break's shape, dropped above). */
const SETEXT_EQUALS = /^ {0,3}=+[ \t]*$/;
/**
 * Inline code spans, kept as written (`Vec<T>`, `[x](y)` in code are code, not markup). A span opens with a whole run
 * of backticks: tried from inside a long run too, it took quadratic time.
 */
const CODE_SPAN = /(?<!`)(`+)(?!`)([^`]|(?!\1)`)*?\1/g;
// Link and image text holds no "[" (an image inside a link is replaced first) but in one pair of brackets of its own
// ("[@pr-submit[bot]](…)", "[Array[T]](…)"), so that a run of "[" costs a step or two each, not a scan of up to 999
// characters.
/**
 * A link's or image's target in parentheses, with an optional title: `(https://example.com/x "Title")`. A site
 * generator's template expression in it (`({{< relref "install.md" >}})`) may hold blanks (see TARGET_BRACE).
 */
const TARGET = String.raw`\((?:${TARGET_BRACE}|[^()\s{]|\([^()\s]{0,999}\)){0,2000}(?:[ \t]+(?:"[^"\n]{0,999}"|'[^'\n]{0,999}'))?\)`;
const IMAGE = new RegExp(String.raw`!\[([^[\]\n]{0,999})\]${TARGET}`, "g");
const LINK = new RegExp(String.raw`\[((?:[^[\]\n]|\[[^[\]\n]{0,99}\]){0,999})\]${TARGET}`, "g");
/** `[text][ref]`, after no letter, digit or bracket: `options[headers][name]` is an index, not a link. */
const REFERENCE_LINK = /(?<![\p{L}\p{N}\])])\[([^[\]\n]{1,999})\]\[[^[\]\n]{0,999}\]/gu;
/** The end of a link whose text began on the line before: "UI](/docs/ui) …". */
const LINK_TAIL = new RegExp(String.raw`^([^[\]\n]{0,999})\]${TARGET}`);
/** A line of words and no bracket: one that may stand inside a link's text wrapped over lines. */
const LINK_TEXT_LINE = /^[^[\]\n]{0,999}\S[^[\]\n]{0,999}$/;
/** A "[" that no "]" closes on its line, with words after it: a link's text that goes on to the next line. */
const OPEN_LINK_TEXT = /\[[^[\]\n]{1,999}$/;
/** `![alt][ref]`, a reference-style image (most READMEs' badges: `[![Build][ci-img]][ci]`). */
const REFERENCE_IMAGE = /!\[([^[\]\n]{0,999})\]\[[^[\]\n]{0,999}\]/g;
const AUTOLINK = /<(?:https?|ftp|mailto):[^>\s]{0,2000}>/gi;
const BARE_URL = /\bhttps?:\/\/[^\s<>"')\]]{1,2000}/gi;
/** Tags of HTML that Markdown documents embed; other `<…>` (generics, placeholders) are text. */
const HTML_TAG =
  /<\/?(?:a|abbr|b|br|center|code|details|div|em|font|h[1-6]|hr|i|img|kbd|li|ol|p|picture|pre|source|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul|video)\b[^<>]{0,2000}>/gi;
/** A line break, and a superscript number ("2<sup>64</sup>", a note's mark), which must not glue words together. */
const LINE_BREAK_TAG = /<br[ \t]*\/?>/gi;
const SUPERSCRIPT_NUMBER = /<sup>(\d{1,9})<\/sup>/gi;
/** A character reference (`&nbsp;`, `&eacute;`, `&#169;`, `&#x2192;`), decoded by the `entities` package. */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[a-zA-Z][a-zA-Z\d]{1,31});/g;

/** `text` with its character references shown as a page shows them (`&middot;` "·"), a no-break space as a space. */
export function decodeReferences(text: string): string {
  return text.replace(CHARACTER_REFERENCE, (reference) => decodeHTML(reference).replace(/\u00a0/g, " "));
}
const HEADING_OPENER = /^ {0,3}#{1,6}[ \t]+/;
const STRONG = /(\*\*|__)(?=\S)([^\n]{0,2000}?\S)\1/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|>~<])/g;

/**
 * An ATX heading line without its `#` marks, opening and closing ("## Usage ##" reads "Usage"), or undefined for any
 * other line. Found without a pattern that backtracks over a long run of spaces.
 */
export function atxHeadingText(line: string): string | undefined {
  const opener = HEADING_OPENER.exec(line);
  if (opener === null) return undefined;
  const rest = line.slice(opener[0].length).trimEnd();
  let end = rest.length;
  while (end > 0 && rest[end - 1] === "#") end -= 1;
  // The closing run counts only after a space ("C#" keeps its "#"), or as the whole rest.
  return end === rest.length || (end > 0 && !/[ \t]/.test(rest[end - 1] ?? "")) ? rest : rest.slice(0, end).trimEnd();
}

/**
 * An ATX heading line's text (see {@link atxHeadingText}) without its attribute list ("## Usage {#usage}" reads
 * "Usage"); any other line as it is.
 */
function withoutHeadingMarkers(line: string): string {
  const text = atxHeadingText(line);
  return text === undefined ? line : withoutHeadingAttributes(text);
}

function proseLine(line: string): string {
  // Code spans are set aside first (as private-use placeholders), so that nothing in them is taken for markup,
  // and put back without their backticks once links (whose text may be code) are done.
  const spans: string[] = [];
  const masked = line.replace(CODE_SPAN, (span, ticks: string) => `\ue000${spans.push(span.slice(ticks.length, -ticks.length)) - 1}\ue001`);
  return proseText(masked).replace(/\ue000(\d+)\ue001/g, (_, i: string) => spans[Number(i)] ?? "");
}

function proseText(text: string): string {
  const marked = withoutHeadingMarkers(withoutSiteTags(text))
    .replace(FOOTNOTE_DEFINITION, "")
    .replace(FOOTNOTE_REFERENCE, "")
    .replace(ALERT, (_, quote: string, type: string) => `${quote}${type[0]?.toUpperCase()}${type.slice(1).toLowerCase()}`)
    .replace(IMAGE, "$1")
    .replace(REFERENCE_IMAGE, "$1")
    .replace(LINK, "$1")
    .replace(REFERENCE_LINK, "$1")
    .replace(AUTOLINK, "")
    .replace(BARE_URL, "")
    .replace(LINE_BREAK_TAG, " ")
    .replace(SUPERSCRIPT_NUMBER, "^$1")
    .replace(HTML_TAG, "")
    .replace(STRONG, "$2")
    .replace(ESCAPE, "$1");
  // Runs of spaces inside a line (a padded table's cells) are one space to a reader, and to the splitter.
  return decodeReferences(marked).replace(/(\S)[ \t]{2,}(?=\S)/g, "$1 ");
}
