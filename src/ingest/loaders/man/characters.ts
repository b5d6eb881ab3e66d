import { scalarText } from "../document.js";

/**
 * groff's special characters, as groff_char(7) names them and a terminal prints them: `\(em` is "—", `\(*a` "α",
 * `\['e]` "é", `\[u00E9]` "é".
 */

/** groff's special characters (`\(em`, `\[bu]`) that man pages use, as the terminal prints them. */
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
  ...greekLetters(),
};

/**
 * groff's Greek letters: `\(*a` is "α", `\(*W` "Ω" (pod2man's preamble translates that one into "-" with `.tr`),
 * `\(ts` the final sigma, `\(+h` the script theta.
 */
function greekLetters(): Record<string, string> {
  const names = "ABGDEZYHIKLMNCOPRSTUFXQW";
  const upper = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ";
  const lower = "αβγδεζηθικλμνξοπρστυφχψω";
  const letters: Record<string, string> = { ts: "ς", "+h": "ϑ", "+f": "ϕ", "+p": "ϖ", "+e": "ϵ" };
  for (let i = 0; i < names.length; i++) {
    letters[`*${names[i]}`] = upper[i]!;
    letters[`*${names[i]!.toLowerCase()}`] = lower[i]!;
  }
  return letters;
}

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

/**
 * A table's own entry for `key`, never one of `Object.prototype`'s: a page's names are any text (`\[constructor]`,
 * `.Ic valueOf`, a register named "toString").
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The character a special-character name stands for, or "" for one this reader does not know. */
export function specialCharacter(name: string): string {
  const known = ownEntry(SPECIAL, name);
  if (known !== undefined) return known;
  const code = /^u([0-9A-F]{4,6})(?:_|$)/.exec(name);
  if (code !== null) {
    const point = Number.parseInt(code[1]!, 16);
    return scalarText(point);
  }
  const accent = ownEntry(ACCENTS, name[0] ?? "");
  if (accent !== undefined && name.length === 2 && /\p{L}/u.test(name[1]!)) return (name[1]! + accent).normalize("NFC");
  return "";
}
