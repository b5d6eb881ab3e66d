/**
 * What of an included file a directive shows: AsciiDoc's `lines`, `tag`/`tags` and `leveloffset`; reStructuredText's
 * and MyST's `start-line`, `end-line`, `start-after`, `end-before` and `lines`; a snippet's `:3:8` lines or
 * `:section`. The lines that mark tagged regions (`// tag::install[]`, `# --8<-- [start:install]`) are never shown.
 * `undefined` when the directive asks for what cannot be told from the text (a Python object by `pyobject`).
 */

/** A tag or snippet-section marker line, which the built page never shows. */
const MARKER_LINE = /^.*(?:\b(?:tag|end)::[\w.-]+\[\]|--8<--[ \t]*\[(?:start|end):[\w.-]+\]).*$/;
const TAG_LINE = /\b(tag|end)::([\w.-]+)\[\]/;
const SECTION_LINE = /--8<--[ \t]*\[(start|end):([\w.-]+)\]/;

/** The lines of `text` that an AsciiDoc include with `options` shows. */
export function asciidocSelection(text: string, options: Readonly<Record<string, string>>): string {
  let lines = text.split("\n");
  if (options.lines !== undefined) lines = pickLines(lines, options.lines.split(/[;,]/), "..");
  const tags = (options.tags ?? options.tag)
    ?.split(/[;,]/)
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (tags !== undefined && tags.length > 0) lines = taggedLines(lines, tags, TAG_LINE);
  lines = lines.filter((line) => !MARKER_LINE.test(line));
  const offset = /^[+-]?\d{1,2}$/.exec(options.leveloffset ?? "")?.[0];
  if (offset !== undefined && Number(offset) !== 0) lines = lines.map((line) => shiftedTitle(line, offset));
  return lines.join("\n");
}

/** The lines of `text` that a reStructuredText or MyST include with `options` shows. */
export function sphinxSelection(text: string, options: Readonly<Record<string, string>>): string | undefined {
  if (options.pyobject !== undefined) return undefined;
  let lines = text.split("\n");
  const startLine = Number.parseInt(options["start-line"] ?? "", 10);
  const endLine = Number.parseInt(options["end-line"] ?? "", 10);
  if (Number.isFinite(startLine) || Number.isFinite(endLine)) {
    lines = lines.slice(Number.isFinite(startLine) ? startLine : 0, Number.isFinite(endLine) ? endLine : undefined);
  }
  let selected = lines.join("\n");
  const after = options["start-after"];
  if (after) {
    const at = selected.indexOf(after);
    if (at === -1) return undefined;
    selected = selected.slice(at + after.length).replace(/^[^\n]*\n/, "");
  }
  const before = options["end-before"];
  if (before) {
    const at = selected.indexOf(before);
    if (at === -1) return undefined;
    selected = selected.slice(0, selected.lastIndexOf("\n", at) + 1);
  }
  if (options.lines !== undefined) selected = pickLines(selected.split("\n"), options.lines.split(","), "-").join("\n");
  return selected
    .split("\n")
    .filter((line) => !MARKER_LINE.test(line))
    .join("\n");
}

/**
 * The lines of `text` that a snippet with a selector (`3:8`, `:8`, `install`) shows, or a FastAPI code include with
 * `ln[1:9,29:35]` in `options`; all of them without either.
 */
export function snippetSelection(text: string, selector: string | undefined, options: Readonly<Record<string, string>> = {}): string | undefined {
  let lines = text.split("\n");
  if (options.ln !== undefined) lines = pickLines(lines, options.ln.split(","), ":");
  if (selector !== undefined) {
    const range = /^(\d*):(\d*)$/.exec(selector);
    if (range !== null) lines = lines.slice(Math.max(0, Number(range[1] || 1) - 1), range[2] ? Number(range[2]) : undefined);
    else {
      lines = taggedLines(lines, [selector], SECTION_LINE);
      if (lines.length === 0) return undefined;
    }
  }
  return lines.filter((line) => !MARKER_LINE.test(line)).join("\n");
}

/**
 * A Markdown part without its front matter (Hugo's fragments carry a `---` block that the page including them does
 * not show). Any block between `---` or `+++` lines at its start goes, as the site drops it, not only one the Markdown
 * loader's splitFrontMatter reads as metadata: Hugo's `store-methods.md` fragment holds a YAML comment alone.
 */
export function withoutFrontMatter(text: string): string {
  const m = /^(---|\+\+\+)[ \t]*\n[\s\S]*?\n\1[ \t]*(?:\n|$)/.exec(text);
  return m === null ? text : text.slice(m[0].length);
}

/**
 * The lines of ranges such as `1..5`, `10`, `15..-1` (AsciiDoc, `sep` ".."), `1-3`, `5-` (Sphinx, `sep` "-") or `3:9`
 * (FastAPI's, `sep` ":"), 1-based.
 */
function pickLines(lines: readonly string[], ranges: readonly string[], sep: ".." | "-" | ":"): string[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  for (const range of ranges.map((r) => r.trim()).filter((r) => r !== "")) {
    const [from, to] = range.split(sep, 2).map((n) => n.trim());
    const first = Number.parseInt(from || "1", 10);
    const last = to === undefined ? first : to === "" || to === "-1" ? lines.length : Number.parseInt(to, 10);
    if (!Number.isFinite(first) || !Number.isFinite(last)) continue;
    for (let i = Math.max(1, first); i <= Math.min(last, lines.length); i++) keep[i - 1] = true;
  }
  return lines.filter((_, i) => keep[i]);
}

/**
 * The lines inside the regions named by `tags` (a name, `!name` for all but its region, `*` or `**` for all), as
 * `marker` marks them: `[ , kind, name]` with kind `tag`/`start` opening a region and `end` closing it.
 */
function taggedLines(lines: readonly string[], tags: readonly string[], marker: RegExp): string[] {
  const wanted = new Set(tags.filter((t) => !t.startsWith("!") && t !== "*" && t !== "**"));
  const unwanted = new Set(tags.filter((t) => t.startsWith("!")).map((t) => t.slice(1)));
  const all = wanted.size === 0;
  const open = new Set<string>();
  const kept: string[] = [];
  for (const line of lines) {
    const m = marker.exec(line);
    if (m !== null) {
      if (m[1] === "end") open.delete(m[2]!);
      else open.add(m[2]!);
      continue;
    }
    const names = [...open];
    if (names.some((name) => unwanted.has(name))) continue;
    if (all || names.some((name) => wanted.has(name))) kept.push(line);
  }
  return kept;
}

/** An AsciiDoc section title moved by `offset` levels (`== Install` with +1 is `=== Install`), other lines as they are. */
function shiftedTitle(line: string, offset: string): string {
  const m = /^(={1,6})([ \t]+\S.*)$/.exec(line);
  if (m === null) return line;
  const level = Math.min(6, Math.max(1, m[1]!.length + Number(offset)));
  return "=".repeat(level) + m[2];
}
