import { scalarText } from "../document.js";
import { ownEntry, specialCharacter } from "./characters.js";

/**
 * Roff's escape sequences in a line of text, read as a terminal shows them: fonts and sizes dropped, special
 * characters as the characters they name, user strings expanded. groff_char(7) names the characters.
 */

/** Where escapes look up what is defined so far: user strings (`.ds`), and what expanding them may still add. */
export interface EscapeContext {
  strings: ReadonlyMap<string, string>;
  /** The characters strings may still add to the page (see {@link MAX_STRING_CHARS}); without it, a line's own. */
  stringBudget?: { left: number };
  /** The characters `.tr` prints as others (pod2man's `.tr \(*W-` prints "Ω" as "-"). */
  translations?: ReadonlyMap<string, string>;
}

/**
 * Escapes whose argument is quoted (`\h'1n'`, `\v'-.1v'`, `\w'text'`) and print nothing a reader needs: motions,
 * widths, lines, marks, device controls.
 */
const QUOTED_ARGUMENT = new Set(["h", "v", "w", "l", "L", "D", "X", "b", "x", "S", "H", "R", "A", "B", "C", "N", "Z", "o", "T", "U"]);
/** Escapes that take a one-letter, `(xx` or `[name]` argument and print nothing: fonts, sizes, colours, registers. */
const NAMED_ARGUMENT = new Set(["f", "F", "m", "M", "n", "g", "k", "V", "Y", "O", "s", "j", "$", "z"]);
/** The deepest a user string may expand strings inside itself: a string naming itself would never end. */
const MAX_STRING_DEPTH = 8;
/**
 * The most characters strings may add to a page: a string that names itself four times, eight deep, adds 4^8 copies
 * at each use. Real pages' strings are a quote or a name, used a few hundred times.
 */
export const MAX_STRING_CHARS = 1_000_000;

/**
 * A line of roff text with its escapes read: `\fBbold\fP` is "bold", `\-` "-", `\(em` "—", `\*(Aq` the string
 * defined as `Aq`. `\c` at the end joins the next line, which the caller does (see {@link endsInJoin}); `\"`
 * starts a comment that runs to the end of the line. Unknown escapes print their character, as groff does.
 *
 * @example
 * readEscapes(String.raw`a \fIlong\fP \- time\(emin seconds`, { strings: new Map() }); // "a long - time—in seconds"
 */
export function readEscapes(line: string, context: EscapeContext, depth = 0, budget = context.stringBudget ?? { left: MAX_STRING_CHARS }): string {
  const read = readLine(line, context, depth, budget);
  return depth === 0 && context.translations !== undefined && context.translations.size > 0 ? translate(read, context.translations) : read;
}

/** `text` with each character `.tr` names printed as its translation. */
function translate(text: string, translations: ReadonlyMap<string, string>): string {
  let out = "";
  for (const character of text) out += translations.get(character) ?? character;
  return out;
}

/** A line's escapes read, as {@link readEscapes} reads them, before `.tr`'s translations. */
function readLine(line: string, context: EscapeContext, depth: number, budget: { left: number }): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    const at = line.indexOf("\\", i);
    if (at < 0) {
      out += line.slice(i);
      break;
    }
    out += line.slice(i, at);
    const kind = line[at + 1];
    i = at + 2;
    if (kind === undefined) break;
    if (kind === '"' || kind === "#") break;
    if (kind === "(" || kind === "[" || kind === "*" || NAMED_ARGUMENT.has(kind)) {
      if (kind === "s") {
        i = sizeEnd(line, i);
        continue;
      }
      // `\(em` and `\[em]` are named from their own bracket; `\*(Aq`, `\fB` after their letter.
      const name = escapeName(line, kind === "(" || kind === "[" ? i - 1 : i);
      i = name.end;
      if (kind === "(" || kind === "[") out += specialCharacter(name.value);
      else if (kind === "*" && depth < MAX_STRING_DEPTH && budget.left > 0) {
        const value = context.strings.get(name.value) ?? "";
        budget.left -= value.length + 1;
        out += readEscapes(value, context, depth + 1, budget);
      }
      continue;
    }
    if (QUOTED_ARGUMENT.has(kind)) {
      const quoted = quotedArgument(line, i);
      const nested = depth < MAX_STRING_DEPTH;
      // `\o'e\''` overstrikes its characters: the first one is what a reader sees.
      if (kind === "o" && nested) out += readEscapes(quoted.value, context, depth + 1, budget).slice(0, 1);
      // `\Z'text'` prints its text without moving.
      else if (kind === "Z" && nested) out += readEscapes(quoted.value, context, depth + 1, budget);
      // A move to the right sets words apart (a tab stop's `\h'|\n(L1u'`, a list's bullet and its text); a move back
      // (`\h'-1p'`) kerns. The space is one that filling keeps, as the bullet's `\c` would lose a plain one.
      else if (kind === "h" && !/^\s*(?:-|0\D*$)/.test(quoted.value)) out += "\u00a0";
      // `\N'34'` is the glyph of that number in the font: its character, for the printable ones.
      else if (kind === "N" && /^\d{2,7}$/.test(quoted.value)) out += glyph(Number(quoted.value));
      else if (kind === "C") out += specialCharacter(quoted.value);
      i = quoted.end;
      continue;
    }
    out += ownEntry(SIMPLE, kind) ?? kind;
  }
  return out;
}

