// The headings of a text in Emacs' outline mode: GNU packages' NEWS files (coreutils', grep's, sed's, findutils',
// gzip's, tar's; Debian ships one in nearly every GNU package's /usr/share/doc), TODO files and notes. The file says
// it is one, in a cookie on its first line (`GNU coreutils NEWS  -*- outline -*-`) or in a Local Variables block at its
// end (`mode: outline`); its headings are lines of stars (`* Noteworthy changes in release 9.1 (2022-04-15) [stable]`,
// `** Bug fixes`). Without the declaration a line of stars is a list item as often as not, so none is read.

import { collapseWhitespace, HeadingTrail, MAX_HEADING_LENGTH, type Section, sectionsFromHeadings } from "../document.js";

/**
 * The first line's mode cookie: `-*- outline -*-`, `-*- mode: outline; coding: utf-8 -*-`, and a word in brackets after
 * it (findutils' `-*- outline -*- (allout)`).
 */
const COOKIE = /-\*-(?:[^\n]*?;)?[ \t]*(?:mode:[ \t]*)?outline[ \t]*(?:;[^\n]*?)?-\*-(?:[ \t]*\([^()\n]{0,40}\))?/i;
/** The file's last lines, where Emacs looks for its Local Variables. */
const TAIL_CHARS = 3000;
const LOCAL_MODE = /^[^\n]*Local Variables:[^\n]*\n(?:[^\n]*\n){0,20}?[^\n]*\bmode:[ \t]*outline\b/im;
/** A heading: stars from the first column, white space, then its text (capped, so no pattern runs on a long line). */
const HEADING = /^(\*{1,8})[ \t]+(\S.{0,299})$/;

/**
 * The title and sections of a text that declares outline mode, or undefined. The title is the first line without its
 * cookie ("GNU coreutils NEWS"; tar's "GNU tar NEWS - User visible changes. 2021-02-13", whose mode is in its Local
 * Variables), unless that line is a heading; each line of stars heads a section at its depth.
 */
export function emacsOutlineSections(text: string): { title?: string; sections: Section[] } | undefined {
  const firstLine = (text.split("\n", 1)[0] ?? "").slice(0, 500);
  const cookie = COOKIE.exec(firstLine);
  if (cookie === null && !LOCAL_MODE.test(text.slice(-TAIL_CHARS))) return undefined;
  const trail = new HeadingTrail();
  const headings: { start: number; path: string[] }[] = [];
  let offset = 0;
  let first: string | undefined;
  for (const line of text.split("\n")) {
    const heading = HEADING.exec(line);
    if (heading !== null) {
      const name = collapseWhitespace(heading[2]!).slice(0, MAX_HEADING_LENGTH);
      first ??= name;
      headings.push({ start: offset, path: trail.enter(heading[1]!.length, name) });
    }
    offset += line.length + 1;
  }
  if (headings.length === 0) return undefined;
  const named = collapseWhitespace(cookie === null ? firstLine : firstLine.replace(cookie[0], "")).slice(0, MAX_HEADING_LENGTH);
  const title = named !== "" && !HEADING.test(firstLine) ? named : first;
  return { ...(title === undefined ? {} : { title }), sections: sectionsFromHeadings(text, headings) };
}
