import type { Section } from "../document.js";

/**
 * The text of a man page as a terminal shows it, written paragraph by paragraph: filled text joined into one line a
 * paragraph, unfilled text (`.nf`, `.EX`) line by line as written, a blank line between blocks, and the sections
 * that `.SH` and `.SS` (mdoc's `.Sh`, `.Ss`) head.
 */
export class PageWriter {
  private text = "";
  private paragraph = "";
  private joinNext = false;
  private readonly sections: Section[] = [];
  private readonly trail: string[] = [];
  /** Text lines are written as they are (`.nf`, `.EX`, `.Bd -literal`). */
  unfilled = false;

  /** Adds text to the paragraph (or, unfilled, a line); `join` appends it with no space, as `\c` asks. */
  add(text: string, options: { join?: boolean; keepIndent?: boolean } = {}): void {
    if (this.unfilled) {
      if (this.joinNext || options.join) this.paragraph += text;
      else {
        this.flush();
        this.paragraph = options.keepIndent === false ? text.trim() : text.replace(/\s+$/, "");
        this.writeParagraph(true);
      }
      this.joinNext = false;
      return;
    }
    // An escaped space (`\ `, `\~`) is kept at either end: "type\~\c" before ".IR t" is "type t".
    const trimmed = text.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
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
    if (this.paragraph.trim() !== "") this.writeParagraph(false);
    this.paragraph = "";
  }

  /** Ends the paragraph with a blank line after it (`.PP`, `.sp`, an empty line). */
  blank(): void {
    this.flush();
    if (this.text !== "" && !this.text.endsWith("\n\n")) this.text += "\n";
  }

  /** A heading at `level` (1 for `.SH`, 2 for `.SS`) and the section it opens. */
  heading(level: number, text: string): void {
    const heading = text.replace(/\s+/g, " ").trim();
    if (heading === "") return;
    this.blank();
    this.closeSection();
    this.trail.length = Math.min(this.trail.length, level - 1);
    this.trail.push(heading);
    this.sections.push({ headings: [...this.trail], start: this.text.length, end: this.text.length });
    this.text += `${heading}\n`;
  }

  /** A line of its own, such as a list item's tag, that the text after it does not join. */
  line(text: string): void {
    this.flush();
    const trimmed = text.replace(/\s+/g, " ").trim();
    if (trimmed !== "") this.text += `${trimmed}\n`;
  }

  /** The page's text and sections; a section ends where the next begins, the last at the text's end. */
  finish(): { content: string; sections: Section[] } {
    this.flush();
    const content = this.text.replace(/\s+$/, "");
    this.closeSection();
    const sections = this.sections.map((s) => ({ ...s, end: Math.min(s.end, content.length) })).filter((s) => s.end > s.start);
    return { content, sections };
  }

  private writeParagraph(asWritten: boolean): void {
    const paragraph = asWritten ? this.paragraph : this.paragraph.replace(/[ \t\n]+/g, " ").trim();
    this.text += `${paragraph.replace(/\u00a0/g, " ")}\n`;
    this.paragraph = "";
  }

  private closeSection(): void {
    const last = this.sections[this.sections.length - 1];
    if (last !== undefined) last.end = this.text.replace(/\s+$/, "").length;
  }
}
