import type { Section } from "../document.js";

/**
 * The text of a man page as a terminal shows it, written paragraph by paragraph: filled text joined into one line a
 * paragraph, unfilled text (`.nf`, `.EX`) line by line as written, a blank line between blocks, and the sections
 * that `.SH` and `.SS` (mdoc's `.Sh`, `.Ss`) head. The text is kept in parts with its length, its last characters and
 * its length without trailing whitespace, so that no step reads the text written so far again (a page of 100,000
 * headings took minutes when each read it).
 */
export class PageWriter {
  private readonly parts: string[] = [];
  private length = 0;
  /** The length of the text without its trailing whitespace. */
  private trimmedLength = 0;
  /** The text's last two characters. */
  private tail = "";
  private paragraph = "";
  /** The paragraph is an unfilled line, written as it is, blank or not, when the next one starts. */
  private pendingLine = false;
  private joinNext = false;
  private readonly sections: Section[] = [];
  private readonly trail: string[] = [];
  private filling = true;
  /** Nothing was written since the last heading: roff's no-space mode, in which a paragraph's space is dropped. */
  private afterHeading = false;

  /** Text lines are written as they are (`.nf`, `.EX`, `.Bd -literal`); changing it ends the line. */
  get unfilled(): boolean {
    return !this.filling;
  }

  set unfilled(value: boolean) {
    this.flush();
    this.filling = !value;
  }

  /** Adds text to the paragraph (or, unfilled, a line); `join` appends it with no space, as `\c` asks. */
  add(text: string, options: { join?: boolean } = {}): void {
    if (!this.filling) {
      // Written when the next line starts, so that `\c` can still join a line to it with its spaces.
      if (this.joinNext || options.join) this.paragraph += text;
      else {
        this.flush();
        this.paragraph = text;
        this.pendingLine = true;
      }
      this.joinNext = false;
      return;
    }
    // An escaped space (`\ `, `\~`) is kept at either end: "type\~\c" before ".IR t" is "type t".
    const trimmed = trimSpaces(text, true, true);
    if (trimmed === "") return;
    const glue = this.paragraph === "" || this.joinNext || options.join ? "" : " ";
    this.paragraph += glue + trimmed;
    this.joinNext = false;
  }

  /** The next text is appended to the last without a space (`\c` at a line's end, mdoc's `.Ns`). */
  joinWithNext(): void {
    this.joinNext = true;
  }

  /** Ends the line (`.br`). */
  flush(): void {
    if (this.pendingLine) this.writeParagraph(true);
    else if (this.paragraph.trim() !== "") this.writeParagraph(false);
    this.paragraph = "";
    this.pendingLine = false;
  }

  /**
   * Ends the paragraph with a blank line after it (`.PP`, `.sp`, an empty line); right after a heading there is none,
   * as `.SH` leaves groff (and `.Sh` mandoc) in no-space mode until text comes.
   */
  blank(): void {
    this.flush();
    if (this.afterHeading) return;
    if (this.length > 0 && this.tail !== "\n\n") this.append("\n");
  }

  /** A heading at `level` (1 for `.SH`, 2 for `.SS`) and the section it opens. */
  heading(level: number, text: string): void {
    const heading = text.replace(/\s+/g, " ").trim();
    if (heading === "") return;
    this.blank();
    this.closeSection();
    this.trail.length = Math.min(this.trail.length, level - 1);
    this.trail.push(heading);
    this.sections.push({ headings: [...this.trail], start: this.length, end: this.length });
    this.append(`${heading}\n`);
    this.afterHeading = true;
  }

  /** A table's rows, a line each, set apart from the text before and after them. */
  rows(rows: readonly string[]): void {
    this.blank();
    for (const row of rows) this.line(row);
    this.blank();
  }

  /** A line of its own, such as a list item's tag, that the text after it does not join. */
  line(text: string): void {
    this.flush();
    const trimmed = text.replace(/\s+/g, " ").trim();
    if (trimmed !== "") this.append(`${trimmed}\n`);
  }

  /** The page's text and sections; a section ends where the next begins, the last at the text's end. */
  finish(): { content: string; sections: Section[] } {
    this.flush();
    this.closeSection();
    const content = this.parts.join("").slice(0, this.trimmedLength);
    const sections = this.sections.map((s) => ({ ...s, end: Math.min(s.end, content.length) })).filter((s) => s.end > s.start);
    return { content, sections };
  }

  private writeParagraph(asWritten: boolean): void {
    const paragraph = asWritten ? trimSpaces(this.paragraph, false, true) : this.paragraph.replace(/[ \t\n]+/g, " ").trim();
    this.append(`${paragraph.replace(/\u00a0/g, " ")}\n`);
    this.paragraph = "";
  }

  private append(text: string): void {
    this.afterHeading = false;
    this.parts.push(text);
    this.length += text.length;
    this.tail = (this.tail + text).slice(-2);
    const kept = trimSpaces(text, false, true, /\s/).length;
    if (kept > 0) this.trimmedLength = this.length - text.length + kept;
  }

  private closeSection(): void {
    const last = this.sections[this.sections.length - 1];
    if (last !== undefined) last.end = this.trimmedLength;
  }
}

/**
 * `text` without the spaces, tabs and line breaks (or, given, the characters `space` matches) at its start and end,
 * found by walking in from each end: a regular expression anchored at the end retries at each of a long run's spaces.
 */
function trimSpaces(text: string, start: boolean, end: boolean, space = /[ \t\n]/): string {
  let from = 0;
  let to = text.length;
  if (start) while (from < to && space.test(text[from]!)) from++;
  if (end) while (to > from && space.test(text[to - 1]!)) to--;
  return text.slice(from, to);
}
