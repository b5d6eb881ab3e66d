/**
 * Markup that site generators add to Markdown, read as the built page shows it: template tags, attribute lists, and
 * MkDocs' block markers and include lines (see {@link mkdocsMarker}).
 *
 * A site generator's template tags in Markdown sources, read as the built page shows them: Hugo's shortcodes
 * (`{{< figure src="a.png" caption="The sunset" >}}`, `{{% note %}}` … `{{% /note %}}`) and Liquid's tags in
 * Jekyll and GitHub-style sources (`{% include note.html content="Back up first." %}`, `{% raw %}`). A tag shows
 * nothing of its own name or its arguments but for those that are words for the reader: a figure's caption, an image's
 * alt text, a tooltip's text, a tab's header. What a paired tag wraps is the page's text and stays, but for what
 * `{% raw %}` shows as written and what `{% comment %}` hides (on one line). The escaped form that documentation about
 * shortcodes uses to show one (`{{</* figure *\/>}}`) is text, and so is a Liquid output (`{{ page.title }}`), which
 * may be a template language's own syntax that the page is about. A shortcode or a Liquid tag written over several
 * lines (its arguments one a line) reads the same, through markdown-lines.ts, which carries it from line to line.
 *
 * One line at a time, in time linear in its length: an argument list holds no brace and no line break, so a scan
 * from one `{{` stops at the next, and no two parts of a pattern can share a run of blanks.
 */

/** A shortcode, opening (self-closing or not) or closing, with `<` or `%` delimiters matched. */
const SHORTCODE =
  /\{\{(?:<[ \t]*(?:\/[ \t]*)?([A-Za-z][\w.-]{0,60})([^{}<>\n]{0,2000})>\}\}|%[ \t]*(?:\/[ \t]*)?([A-Za-z][\w.-]{0,60})([^{}%\n]{0,2000})%\}\})/g;
/** A Liquid tag, with or without its whitespace-control dashes. */
const LIQUID_TAG = /\{%-?[ \t]*([A-Za-z]\w{0,60})([^{}%\n]{0,2000})-?%\}/g;
/**
 * A named argument whose value a reader sees: `caption="The sunset"`, `text='Pod'`, Docsy's tab `header="Linux"`. No
 * blank around its `=`, as generators write them: Jinja's `{% set title = 'Hi' %}` shows nothing.
 */
const SHOWN_ARGUMENT = /(?:^|[ \t])(?:alt|caption|content|header|label|text|title)=(?:"([^"\n]*)"|'([^'\n]*)')/gi;
/**
 * `{% raw %}` … `{% endraw %}` and `{% comment %}` … `{% endcomment %}` on one line: the first shows its text as
 * written, the second nothing.
 */
const LIQUID_BLOCK = /\{%-?[ \t]*(raw|comment)[ \t]*-?%\}/g;
const LIQUID_BLOCK_END = { raw: /\{%-?[ \t]*endraw[ \t]*-?%\}/g, comment: /\{%-?[ \t]*endcomment[ \t]*-?%\}/g };

/**
 * `text` as a page built from it shows it: its template tags replaced by the words they show, its wiki embeds gone;
 * what the Markdown loader's headings and the prose read alike.
 */
export function withoutSiteTags(text: string): string {
  return withoutWikiEmbeds(withoutTemplateTags(text));
}

/** `text` with its template tags replaced by the words they show (see the module's comment). */
function withoutTemplateTags(text: string): string {
  if (!text.includes("{{") && !text.includes("{%")) return text;
  // What a one-line raw block shows as written is set aside first, and put back once the tags are read.
  const kept: string[] = [];
  const read = liquidBlocks(text, kept)
    .replace(
      SHORTCODE,
      (tag: string, _n1: string | undefined, args1: string | undefined, _n2: string | undefined, args2: string | undefined, at: number, whole: string) =>
        spaced(shownWords(args1 ?? args2 ?? ""), whole, at, tag.length),
    )
    .replace(LIQUID_TAG, (tag: string, _name: string, args: string, at: number, whole: string) => spaced(shownWords(args), whole, at, tag.length));
  return kept.length === 0 ? read : read.replace(/\ue002(\d+)\ue003/g, (_, i: string) => kept[Number(i)] ?? "");
}

