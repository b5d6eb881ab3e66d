/**
 * The include directives of documentation sources: the lines by which a page's source pulls another file into the
 * page the site builds.
 * - AsciiDoc's `include::partial$install.adoc[tag=linux,leveloffset=+1]`, with Antora's resource ids;
 * - reStructuredText's `.. include:: notes.rst` and `.. literalinclude:: example.py`, with their option lines;
 * - in Markdown, MkDocs' snippets (`--8<-- "part.md"`, or a block of file names between two `--8<--` lines) and
 *   markdown-include's `{!part.md!}`, MyST's
 *   ```` ```{include} ../README.md ```` fence, and the `include` and `readfile` shortcodes of Hugo sites
 *   (`{{% include "_common/options.md" %}}`, Docsy's `{{< readfile file="/includes/note.md" >}}`); and an MDX page's
 *   imported Markdown shown as a component of its own (Docusaurus' partials: `import Setup from './_setup.mdx'`, then
 *   `<Setup />` on a line of its own), and FastAPI's code includes (`{* ../../docs_src/app.py ln[3:9] hl[5] *}`, a
 *   file's lines named from the folder of the site's `mkdocs.yml`).
 * A directive is found on a line of its own only, as the generators find it.
 */

/**
 * The syntaxes a source's includes are written in, by its extension (see {@link includeSyntax}). A `.txt` file may
 * be AsciiDoc (Git's sources until 2.48) or reStructuredText (docutils'): both directives are looked for in it,
 * each a line no plain text begins so.
 */
export type IncludeSyntax = "asciidoc" | "rst" | "markdown" | "text";

/** How a directive's target is looked for (see `resolveTarget`). */
export type TargetBase = "asciidoc" | "sphinx" | "site";

/** One include directive of a source. */
export interface IncludeDirective {
  /** Where the directive's lines start and end in the text (the end is after the last line's line break, if any). */
  start: number;
  end: number;
  /** The file named, as written. */
  target: string;
  base: TargetBase;
  /** What of the file is shown (see `select.ts`), each option as written. */
  options: Readonly<Record<string, string>>;
  /**
   * How the text is placed: as it is, or, for reStructuredText's `literalinclude` and `include` with `:literal:` or
   * `:code:`, as a literal block indented under the directive's own indent.
   */
  literal: boolean;
  /** The directive's indent, which the included lines take (reStructuredText's, an indented MkDocs snippet's). */
  indent: string;
  /**
   * Whether it stands in a Markdown code fence, where what it includes is code whatever it is; outside one, a file
   * of code read into Markdown is fenced (see `expand.ts`).
   */
  inCode?: boolean;
}

/** The syntax of the includes a file of this extension (lower-case, with its dot) may hold, if any. */
export function includeSyntax(extension: string): IncludeSyntax | undefined {
  if (extension === ".adoc" || extension === ".asciidoc" || extension === ".asc") return "asciidoc";
  if (extension === ".rst" || extension === ".rest") return "rst";
  if (extension === ".txt" || extension === ".text") return "text";
  if ([".md", ".markdown", ".mdown", ".mdwn", ".mkd", ".mkdn", ".mkdown", ".mdx"].includes(extension)) return "markdown";
  return undefined;
}

