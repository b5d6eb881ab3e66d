/**
 * Markup that site generators add to Markdown, read as the built page shows it: template tags, attribute lists, and
 * MkDocs' block markers and include lines (see {@link mkdocsMarker}).
 *
 * A site generator's template tags in Markdown sources, read as the built page shows them: Hugo's shortcodes
 * (`{{< figure src="a.png" caption="The sunset" >}}`, `{{% note %}}` … `{{% /note %}}`) and Liquid's tags in
 * Jekyll and GitHub-style sources (`{% include note.html content="Back up first." %}`, `{% raw %}`). A tag shows
 * nothing of its own name or its arguments but for those that are words for the reader: a figure's caption, an image's
 * alt text, a tooltip's or a tab's text. What a paired tag wraps is the page's text and stays. The escaped form that
 * documentation about shortcodes uses to show one (`{{</* figure *\/>}}`) is text, and so is a Liquid output
 * (`{{ page.title }}`), which may be a template language's own syntax that the page is about.
 *
 * One line at a time, in time linear in its length: an argument list holds no brace and no line break, so a scan
 * from one `{{` stops at the next.
 */

/** A shortcode, opening (self-closing or not) or closing, with `<` or `%` delimiters matched. */
const SHORTCODE = /\{\{(?:<[ \t]*\/?[ \t]*([A-Za-z][\w.-]{0,60})([^{}<>\n]{0,2000})>\}\}|%[ \t]*\/?[ \t]*([A-Za-z][\w.-]{0,60})([^{}%\n]{0,2000})%\}\})/g;
/** A Liquid tag, with or without its whitespace-control dashes. */
const LIQUID_TAG = /\{%-?[ \t]*([A-Za-z]\w{0,60})([^{}%\n]{0,2000})-?%\}/g;
/** A named argument whose value a reader sees: `caption="The sunset"`, `text='Pod'`. */
const SHOWN_ARGUMENT = /(?:^|[ \t])(?:alt|caption|content|label|text|title)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`)/gi;

/** `text` with its template tags replaced by the words they show (see the module's comment). */
export function withoutTemplateTags(text: string): string {
  if (!text.includes("{{") && !text.includes("{%")) return text;
  return text
    .replace(SHORTCODE, (_, _name1: string | undefined, args1: string | undefined, _name2: string | undefined, args2: string | undefined) =>
      shownWords(args1 ?? args2 ?? ""),
    )
    .replace(LIQUID_TAG, (_, _name: string, args: string) => shownWords(args));
}

/** The values of the arguments a reader sees, space-separated. */
function shownWords(args: string): string {
  const words: string[] = [];
  for (const match of args.matchAll(SHOWN_ARGUMENT)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? "").trim();
    if (value !== "") words.push(value);
  }
  return words.join(" ");
}

/** What follows the first "{" of a template expression: `{{< relref "x.md" >}}`, `{% link x.md %}`, `{{ site.url }}`. */
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
 * attr_list), `## Install {.unnumbered}`. A list must name an id, a class, a `key=value` or a `data-` attribute, and
 * hold nothing else: `## Sets {a, b}` and `## Type {T}` are text. Matched from the first blank of a run only: retried
 * from every blank, a long run would take quadratic time.
 */
const ATTRIBUTE = String.raw`(?:[#.][\w:-]{1,200}|[\w:-]{1,200}(?:=(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s"'{}]{1,200}))?)`;
const ATTRIBUTE_LIST = String.raw`\{:?(?=[^{}\n]{0,2000}(?:[#.=]|\bdata-))[ \t]*${ATTRIBUTE}(?:[ \t]+${ATTRIBUTE}){0,30}[ \t]*\}`;
const HEADING_ATTRIBUTES = new RegExp(String.raw`(?<![ \t])[ \t]+${ATTRIBUTE_LIST}[ \t]*$`);
/**
 * An attribute list on a line of its own, which gives the block after it an id or a class (MyST's and attr_list's
 * `{#pattern-constraint-note}`, kramdown's `{: .note}`): no text of the page.
 */
const ATTRIBUTE_LINE = new RegExp(String.raw`^[ \t]*${ATTRIBUTE_LIST}[ \t]*$`);

/** A heading's text without its attribute list (see HEADING_ATTRIBUTES). */
export function withoutHeadingAttributes(heading: string): string {
  return heading.replace(HEADING_ATTRIBUTES, "");
}

/**
 * A line that is one of MkDocs' block markers (Material for MkDocs and the pymdownx extensions), read as the built
 * page shows it: the words it shows, "" for none, or undefined for any other line.
 * - An admonition, `!!! note "Title"` (or `!!!note`) or collapsible `??? tip "Title"` / `???+ tip`, shows its title;
 *   one without a title shows its type's label, which says no more than a container directive's (`:::note`), and
 *   goes as that does.
 * - A pymdownx block, `/// note | Title` … `///` (`////` around nested ones; `//// tab | Python 3.10+`), likewise.
 * - A content tab, `=== "Python 3.10+"`, shows its label.
 * - A snippet or file include (`--8<-- "part.md"`, `{! part.md !}`, FastAPI's `{* ../src/app.py hl[3] *}`, and
 *   VitePress's code import `<<< @/snippets/app.js{2}`) shows the other file, not its own words.
 * - A block's attribute list on a line of its own (`{#pattern-constraint-note}`) shows nothing.
 */
export function mkdocsMarker(line: string): string | undefined {
  const admonition = ADMONITION.exec(line);
  if (admonition !== null) return (admonition[1] ?? "").trim();
  const block = PYMDOWNX_BLOCK.exec(line);
  if (block !== null) return (block[1] ?? "").trim();
  const tab = CONTENT_TAB.exec(line);
  if (tab !== null) return (tab[1] ?? "").trim();
  return INCLUDE_LINE.test(line) || ATTRIBUTE_LINE.test(line) ? "" : undefined;
}

const ADMONITION = /^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[A-Za-z][\w-]{0,40}(?:[ \t]+[A-Za-z][\w-]{0,40}){0,5}(?:[ \t]+"([^"\n]{0,500})")?[ \t]*$/;
const PYMDOWNX_BLOCK = /^[ \t]*\/{3,}(?:[ \t]+[A-Za-z][\w-]{0,40}(?:[ \t]*\|[ \t]*([^\n]{0,500}))?)?[ \t]*$/;
const CONTENT_TAB = /^[ \t]*===!?\+?[ \t]+"([^"\n]{0,500})"[ \t]*$/;
const INCLUDE_LINE =
  /^[ \t]*(?:<<<[ \t]+\S[^\n]{0,2000}|-{1,2}8<-{1,2}(?:[ \t]+(?:"[^"\n]{0,2000}"|'[^'\n]{0,2000}'|\S{1,2000}))?|\{![^!\n]{1,2000}!\}|\{\*[^*\n]{1,2000}\*\})[ \t]*$/;