/**
 * `text` with each one-line `{% raw %}` block replaced by a placeholder for its text (pushed to `kept`) and each
 * one-line `{% comment %}` block removed. The first opener that nothing closes ends the search, so that many unclosed
 * openers cost one scan.
 */
function liquidBlocks(text: string, kept: string[]): string {
  if (!text.includes("raw") && !text.includes("comment")) return text;
  let out = "";
  let at = 0;
  LIQUID_BLOCK.lastIndex = 0;
  for (let open = LIQUID_BLOCK.exec(text); open !== null; open = LIQUID_BLOCK.exec(text)) {
    const close = open[1] === "raw" ? LIQUID_BLOCK_END.raw : LIQUID_BLOCK_END.comment;
    close.lastIndex = open.index + open[0].length;
    const end = close.exec(text);
    if (end === null) break;
    const inner = text.slice(open.index + open[0].length, end.index);
    out += text.slice(at, open.index) + (open[1] === "raw" ? `\ue002${kept.push(inner) - 1}\ue003` : "");
    at = end.index + end[0].length;
    LIQUID_BLOCK.lastIndex = at;
  }
  return out + text.slice(at);
}

/** Words that stand where a tag was, set apart from a letter or digit right before or after it ("Warning Body"). */
function spaced(words: string, whole: string, at: number, length: number): string {
  if (words === "") return "";
  const before = at > 0 && /[\p{L}\p{N}]/u.test(whole[at - 1] ?? "") ? " " : "";
  const after = /[\p{L}\p{N}]/u.test(whole[at + length] ?? "") ? " " : "";
  return `${before}${words}${after}`;
}

/** The values of the arguments a reader sees, space-separated. */
export function shownWords(args: string): string {
  const words: string[] = [];
  for (const match of args.matchAll(SHOWN_ARGUMENT)) {
    const value = (match[1] ?? match[2] ?? "").trim();
    if (value !== "") words.push(value);
  }
  return words.join(" ");
}

/** Where each closer of a template tag last starts on a line (-1 for none): see {@link shortcodeOpening}. */
export interface LastClosers {
  angle: number;
  percent: number;
  liquid: number;
}

/** {@link LastClosers} of `line`, found once for the line. */
export function lastClosers(line: string): LastClosers {
  return { angle: line.lastIndexOf(">}}"), percent: line.lastIndexOf("%}}"), liquid: line.lastIndexOf("%}") };
}

/**
 * A template tag written over several lines (`{{< figure` on one line, `src="a.png"` and `caption="The sunset"` on
 * the next, `>}}` on a line of its own; Liquid's `{% include note.html` over its arguments, then `%}`): where the
 * first one that `line` opens at or after `from` starts, and the closer it waits for (`>}}`, `%}}` or `%}`), or
 * undefined. Its opener is `{{<`, `{{%` or `{%` (`{%-`), blanks, and a name; the escaped form (`{{</* figure`) is
 * text. One whose closer comes later on the line is no such tag (the prose reads it as one line): `last` says where
 * each closer last starts on the line, found once, so that many openers cost one scan.
 */