/** One-character escapes and what they print; any other prints its character (`\.` is "."). */
const SIMPLE: Readonly<Record<string, string>> = {
  "-": "-",
  e: "\\",
  E: "\\",
  "\\": "\\",
  "&": "",
  ")": "",
  "|": "",
  "^": "",
  "%": "",
  ":": "",
  c: "",
  p: "",
  a: "",
  d: "",
  u: "",
  r: "",
  t: "\t",
  "{": "",
  "}": "",
  // Spaces that filling neither stretches nor drops; the writer makes them plain spaces.
  " ": "\u00a0",
  "~": "\u00a0",
  "0": "\u00a0",
  "'": "´",
  "`": "`",
  // Italic corrections (help2man writes `\fI\,SIZE\/\fR`).
  "/": "",
  ",": "",
};

/**
 * Whether a text line joins the next one with no space: it ends in `\c` after a word. "Sets the \c" keeps its space,
 * and the next line follows it as any other.
 */
export function joinsNextLine(line: string): boolean {
  return endsInJoin(line) && !/\s\\c\s*$/.test(line);
}

/** Whether a line ends in `\c`, which joins the next text line to it without a space. */
export function endsInJoin(line: string): boolean {
  // Walked back from the end: a pattern anchored there retries at each of a long run's backslashes.
  let end = line.length;
  while (end > 0 && /\s/.test(line[end - 1]!)) end--;
  if (line[end - 1] !== "c") return false;
  let backslashes = 0;
  while (end - 2 - backslashes >= 0 && line[end - 2 - backslashes] === "\\") backslashes++;
  return backslashes % 2 === 1;
}

/** The character of a glyph number (`\N'34'` is '"'), or "" for a control character or none. */
function glyph(code: number): string {
  return code >= 32 && (code < 0x7f || code > 0x9f) ? scalarText(code) : "";
}

/**
 * Where a size escape's argument ends, `i` being after `\s`: `\s0`, `\s8`, `\s12` (two digits when the first is 1 to
 * 3), `\s-2`, `\s+(12`, `\s(12`, `\s[12]`, `\s'12'`, as groff reads them: in terminfo.5, `\s-133` is a size and "33".
 */
function sizeEnd(line: string, i: number): number {
  let at = i;
  const signed = line[at] === "-" || line[at] === "+";
  if (signed) at++;
  const first = line[at];
  if (first === "(") return Math.min(line.length, at + 3);
  if (first === "[") return bracketed(line, at).end;
  if (first === "'") return quotedArgument(line, at).end;
  if (first === undefined || !/\d/.test(first)) return at;
  if (!signed && /[1-3]/.test(first) && /\d/.test(line[at + 1] ?? "")) return at + 2;
  return at + 1;
}

/** A `\*x`, `\*(xx`, `\*[name]` (or `\fB`, `\f(CW`, `\f[B]`) argument at `i`: its name and where it ends. */
function escapeName(line: string, i: number): { value: string; end: number } {
  const first = line[i];
  if (first === "(") return { value: line.slice(i + 1, i + 3), end: Math.min(line.length, i + 3) };
  if (first === "[") return bracketed(line, i);
  return { value: first ?? "", end: Math.min(line.length, i + 1) };
}

/** A `[name args]` at `i` (the bracket): its name and the index after `]` (the line's end when it has none). */
function bracketed(line: string, i: number): { value: string; end: number } {
  const close = line.indexOf("]", i + 1);
  const end = close < 0 ? line.length : close;
  return { value: line.slice(i + 1, end).split(" ")[0] ?? "", end: close < 0 ? line.length : close + 1 };
}

/**
 * A quoted argument at `i` (`'…'`, any delimiter the escape is given): its text and the index after it. An escape
 * inside it is stepped over whole, a quoted one (`\h'-\w'\*[BU]'u'`) with its own argument, so its delimiter does
 * not end the outer one; quoted escapes nest at most {@link MAX_STRING_DEPTH} deep.
 */
function quotedArgument(line: string, i: number, depth = 0): { value: string; end: number } {
  const delimiter = line[i];
  if (delimiter === undefined) return { value: "", end: i };
  let at = i + 1;
  while (at < line.length && line[at] !== delimiter) {
    if (line[at] !== "\\") {
      at++;
      continue;
    }
    const kind = line[at + 1];
    at += 2;
    if (kind !== undefined && QUOTED_ARGUMENT.has(kind) && depth < MAX_STRING_DEPTH) at = quotedArgument(line, at, depth + 1).end;
  }
  return { value: line.slice(i + 1, at), end: Math.min(line.length, at + 1) };
}
