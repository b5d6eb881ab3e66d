import { ownEntry } from "./characters.js";

/**
 * What mdoc's macros write besides their arguments, as mandoc writes it: enclosures (`.Op` "[…]"), systems and
 * standards (`.Bx 4.4`, `.St -p1003.1`); and which words of a macro line are macros, punctuation or arguments.
 */

/** Macros that write their arguments as they are (the font or meaning they mark is not the text's). */
export const PLAIN = new Set(
  "Em Sy Li Pa Ev Cm Ic Va Dv Er Fa Ft Ad Cd Ms Tn No An Lk Mt Lb Ar Fd Vt Me Hf Ot Sx Tg %A %B %C %D %I %J %N %O %P %Q %R %T %U %V".split(" "),
);
/** Punctuation that attaches to the word before it. */
export const CLOSING = /^[.,:;)\]?!]$/;

/** Macros callable inside another's arguments, and the enclosures they write around what follows them. */
export const ENCLOSURES: Readonly<Record<string, readonly [string, string]>> = {
  Op: ["[", "]"],
  Pq: ["(", ")"],
  Bq: ["[", "]"],
  Brq: ["{", "}"],
  Aq: ["⟨", "⟩"],
  Dq: ["“", "”"],
  Qq: ['"', '"'],
  Sq: ["‘", "’"],
  Ql: ["‘", "’"],
};
/** Opening and closing halves of the enclosures written across lines (`.Oo` … `.Oc`). */
export const HALVES: Readonly<Record<string, string>> = {
  Oo: "[",
  Oc: "]",
  Po: "(",
  Pc: ")",
  Bo: "[",
  Bc: "]",
  Bro: "{",
  Brc: "}",
  Ao: "⟨",
  Ac: "⟩",
  Do: "“",
  Dc: "”",
  Qo: '"',
  Qc: '"',
  So: "‘",
  Sc: "’",
};
/** The systems that `.Bx`, `.Ux` and the like name. */
const SYSTEMS: Readonly<Record<string, string>> = {
  Ux: "UNIX",
  Bx: "BSD",
  Bsx: "BSD/OS",
  Fx: "FreeBSD",
  Nx: "NetBSD",
  Ox: "OpenBSD",
  Dx: "DragonFly",
  At: "AT&T UNIX",
};
/** The standards `.St` names, as mandoc writes the common ones; another is written as its argument without "-". */
const STANDARDS: Readonly<Record<string, string>> = {
  "-ansiC": "ANSI X3.159-1989 (“ANSI C89”)",
  "-ansiC-89": "ANSI X3.159-1989 (“ANSI C89”)",
  "-isoC": "ISO/IEC 9899:1990 (“ISO C90”)",
  "-isoC-99": "ISO/IEC 9899:1999 (“ISO C99”)",
  "-isoC-2011": "ISO/IEC 9899:2011 (“ISO C11”)",
  "-p1003.1": "IEEE Std 1003.1 (“POSIX.1”)",
  "-p1003.1-2001": "IEEE Std 1003.1-2001 (“POSIX.1”)",
  "-p1003.1-2008": "IEEE Std 1003.1-2008 (“POSIX.1”)",
  "-p1003.2": "IEEE Std 1003.2 (“POSIX.2”)",
  "-susv2": "Version 2 of the Single UNIX Specification (“SUSv2”)",
  "-susv3": "Version 3 of the Single UNIX Specification (“SUSv3”)",
  "-susv4": "Version 4 of the Single UNIX Specification (“SUSv4”)",
  "-xpg4": "X/Open Portability Guide Issue 4 (“XPG4”)",
};

/** The system a macro such as `.Bx` or `.Ux` names, or undefined for another macro. */
export function systemName(macro: string): string | undefined {
  return ownEntry(SYSTEMS, macro);
}

/** The standard `.St` names: "IEEE Std 1003.1 (“POSIX.1”)" for `-p1003.1`, another as its argument without "-". */
export function standardName(argument: string): string {
  return ownEntry(STANDARDS, argument) ?? argument.replace(/^-/, "");
}

/** AT&T's versions as `.At` names them (`.At v7` is "Version 7 AT&T UNIX"). */
const ATT_VERSIONS: Readonly<Record<string, string>> = {
  v1: "Version 1 AT&T UNIX",
  v2: "Version 2 AT&T UNIX",
  v3: "Version 3 AT&T UNIX",
  v4: "Version 4 AT&T UNIX",
  v5: "Version 5 AT&T UNIX",
  v6: "Version 6 AT&T UNIX",
  v7: "Version 7 AT&T UNIX",
  "32v": "Version 32V AT&T UNIX",
  III: "AT&T System III UNIX",
  V: "AT&T System V UNIX",
  "V.1": "AT&T System V Release 1 UNIX",
  "V.2": "AT&T System V Release 2 UNIX",
  "V.3": "AT&T System V Release 3 UNIX",
  "V.4": "AT&T System V Release 4 UNIX",
};

/**
 * What a system's macro writes with the words after it (`words`, up to the next macro or punctuation), and how many
 * of them it takes: `.Bx 4.4 Lite2` is "4.4BSD-Lite2", `.Fx 10.0` "FreeBSD 10.0", `.At v7` "Version 7 AT&T UNIX",
 * `.Ux` "UNIX" alone.
 */
export function systemText(macro: string, words: readonly string[]): { text: string; used: number } | undefined {
  const system = systemName(macro);
  if (system === undefined) return undefined;
  const [version, variant] = words;
  if (macro === "Ux" || version === undefined) return { text: system, used: 0 };
  if (macro === "At") {
    const att = ownEntry(ATT_VERSIONS, version);
    return att === undefined ? { text: system, used: 0 } : { text: att, used: 1 };
  }
  // A version is a number ("4.4", "10.0", "1.0a"); a variant a name ("Lite2", "Reno", "Net/2").
  if (!/^\d/.test(version)) return { text: system, used: 0 };
  if (macro !== "Bx") return { text: `${system} ${version}`, used: 1 };
  return variant !== undefined && /^[A-Z][\w/.-]*$/.test(variant) ? { text: `${version}BSD-${variant}`, used: 2 } : { text: `${version}BSD`, used: 1 };
}

/** Whether a token is a macro's argument: a word, not another macro nor punctuation (and not past the line's end). */
export function isArgument(token: string | undefined): token is string {
  return token !== undefined && !isMacro(token) && !CLOSING.test(token);
}

/** Up to `most` of the words after `tokens[at]`, before the next macro or punctuation. */
export function wordsAfter(tokens: readonly string[], at: number, most: number): string[] {
  const words: string[] = [];
  for (let i = at + 1, token = tokens[i]; words.length < most && isArgument(token); token = tokens[++i]) words.push(token);
  return words;
}

/** Whether a token names a macro that a line may call inside another's arguments. */
function isMacro(token: string): boolean {
  return (
    Object.hasOwn(ENCLOSURES, token) ||
    Object.hasOwn(HALVES, token) ||
    PLAIN.has(token) ||
    systemName(token) !== undefined ||
    ["Fl", "Nm", "Xr", "Fn", "Pf", "Ns", "Ta", "St"].includes(token)
  );
}