export function shortcodeOpening(line: string, from: number, last: LastClosers): { at: number; closer: string } | undefined {
  for (let at = line.indexOf("{", from); at !== -1; at = line.indexOf("{", at + 1)) {
    let name: number;
    let closer: string;
    if (line[at + 1] === "{" && (line[at + 2] === "<" || line[at + 2] === "%")) {
      name = at + 3;
      closer = line[at + 2] === "<" ? ">}}" : "%}}";
    } else if (line[at + 1] === "%" && line[at - 1] !== "{") {
      name = line[at + 2] === "-" ? at + 3 : at + 2;
      closer = "%}";
    } else continue;
    while (line[name] === " " || line[name] === "\t") name++;
    if (!/[A-Za-z]/.test(line[name] ?? "")) {
      // A run of blanks with no name after it holds no opener: the search goes on after it.
      at = name - 1;
      continue;
    }
    if ((closer === ">}}" ? last.angle : closer === "%}}" ? last.percent : last.liquid) > at) continue;
    return { at, closer };
  }
  return undefined;
}

/** The closer a template tag written over several lines waits for, as {@link shortcodeOpening} gives it. */
export function isShortcodeCloser(closer: string | undefined): boolean {
  return closer === ">}}" || closer === "%}}" || closer === "%}";
}

/** What follows a template expression's first "{": `{{< relref "x.md" >}}`, `{% link x.md %}`, `{{ site.url }}`. */
const EXPRESSION_REST = String.raw`(?:\{[^{}\n]{0,500}\}\}|%[^{}\n]{0,500}%\})`;

/**
 * A "{" in a link's target, as a pattern's source: with the template expression it opens, if it opens one
 * (`[Install]({{< relref "install.md" >}})`, `({{ site.baseurl }}/docs)`, whose blanks a target otherwise never
 * holds), or alone. One reading only, whatever follows, so that a target cannot be matched two ways.
 */
export const TARGET_BRACE = String.raw`\{(?:${EXPRESSION_REST}|(?!${EXPRESSION_REST}))`;

/**
 * A heading's attribute list at its end, which the generator turns into the heading's id, classes or attributes and
 * never shows: `## Settings {#settings-asciidoc}` (Hugo, Pandoc, Docusaurus, Jekyll's kramdown), `## Usage {: .note
 * #usage }` and `## 1.0.0 { id="1.0.0" }`, `{ data-toc-label="Utility" }`, `{ data-search-exclude }` (MkDocs'
 * attr_list), `## Install {.unnumbered}`. A list holds ids, classes, `key=value` pairs and `data-` attributes, and
 * nothing else: `## Sets {a, b}`, `## Type {T}`, Svelte's `{#each items as item}` and a format spec's `{:.2f}` are
 * text. Matched from the first blank of a run only: retried from every blank, a long run would take quadratic time.
 */
const ATTRIBUTE = String.raw`(?:[#.][A-Za-z_][\w:-]{0,200}|[A-Za-z_][\w:-]{0,200}=(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s"'{}]{1,200})|data-[\w-]{1,200})`;
const ATTRIBUTE_LIST = String.raw`\{:?[ \t]*${ATTRIBUTE}(?:[ \t]+${ATTRIBUTE}){0,30}[ \t]*\}`;
const HEADING_ATTRIBUTES = new RegExp(String.raw`(?<![ \t])[ \t]+${ATTRIBUTE_LIST}[ \t]*$`);
/**
 * An attribute list on a line of its own, which gives the block after it an id or a class (MyST's and attr_list's
 * `{#pattern-constraint-note}`, kramdown's `{: .note}`): no text of the page.
 */
const ATTRIBUTE_LINE = new RegExp(String.raw`^${ATTRIBUTE_LIST}$`);

/** A heading's text without its attribute list (see HEADING_ATTRIBUTES). */
export function withoutHeadingAttributes(heading: string): string {
  return heading.replace(HEADING_ATTRIBUTES, "");
}

/**
 * A wiki embed, as Obsidian writes one (`![[diagram.png]]`, `![[Page#Section]]`): it shows another file's content, not
 * words of its own. A wiki link (`[[Page#Heading|text]]`) stays as written: read as its text alone, it cost vector
 * mode on the Obsidian Help vault's tune questions (docs/retrieval.md, twenty-sixth round), since its page and heading
 * are the words of the topic it links.
 */
