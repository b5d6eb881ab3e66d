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
  /** The quote of a string open at the end of the line (a template literal can span lines). */
  quote: string | undefined;
  /** The value being read belongs to a presentational attribute (`className`, `style`, `href`…): no text. */
  hidden?: boolean | undefined;
}

/** Attributes whose values style or point, and say nothing a reader reads. */
const PRESENTATIONAL = new Set([
  "className",
  "class",
  "style",
  "id",
  "key",
  "href",
  "src",
  "srcSet",
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
  "type",
]);

/** Private-use marks around a code span set aside by the caller; copied through whole. */
const SPAN_START = "\ue002";
const SPAN_END = "\ue003";

/**
 * Scans `text` from `from`, inside a tag in state `tag` (just after its `<`), to the `>` that closes it outside
 * strings and braces, or to the end of the text.
 *
 * @returns where scanning stopped (after the `>`, or the text's end), the tag's state there (undefined once it is
 * closed) and the strings met on the way, separated by spaces.
 *
 * @example
 * scanJsxTag('Snippet text="npm i ai" dark /> then', 0, { depth: 0, quote: undefined })
 * // { end: 30, tag: undefined, strings: "npm i ai" }
 */
export function scanJsxTag(text: string, from: number, tag: JsxTag): { end: number; tag: JsxTag | undefined; strings: string } {
  const strings: string[] = [];
  let { depth, quote } = tag;
  let hidden = tag.hidden === true;
  // The attribute name being read at depth 0, and the one whose value comes next.
  let name = "";
  let attribute = "";
  let current = "";
  let at = from;
  const closeString = () => {
    if (!hidden && current.trim() !== "") strings.push(current.trim());
    current = "";
    quote = undefined;
    if (depth === 0) hidden = false;
  };
  while (at < text.length) {
    const ch = text[at]!;
    if (ch === SPAN_START) {
      // A code span (`…`) in a tag: keep it as a string would be kept.
      const end = text.indexOf(SPAN_END, at);
      const stop = end === -1 ? text.length : end + 1;
      if (quote !== undefined) current += text.slice(at, stop);
      else if (!hidden) strings.push(text.slice(at, stop));
      at = stop;
      continue;
    }
    if (quote !== undefined) {
      if (ch === "\\" && at + 1 < text.length) {
        current += text[at + 1];
        at += 2;
        continue;
      }
      if (ch === quote) closeString();
      else current += ch;
      at++;
      continue;
    }
    at++;
    if (depth === 0 && /[\w-]/.test(ch)) {
      name += ch;
      continue;
    }
    if (depth === 0) {
      if (ch === "=") {
        attribute = name;
        name = "";
        continue;
      }
      // A value starts: its text is hidden when the attribute it belongs to is presentational.
      if (ch === '"' || ch === "'" || ch === "`" || ch === "{") hidden = PRESENTATIONAL.has(attribute);
      if (ch !== " " && ch !== "\t") attribute = "";
      name = "";
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "{") depth++;
    else if (ch === "}") {
      depth = Math.max(0, depth - 1);
      if (depth === 0) hidden = false;
    } else if (ch === ">" && depth === 0) return { end: at, tag: undefined, strings: strings.join(" ") };
  }
  // The line ends inside the tag; a string open at its end carries on (only template literals span lines).
  if (quote !== undefined && !hidden && current.trim() !== "") strings.push(current.trim());
  return { end: at, tag: { depth, quote, hidden }, strings: strings.join(" ") };
}