/** Words one of which a text must hold to hold a directive: most sources hold none, and are not scanned further. */
const SIGNS: Readonly<Record<IncludeSyntax, RegExp>> = {
  asciidoc: /^include::/m,
  rst: /include::/,
  text: /include::/,
  markdown: /--8<--|\{!|\{\*|\{include\}|\{literalinclude\}|\{\{[<%][ \t]*(?:include|readfile)\b|^import[ \t]/m,
};

// A pattern's last group takes the rest of the line, greedily, and is trimmed after: a lazy group before a run of
// blanks at a line's end is retried at each of its lengths, in time quadratic in the run.
const ASCIIDOC = /^include::([^\s[][^[\n]{0,1000})\[([^\]\n]{0,1000})\][ \t]*$/gm;
const RST = /^([ \t]*)\.\.[ \t]+(include|literalinclude)::[ \t]([^\n]{1,1000})$/gm;
/** An option line of a reStructuredText or MyST directive: `:start-after: .. end of intro`. */
const OPTION_LINE = /^([ \t]*):([\w-]{1,40}):(?:[ \t]([^\n]{0,1000}))?$/;
const SNIPPET = /^([ \t]*)-{1,2}8<-{1,2}[ \t]([^\n]{1,1000})$/gm;
const SNIPPET_FENCE = /^[ \t]*-{1,2}8<-{1,2}[ \t]*$/gm;
const MYST = /^([ \t]*)(`{3,}|~{3,})\{(include|literalinclude)\}[ \t]([^\n]{1,1000})$/gm;
/** An MDX import of a Markdown file, and a line that shows one as a component: `<Setup />`, `<Setup os="linux" />`. */
const MDX_IMPORT = /^import[ \t]+([A-Z][\w$]{0,60})[ \t]+from[ \t]+(["'])([^"'\n]{1,1000}\.mdx?)\2[ \t]*;?[ \t]*$/gm;
const MDX_ELEMENT = /^[ \t]*<([A-Z][\w$]{0,60})(?:[ \t][^<>\n]{0,500})?\/>[ \t]*$/gm;
/** Python-Markdown's markdown-include: `{!docs/part.md!}`. */
const MARKDOWN_INCLUDE = /^[ \t]*\{!>?([^!\n]{1,1000})!\}[ \t]*$/gm;
/** A snippet's file name, quoted or bare. */
const SNIPPET_NAME = /^(?:"([^"]+)"|'([^']+)'|([^\s"']\S*))$/;
/** FastAPI's code include (the markdown-include-variants extension): `{* ../../docs_src/app.py ln[1:9,29:35] hl[9] *}`. */
const CODE_INCLUDE = /^[ \t]*\{\*[ \t]*([^\s*]{1,1000})((?:[ \t]+[a-z]{1,10}\[[^\]\n]{0,200}\])*)[ \t]*\*\}[ \t]*$/gm;
const SHORTCODE =
  /^[ \t]*\{\{([<%])[ \t]*(?:include|readfile)[ \t]+(?:file=)?(?:"([^"\n]{1,1000})"|'([^'\n]{1,1000})'|`([^`\n]{1,1000})`)[^{}\n]{0,500}?[>%]\}\}[ \t]*$/gm;

/** The include directives of `text`, in order, none overlapping. */
export function findDirectives(text: string, syntax: IncludeSyntax): IncludeDirective[] {
  if (!SIGNS[syntax].test(text)) return [];
  const found =
    syntax === "asciidoc"
      ? asciidocDirectives(text)
      : syntax === "rst"
        ? rstDirectives(text)
        : syntax === "text"
          ? [...asciidocDirectives(text), ...rstDirectives(text)]
          : markdownDirectives(text);
  found.sort((a, b) => a.start - b.start);
  const kept: IncludeDirective[] = [];
  for (const directive of found) if (kept.length === 0 || directive.start >= kept[kept.length - 1]!.end) kept.push(directive);
  return kept;
}

/** An AsciiDoc attribute entry, `:sub: config`, whose value a later include's target may name as `{sub}`. */
const ATTRIBUTE_ENTRY = /^:([\w-]{1,60}):[ \t]([^\n]{1,500})$/gm;

/**
 * `text` with each AsciiDoc attribute reference (`{name}`) replaced by `value` of its name, lower-cased; one whose
 * value is undefined stays as written. The one reading of a reference that include targets and entries' values share.
 */
export function replaceReferences(text: string, value: (name: string) => string | undefined): string {
  return text.replace(/\{([\w-]{1,60})\}/g, (reference, name: string) => value(name.toLowerCase()) ?? reference);
}

/** AsciiDoc's includes, each target's `{attribute}` references replaced by the document's entries above it. */
function asciidocDirectives(text: string): IncludeDirective[] {
  const entries = text.includes("{") ? [...text.matchAll(ATTRIBUTE_ENTRY)] : [];
  const values = new Map<string, string>();
  let next = 0;
  return [...text.matchAll(ASCIIDOC)].map((m) => {
    for (; next < entries.length && entries[next]!.index < m.index; next++) values.set(entries[next]![1]!.toLowerCase(), entries[next]![2]!.trim());
    const target = replaceReferences(m[1]!.trim(), (name) => values.get(name));
    return { ...lineSpan(text, m.index, m[0].length), target, base: "asciidoc" as const, options: asciidocAttributes(m[2]!), literal: false, indent: "" };
  });
}

/** An AsciiDoc include's attribute list: `tag=linux,leveloffset=+1`, `lines="1..5;10"`, `tags=a;b`. */
function asciidocAttributes(list: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const m of list.matchAll(/([\w-]{1,40})[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)'|([^,]*))/g)) {
    options[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? "").trim();
  }
  return options;
}

function rstDirectives(text: string): IncludeDirective[] {
  const found: IncludeDirective[] = [];
  for (const m of text.matchAll(RST)) {
    const indent = m[1]!;
    const { options, end } = optionLines(text, m.index + m[0].length, indent, false);
    const literal = m[2] === "literalinclude" || "literal" in options || "code" in options;
    const target = m[3]!.trim();
    if (target !== "") found.push({ start: m.index, end, target, base: "sphinx", options, literal, indent });
  }
  return found;
}

function markdownDirectives(text: string): IncludeDirective[] {
  const found: IncludeDirective[] = [];
  const directive = (index: number, length: number, target: string, base: TargetBase, options: Record<string, string> = {}, literal = false, indent = "") =>
    found.push({ ...lineSpan(text, index, length), target: target.trim(), base, options, literal, indent });
  // A snippet's lines take its indent (pymdownx indents them so, to stay in a list item or an admonition).
  for (const m of text.matchAll(SNIPPET)) {
    const name = SNIPPET_NAME.exec(m[2]!.trim());
    if (name !== null) directive(m.index, m[0].length, (name[1] ?? name[2] ?? name[3])!, "site", {}, false, m[1]!);
  }
  for (const m of text.matchAll(MARKDOWN_INCLUDE)) if (m[1]!.trim() !== "") directive(m.index, m[0].length, m[1]!, "site");
  for (const m of text.matchAll(SHORTCODE)) directive(m.index, m[0].length, (m[2] ?? m[3] ?? m[4])!, "site");
  for (const m of text.matchAll(CODE_INCLUDE)) {
    const options = Object.fromEntries([...m[2]!.matchAll(/([a-z]+)\[([^\]]*)\]/g)].map((o) => [o[1]!, o[2]!]));
    directive(m.index, m[0].length, m[1]!, "site", options);
  }
  for (const m of text.matchAll(MYST)) {
    const { options, end } = optionLines(text, m.index + m[0].length, m[1]!, true);
    // The fence closes right after the options, blank lines between.
    let at = end;
    while (at < text.length && text[at] === "\n") at++;
    const lineEnd = text.indexOf("\n", at) === -1 ? text.length : text.indexOf("\n", at);
    const close = text.slice(at, lineEnd).trim();
    const target = m[4]!.trim();
    if (target === "" || close.length < m[2]!.length || close !== close[0]!.repeat(close.length) || close[0] !== m[2]![0]) continue;
    directive(m.index, lineEnd - m.index, target, "sphinx", options, m[3] === "literalinclude");
  }
  const imported = new Map([...text.matchAll(MDX_IMPORT)].map((m) => [m[1]!, m[3]!]));
  if (imported.size > 0) {
    for (const m of text.matchAll(MDX_ELEMENT)) {
      const target = imported.get(m[1]!);
      if (target !== undefined) directive(m.index, m[0].length, target, "site");
    }
  }
  // A block of snippets: file names between two `--8<--` lines, one a line.
  const fences = [...text.matchAll(SNIPPET_FENCE)];
  for (let i = 0; i + 1 < fences.length; i += 2) {
    const open = fences[i]!;
    const close = fences[i + 1]!;
    const from = open.index + open[0].length + 1;
    const names = text.slice(from, close.index).split("\n");
    if (names.some((name) => /["']|^\s*$/.test(name) && name.trim() !== "")) continue;
    let at = from;
    for (const name of names) {
      if (name.trim() !== "") directive(at, name.length, name, "site", {}, false, /^[ \t]*/.exec(name)![0]);
      at += name.length + 1;
    }
  }
  return markedInCode(text, found);
}

/** A code fence's opening or closing line: up to three blanks, three or more backticks or tildes, and the rest. */
const FENCE_LINE = /^[ \t]{0,3}(`{3,}|~{3,})([^\n]*)$/gm;

/** `found`, in order, each marked `inCode` when it stands inside a code fence (after the fence's opening line). */
function markedInCode(text: string, found: IncludeDirective[]): IncludeDirective[] {
  const fences: Array<[number, number]> = [];
  let open: { mark: string; start: number } | undefined;
  for (const m of text.matchAll(FENCE_LINE)) {
    const mark = m[1]!;
    if (open === undefined) {
      // A backtick fence's info string holds no backtick.
      if (!(mark[0] === "`" && m[2]!.includes("`"))) open = { mark, start: m.index };
    } else if (mark[0] === open.mark[0] && mark.length >= open.mark.length && m[2]!.trim() === "") {
      fences.push([open.start, m.index]);
      open = undefined;
    }
  }
  if (open !== undefined) fences.push([open.start, text.length]);
  found.sort((a, b) => a.start - b.start);
  let f = 0;
  for (const directive of found) {
    while (f < fences.length && fences[f]![1] < directive.start) f++;
    const fence = fences[f];
    directive.inCode = fence !== undefined && directive.start > fence[0] && directive.start < fence[1];
  }
  return found;
}

/**
 * The directive's option lines from `at` (just after its first line), and where they end: indented under it, or, in a
 * MyST fence (`unindented`), at the line's start too.
 */
function optionLines(text: string, at: number, indent: string, unindented: boolean): { options: Record<string, string>; end: number } {
  const options: Record<string, string> = {};
  let end = text[at] === "\n" ? at + 1 : at;
  while (end < text.length) {
    const next = text.indexOf("\n", end);
    const line = text.slice(end, next === -1 ? text.length : next);
    const m = OPTION_LINE.exec(line);
    if (m === null || !((unindented && m[1] === "") || (m[1]!.length > indent.length && m[1]!.startsWith(indent)))) break;
    options[m[2]!.toLowerCase()] = (m[3] ?? "").trim();
    end = next === -1 ? text.length : next + 1;
  }
  return { options, end };
}

/** A match's span widened to whole lines: from its line's start to after its line break. */
function lineSpan(text: string, index: number, length: number): { start: number; end: number } {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  const end = index + length;
  return { start, end: text[end] === "\n" ? end + 1 : end };
}