const WIKI_EMBED = /!\[\[[^[\]\n]{1,999}\]\]/g;

/** `text` without its wiki embeds (see WIKI_EMBED). */
function withoutWikiEmbeds(text: string): string {
  return text.includes("![[") ? text.replace(WIKI_EMBED, "") : text;
}

/**
 * A line that is one of MkDocs' block markers (Material for MkDocs and the pymdownx extensions), read as the built
 * page shows it: the words it shows, "" for none, or undefined for any other line.
 * - An admonition, `!!! note "Title"` (or `!!!note`) or collapsible `??? tip "Title"` / `???+ tip`, shows its title;
 *   one without a title shows its type's label, which says no more than a container directive's (`:::note`), and
 *   goes as that does. Without a title, only a type MkDocs knows makes one: `!!! This is important` is a sentence.
 * - A pymdownx block, `/// note | Title` … `///` (`////` around nested ones; `//// tab | Python 3.10+`), likewise.
 * - A content tab, `=== "Python 3.10+"`, shows its label.
 * - A snippet or file include (`--8<-- "part.md"`, `{! part.md !}`, FastAPI's `{* ../src/app.py hl[3] *}`, and
 *   VitePress's code import `<<< @/snippets/app.js{2}`) shows the other file, not its own words.
 * - A block's attribute list on a line of its own (`{#pattern-constraint-note}`) shows nothing.
 * The line's blanks at either end are set aside first, so that no pattern ends in a run of blanks that another part
 * of it could also take.
 */
export function mkdocsMarker(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.length < 3) return undefined;
  const admonition = ADMONITION.exec(trimmed);
  if (admonition !== null) return admonition[2] !== undefined ? admonition[2].trim() : BLOCK_TYPES.has((admonition[1] ?? "").toLowerCase()) ? "" : undefined;
  const block = PYMDOWNX_BLOCK.exec(trimmed);
  if (block !== null) return block[2] !== undefined ? block[2].trim() : block[1] === undefined || BLOCK_TYPES.has(block[1].toLowerCase()) ? "" : undefined;
  const tab = CONTENT_TAB.exec(trimmed);
  if (tab !== null) return (tab[1] ?? "").trim();
  return INCLUDE_LINE.test(trimmed) || ATTRIBUTE_LINE.test(trimmed) ? "" : undefined;
}

/** The admonition and block types of Material for MkDocs and pymdownx, with their aliases. */
const BLOCK_TYPES = new Set(
  (
    "note abstract summary tldr info todo tip hint important success check done question help faq warning caution " +
    "attention failure fail missing danger error bug example quote cite seealso details admonition tab caption html " +
    "define figure-caption table-caption"
  ).split(" "),
);
// Each on a line trimmed of blanks at both ends (see mkdocsMarker).
const ADMONITION = /^(?:!!!|\?\?\?\+?)[ \t]*([A-Za-z][\w-]{0,40})(?:[ \t]+[A-Za-z][\w-]{0,40}){0,5}(?:[ \t]+"([^"\n]{0,500})")?$/;
const PYMDOWNX_BLOCK = /^\/{3,}(?:[ \t]+([A-Za-z][\w-]{0,40})(?:[ \t]*\|[ \t]*(\S[^\n]{0,500})?)?)?$/;
const CONTENT_TAB = /^===!?\+?[ \t]+"([^"\n]{0,500})"$/;
const INCLUDE_LINE =
  /^(?:<<<[ \t]+(?:@\/|\.{1,2}\/)\S{0,2000}(?:[ \t]+\[[^\]\n]{0,500}\])?|-{1,2}8<-{1,2}(?:[ \t]+(?:"[^"\n]{0,2000}"|'[^'\n]{0,2000}'|\S{1,2000}))?|\{![^!\n]{1,2000}!\}|\{\*[^*\n]{1,2000}\*\})$/;
