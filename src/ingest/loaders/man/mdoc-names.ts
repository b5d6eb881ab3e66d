import { ownEntry } from "./escapes.js";

/** The names mdoc's macros write for systems and standards (`.Bx`, `.St -p1003.1`), as mandoc writes them. */

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
