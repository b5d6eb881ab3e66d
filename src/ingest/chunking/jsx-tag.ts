/**
 * Reading through the JSX tags of an MDX document line by line, for the prose an embedder is given: a tag's
 * markup goes and the strings in it stay, since MDX documentation puts text there (`<Snippet text="npm install
 * ai" />`, a `<PropertiesTable content={[{ name: 'model', description: 'The language model to use.' }]} />` over
 * a hundred lines). Not a JavaScript parser: quotes, backslash escapes and brace depth are enough to find where a
 * tag ends, and a line at a time is enough to carry that over to the next line.
 */

/** A JSX tag not yet closed at the end of a line: the brace depth of its `{…}` expressions and an open string. */
export interface JsxTag {
  depth: number;
  /** The quote of a string open at the end of the line: a template literal, or an attribute's string. */
  quote: string | undefined;
  /** The string being read belongs to a presentational attribute or key (`className`, `href`…): no text. */
  hidden?: boolean | undefined;
  /** Inside the braces of a presentational attribute or key (`style={{ … }}`), opened at this depth: no text. */
  hiddenFrom?: number | undefined;
}

/** Attributes and object keys whose values style or point, and say nothing a reader reads. */
const PRESENTATIONAL = new Set([
  "className",
  "class",
  "style",
  "id",
  "key",
  "href",
  "link",
  "url",
  "to",
  "variant",
  "size",
  "color",
  "width",
  "height",
  "target",
  "rel",
  "icon",
  "theme",
  "align",
  "shape",
]);

/**
 * Whether the value named `name` at brace depth `depth` is hidden. `type` is hidden as an attribute (`<Note
 * type="warning">`, `<button type="submit">`) but not as a key, where a props table gives a parameter's type.
 */
const hides = (name: string, depth: number) => PRESENTATIONAL.has(name) || /^src(?:[A-Z]|$)/.test(name) || (name === "type" && depth === 0);

/** A string that is a URL or a path (`/docs/overview`, `./img.png`, `https://…`), not words. */
const PATH_LIKE = /^(?:[a-z][a-z+.-]*:\/\/|\.{0,2}\/)\S*$/i;

/**
 * Scans `line` from `from`, inside a tag in state `tag` (just after its `<`), to the `>` that closes it outside
 * strings and braces, or to the end of the line.
 *
 * @returns where scanning stopped (after the `>`, or the line's end), the tag's state there (undefined once it is
 * closed) and the strings met on the way, separated by spaces: not those of presentational attributes or keys, nor
 * those that are URLs or paths.
 *
 * @example
 * scanJsxTag('Snippet text="npm i ai" dark /> then', 0, { depth: 0, quote: undefined })
 * // { end: 30, tag: undefined, strings: "npm i ai" }
 */
export function scanJsxTag(line: string, from: number, tag: JsxTag): { end: number; tag: JsxTag | undefined; strings: string } {
  const strings: string[] = [];
  let { depth, quote } = tag;
  let hidden = tag.hidden === true;
  let hiddenFrom = tag.hiddenFrom;
  // The name being read (an attribute at depth 0, an object key inside braces), and the one whose value comes next.
  let name = "";
  let owner = "";
  let current = "";
  const closeString = () => {
    const text = current.trim();
    if (!hidden && hiddenFrom === undefined && text !== "" && !PATH_LIKE.test(text)) strings.push(text);
    current = "";
    quote = undefined;
    hidden = false;
  };
  let at = from;
  while (at < line.length) {
    const ch = line[at]!;
    if (quote !== undefined) {
      if (ch === "\\" && at + 1 < line.length) {
        current += line[at + 1];
        at += 2;
        continue;
      }
      if (ch === quote) closeString();
      else current += ch;
      at++;
      continue;
    }
    at++;
    if (/[\w$-]/.test(ch)) {
      name += ch;
      continue;
    }
    // `name=` (an attribute) or `name:` (a key) names the value that follows.
    if (ch === "=" || ch === ":") {
      owner = name;
      name = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") {
      hidden = hides(owner, depth);
      quote = ch;
    } else if (ch === "{") {
      if (hiddenFrom === undefined && hides(owner, depth)) hiddenFrom = depth;
      depth++;
    } else if (ch === "}") {
      depth = Math.max(0, depth - 1);
      if (hiddenFrom !== undefined && depth <= hiddenFrom) hiddenFrom = undefined;
    } else if (ch === ">" && depth === 0) {
      return { end: at, tag: undefined, strings: strings.join(" ") };
    }
    if (ch !== " " && ch !== "\t") owner = "";
    name = "";
  }
  // The line ends inside the tag. Inside braces a '…' or "…" string ends with its line (JavaScript's do), so an
  // apostrophe in a comment or a regular expression does not carry over; an attribute's string and a template
  // literal go on.
  if (quote !== undefined) {
    if (!hidden && hiddenFrom === undefined && current.trim() !== "") strings.push(current.trim());
    if (depth > 0 && quote !== "`") quote = undefined;
  }
  return { end: at, tag: { depth, quote, hidden: quote !== undefined && hidden, hiddenFrom }, strings: strings.join(" ") };
}
