/**
 * Roff's escape sequences in a line of text, read as a terminal shows them: fonts and sizes dropped, special
 * characters as the characters they name, user strings expanded. groff_char(7) names the characters.
 */

/** groff's two-letter and named special characters (`\(em`, `\[bu]`) that man pages use, as the terminal prints them. */
const SPECIAL: Readonly<Record<string, string>> = {
  em: "—",
  en: "–",
  hy: "-",
  mi: "−",
  pl: "+",
  eq: "=",
  "**": "*",
  sl: "/",
  rs: "\\",
  bu: "•",
  ci: "○",
  sq: "□",
  aq: "'",
  dq: '"',
  lq: "“",
  rq: "”",
  oq: "‘",
  cq: "’",
  Bq: "„",
  bq: "‚",
  Fo: "«",
  Fc: "»",
  fo: "‹",
  fc: "›",
  ga: "`",
  aa: "´",
  ha: "^",
  ti: "~",
  ul: "_",
  ru: "_",
  ba: "|",
  br: "│",
  bv: "|",
  or: "|",
  lB: "[",
  rB: "]",
  lC: "{",
  rC: "}",
  la: "⟨",
  ra: "⟩",
  at: "@",
  sh: "#",
  Do: "$",
  ct: "¢",
  Eu: "€",
  eu: "€",
  Po: "£",
  Ye: "¥",
  co: "©",
  rg: "®",
  tm: "™",
  sc: "§",
  ps: "¶",
  de: "°",
  dg: "†",
  dd: "‡",
  mu: "×",
  di: "÷",
  "+-": "±",
  "<=": "≤",
  ">=": "≥",
  "!=": "≠",
  "==": "≡",
  "~~": "≈",
  "~=": "≅",
  "->": "→",
  "<-": "←",
  "<>": "↔",
  "=>": "⇒",
  "<=>": "⇔",
  ua: "↑",
  da: "↓",
  if: "∞",
  fa: "∀",
  te: "∃",
  mc: "µ",
  "12": "½",
  "14": "¼",
  "34": "¾",
  ss: "ß",
  ae: "æ",
  AE: "Æ",
  oe: "œ",
  OE: "Œ",
  "/o": "ø",
  "/O": "Ø",
  oa: "å",
  oA: "Å",
  "r!": "¡",
  "r?": "¿",
  "a-": "¯",
  ".": ".",
};

/** The combining marks of groff's composed letters (`\['e]`, `\(:u`), applied to the letter after them. */
const ACCENTS: Readonly<Record<string, string>> = {
  "'": "\u0301",
  "`": "\u0300",
  ":": "\u0308",
  "^": "\u0302",
  "~": "\u0303",
  ",": "\u0327",
  o: "\u030a",
  v: "\u030c",
};

/** The character a special-character name stands for, or "" for one this reader does not know. */
function specialCharacter(name: string): string {
  const known = SPECIAL[name];
  if (known !== undefined) return known;
  const code = /^u([0-9A-F]{4,6})(?:_|$)/.exec(name);
  if (code !== null) {
    const point = Number.parseInt(code[1]!, 16);
    return point <= 0x10ffff && (point < 0xd800 || point > 0xdfff) ? String.fromCodePoint(point) : "";
  }
  const accent = ACCENTS[name[0] ?? ""];
  if (accent !== undefined && name.length === 2 && /\p{L}/u.test(name[1]!)) return (name[1]! + accent).normalize("NFC");
  return "";
}

/** Where escapes look up what is defined so far: user strings (`.ds`), and what expanding them may still add. */
export interface EscapeContext {
  strings: ReadonlyMap<string, string>;
  /** The characters strings may still add to the page (see {@link MAX_STRING_CHARS}); a line's own budget without it. */
  stringBudget?: { left: number };
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
 * readEscapes(String.raw`Pass a \fIlong\fP \- the time\(emin seconds`, { strings: new Map() }); // "Pass a long - the time—in seconds"
 */
export function readEscapes(line: string, context: EscapeContext, depth = 0, budget = context.stringBudget ?? { left: MAX_STRING_CHARS }): string {
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
    if (kind === "(" || kind === "[" || kind === "*" || NAMED_ARGUMENT.has(kind) || kind === "C") {
      if (kind === "C") {
        const quoted = quotedArgument(line, i);
        out += specialCharacter(quoted.value);
        i = quoted.end;
        continue;
      }
      // `\s-2`, `\s+2`, `\s0`: a size change, its number signed or not.
      if (kind === "s" && /[-+\d]/.test(line[i] ?? "")) {
        const size = /^[-+]?\d{1,2}/.exec(line.slice(i));
        i += size?.[0].length ?? 1;
        continue;
      }
      const name = kind === "(" ? { value: line.slice(i, i + 2), end: i + 2 } : kind === "[" ? bracketed(line, i - 1) : escapeName(line, i);
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
      // `\o'e\''` overstrikes its characters: the first one is what a reader sees.
      if (kind === "o") out += readEscapes(quoted.value, context, depth + 1, budget).slice(0, 1);
      // `\Z'text'` prints its text without moving.
      else if (kind === "Z") out += readEscapes(quoted.value, context, depth + 1, budget);
      // A move to the right sets words apart (a tab stop's `\h'|\n(L1u'`); a move back (`\h'-1p'`) kerns.
      else if (kind === "h" && !/^\s*(?:-|0\D*$)/.test(quoted.value)) out += " ";
      i = quoted.end;
      continue;
    }
    out += SIMPLE[kind] ?? kind;
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
};

/** Whether a line ends in `\c`, which joins the next text line to it without a space. */
export function endsInJoin(line: string): boolean {
  const trail = /(\\+)c\s*$/.exec(line);
  return trail !== null && trail[1]!.length % 2 === 1;
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

/** A quoted argument at `i` (`'…'`, any delimiter the escape is given): its text and the index after it. */
function quotedArgument(line: string, i: number): { value: string; end: number } {
  const delimiter = line[i];
  if (delimiter === undefined) return { value: "", end: i };
  const close = line.indexOf(delimiter, i + 1);
  if (close < 0) return { value: line.slice(i + 1), end: line.length };
  return { value: line.slice(i + 1, close), end: close + 1 };
}
