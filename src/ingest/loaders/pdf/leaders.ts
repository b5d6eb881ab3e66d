import type { PageText } from "./text.js";

/**
 * The dot leaders of a PDF's tables of contents and indexes ("3.1 Options . . . . . 5"), and the page numbers they
 * lead to: typesetting, not text.
 */

/** A page's text without its leaders, and which of its lines (0-based) were entries of a table of contents or index. */
export interface LedPageText extends PageText {
  entries: number[];
}

/**
 * How many leader dots, at the least, fill the gap before a page reference (an ellipsis is three), and at a line's
 * end, where the references are on the next line (a sentence may end in "...." there).
 */
const MIN_LEADER = 4;
const MIN_OPEN_LEADER = 6;
/** One page or section a leader leads to: "5", "xiv", "3.6.1", "U31" (a page of a manual's part "U"). */
const REFERENCE = String.raw`(?:[A-Z]{0,2}\d{1,5}(?:\.\d{1,4}){0,3}|[ivxlc]{1,7})`;
/** The references at a line's end: "5", "12, 40–42", "U31, 247", and a comma the next line goes on after. */
const PAGE_REFERENCES = new RegExp(String.raw`(?:^|[\s.…])(${REFERENCE}(?:\s*[,–-]\s*${REFERENCE})*\s*,?)$`);
/** A line of references alone ("1070, 1071, 1083"): the rest of the line before it. */
const REFERENCES_ONLY = new RegExp(String.raw`^${REFERENCE}(?:\s*[,–-]\s*${REFERENCE})*\s*,?$`);

/**
 * The pages without the dot leaders of their tables of contents and indexes, nor the page numbers they lead to:
 * "3.1 Enabling the micro-typographic features . . . . . 5" reads "3.1 Enabling the micro-typographic features",
 * "\\stockheight (length) Height of the stock paper. . . . . 8" keeps its words, and an index's "\\edef . . . . 37,
 * 40" its name. A leader is four dots or more (". . . .", "....", "……") before the page references that end a
 * line, or two, or a dot between blanks (a long name's: "\\@multitoc@starttoc . 14, 18"); six or more at a line's
 * end, where the references are on the next line. A line left empty (a leader wrapped onto a line of its own) goes,
 * and so does a line of page references alone that carries on a leader's. The printed page numbers mean nothing in
 * a passage, which carries its own `page`; the dots take a chunk's room and the embedder's window. The lines that had
 * a leader are told (`entries`), so that a bookmark's heading does not start at its title's entry in the table of
 * contents.
 */
export function withoutLeaders(pages: readonly PageText[]): LedPageText[] {
  return pages.map(({ page, text }) => {
    const kept: string[] = [];
    const entries: number[] = [];
    // Whether the line before ended in a leader or carried its references on.
    let led = false;
    for (const line of text.split("\n")) {
      if (led && REFERENCES_ONLY.test(line.trim())) {
        led = /,\s*$/.test(line);
        continue;
      }
      const cut = leaderStart(line);
      led = cut !== undefined;
      if (cut === undefined) kept.push(line);
      else if (line.slice(0, cut).trim() !== "") entries.push(kept.push(line.slice(0, cut).trimEnd()) - 1);
    }
    // Trimmed as the page's text was: only its first lines can be blank, from a leader's wrapped line.
    const joined = kept.join("\n");
    const blank = joined.length - joined.trimStart().length;
    const dropped = joined.slice(0, blank).split("\n").length - 1;
    const trimmed = joined.trim();
    if (trimmed === "") return { page, text, entries: [] };
    return { page, text: trimmed, entries: entries.map((line) => line - dropped) };
  });
}

/**
 * Where a line's leader begins, or undefined when it has none: the page references at its end are passed over
 * (read from its last 80 characters only), then the dots before them are counted back, blanks between them aside.
 * A scan from the end, so a long line of dots takes linear time.
 */
function leaderStart(line: string): number | undefined {
  let end = line.trimEnd().length;
  const tail = line.slice(Math.max(0, end - 80), end);
  const references = PAGE_REFERENCES.exec(tail);
  // The references' own start; what stood before them (a dot, a blank) is the leader's to count.
  if (references !== null) end -= references[1]?.length ?? 0;
  let dots = 0;
  let at = end;
  for (let i = end - 1; i >= 0; i--) {
    const c = line[i];
    if (c === ".") dots += 1;
    else if (c === "…") dots += 3;
    else if (c !== " " && c !== "\t") break;
    // The leader's start: its first dot, with the blanks before it.
    at = i;
  }
  // A long name leaves room for a dot or two before its references ("\\immediateaddtocontents . . 5, 42"); one dot
  // leads only with blanks on both sides (" . 14"), as "Fig. 3" and "e.g. 3" have none before it.
  const short = references !== null && (dots >= 2 || (dots === 1 && /^\s\.\s/.test(line.slice(at))));
  return dots >= (references === null ? MIN_OPEN_LEADER : MIN_LEADER) || short ? at : undefined;
}
