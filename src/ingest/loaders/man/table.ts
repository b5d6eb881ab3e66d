import { readEscapes } from "./escapes.js";
import type { PageWriter } from "./page-writer.js";
import type { RoffDefinitions, RoffLine } from "./roff.js";

/**
 * The tbl(1) table a man page (man(7) or mdoc(7)) is in, from `.TS` to `.TE`: its lines gathered, and its rows written
 * at its end (see {@link tableRows}).
 */
export class TableReader {
  private lines: string[] | undefined;

  /** `asCell` gives the text a request inside the table stands for (a font macro's words), or undefined for none. */
  constructor(
    private readonly writer: PageWriter,
    private readonly asCell: (name: string, args: readonly string[]) => string | undefined = () => undefined,
  ) {}

  /** Takes `line` when it opens a table (`.TS`), is in one, or ends it (`.TE`, which writes the rows); else false. */
  take(line: RoffLine, definitions: RoffDefinitions): boolean {
    if (this.lines === undefined) {
      if (line.kind !== "request" || line.name !== "TS") return false;
      this.writer.flush();
      this.lines = [];
      return true;
    }
    if (line.kind === "text") this.lines.push(line.text);
    else if (line.name === "TE") {
      this.writer.rows(tableRows(this.lines, definitions));
      this.lines = undefined;
    } else if (line.name === "T&") this.lines.push(".T&");
    else {
      const cell = this.asCell(line.name, line.args);
      if (cell !== undefined) this.lines.push(cell);
    }
    return true;
  }
}

/**
 * A tbl(1) table's lines (between `.TS` and `.TE`) as rows of text, a row a line and its cells a "|" apart, as the
 * HTML reader writes tables: the options line (ending in ";") and the format lines (up to one ending in ".", and after
 * each `.T&`) are left out, and so are rules (`_`, `=`); a `T{` … `T}` block is one cell.
 *
 * @example
 * tableRows(["tab(@);", "l l.", "Name@Value", "_", "CURLE_OK@0"], definitions); // ["Name | Value", "CURLE_OK | 0"]
 */
function tableRows(lines: readonly string[], definitions: RoffDefinitions): string[] {
  let i = 0;
  let tab = "\t";
  const first = lines[0] ?? "";
  if (/;\s*$/.test(first)) {
    const chosen = /\btab\s*\((.)\)/i.exec(first);
    if (chosen !== null) tab = chosen[1]!;
    i++;
  }
  i = skipFormat(lines, i);
  const rows: string[] = [];
  while (i < lines.length) {
    const line = lines[i++]!;
    if (line === ".T&") {
      i = skipFormat(lines, i);
      continue;
    }
    const cells: string[] = [];
    let parts = line.split(tab);
    for (let c = 0; c < parts.length; c++) {
      const cell = parts[c]!;
      if (cell.trim() !== "T{") {
        cells.push(cell);
        continue;
      }
      // A text block runs to the line that starts with "T}"; the cells after it on that line continue the row.
      const block: string[] = [];
      while (i < lines.length && !lines[i]!.startsWith("T}")) {
        const blockLine = lines[i++]!;
        if (!/^[.']/.test(blockLine)) block.push(blockLine);
      }
      cells.push(block.join(" "));
      const end = i < lines.length ? lines[i++]!.slice(2) : "";
      // The row goes on with that line's cells: read them next, not copied after the ones read.
      parts = end.split(tab);
      c = 0;
    }
    const shown = cells.map((cell) => readEscapes(cell, definitions).replace(/\s+/g, " ").trim()).filter((cell) => !/^(?:[_=]|\\\^)?$/.test(cell));
    if (shown.length > 0) rows.push(shown.join(" | "));
  }
  return rows;
}

/** The index after a table's format lines, the last of which ends in ".". */
function skipFormat(lines: readonly string[], i: number): number {
  let j = i;
  while (j < lines.length) if (/\.\s*$/.test(lines[j++]!)) return j;
  return i;
}
