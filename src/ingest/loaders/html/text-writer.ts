import { PRIVATE_USE_RANGES } from "./icons.js";
/** Inline text that is nothing but separating dots. */
const SEPARATOR_DOTS = /^[·•]+$/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** Scripts written without spaces between words: a break between their characters is no word break. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** What a table cell's text follows in its row, after the first cell's. */
const CELL_MARK = "| ";
/** What a superscript number follows ("2", "x", ")"), and how it starts ("64", "-6", "−6"). */
const SUPERSCRIPT_BASE = /[\p{L}\p{N})\]]/u;
const SUPERSCRIPT_START = /^[-−+]?\p{N}/u;
/**
 * Characters a page does not show: a zero-width space (a line-break hint, cppreference's "returns \u200btrue"), a
 * soft hyphen, a word joiner, a zero-width no-break space. Kept, they split a word in two for the keyword index.
 * And what it shows as no text: an icon font's private-use glyph, without a label to read (see icons.ts).
 */
const INVISIBLE = new RegExp(String.raw`[\u00ad\u200b\u2060\ufeff${PRIVATE_USE_RANGES}]`, "gu");

/**
 * Accumulates text with HTML's whitespace rules: runs of spaces collapse, block elements add line breaks
 * (the largest pending one wins) and nothing trails at the end.
 */
export class TextWriter {
  private text = "";
  /** The last character written; testing `text` itself would flatten V8's string rope on every write. */
  private lastChar = "";
  private pendingBreak = 0;
  private pendingSpace = false;
  /** A space to write only between two words (see {@link TextWriter.wordBreak}). */
  private pendingWordBreak = false;
  /** A "^" to write before a superscript number (see {@link TextWriter.superscript}). */
  private pendingSuperscript = false;
  private pendingPrefix: string | undefined;
  /** Table cells that wrote nothing since the row's last text, each kept as a "|" before the next cell's text. */
  private emptyCells = 0;
  /**
   * A "·" or "•" between inline parts, written only when text follows on its line: one left at the end of a
   * line separates nothing (rustdoc's "1.0.0 · source · [−]" once its links are gone as chrome).
   */
  private heldSeparator: { text: string; spaceBefore: boolean; spaceAfter: boolean } | undefined;
  private preDepth = 0;
  private preBuffer = "";
  /** Where the text of the element being marked (a heading) starts, once it has written some. */
  private markOpen = false;
  private markStart: number | undefined;
  /** The marked element's text, kept aside because slicing `text` would flatten it once per heading. */
  private markText = "";

  block(level: number): void {
    this.heldSeparator = undefined;
    // A list marker waits for the item's first text, so a <p> inside an <li> stays on the marker's line.
    if (this.pendingPrefix !== undefined) return;
    // Empty cells at a row's end separate nothing.
    this.emptyCells = 0;
    this.pendingBreak = Math.max(this.pendingBreak, level);
    this.pendingSpace = false;
  }

  space(): void {
    // After a held "·" a space counts even at a line's start: Word's list bullet, "·" then a span of spaces.
    if (this.pendingBreak === 0 || this.heldSeparator !== undefined) this.pendingSpace = true;
  }

  prefix(text: string): void {
    this.pendingPrefix = text;
  }

  /**
   * Drops a marker whose element wrote nothing. A table cell's (`cell`) is kept to go before the next cell's text:
   * an empty cell amid a row ("bisect | x |  | o") holds its column, where without it the cells after it would
   * stand under the wrong headers.
   */
  clearPrefix(cell = false): void {
    if (cell && this.pendingPrefix === CELL_MARK) this.emptyCells++;
    this.pendingPrefix = undefined;
  }

  /**
   * Separates the next text from the last by a space if both are words where they meet: two sibling spans of one
   * kind are items a style sheet sets apart (cppreference's lines of names, "atomic_fetch_add" over
   * "atomic_fetch_add_explicit"; Doxygen's labels, "override" beside "default"), and so is what an empty span
   * stands between (gi-docgen's "Gtk ▸ Widget"). Never between two characters of a script written without spaces
   * (Japanese phrases in spans of their own).
   */
  wordBreak(): void {
    this.pendingWordBreak = true;
  }

  /** Marks the next text, if a number right after a word or number, as a superscript: "2^64", "tables^1", "10^-6". */
  superscript(): void {
    this.pendingSuperscript = true;
  }

  /** Forgets a word break or superscript mark that nothing was written after (a hidden or empty element). */
  clearBreak(): void {
    this.pendingWordBreak = false;
    this.pendingSuperscript = false;
  }

  /**
   * Writes `mark` between spaces after inline text on the same line, unless that text ends in it already: the
   * colon of docutils' "term : classifier", which Sphinx leaves to its style sheet ("how : str", not "howstr").
   */
  delimiter(mark: string): void {
    if (this.pendingBreak > 0 || this.lastChar === "" || this.lastChar === mark.at(-1)) return;
    this.inline(` ${mark} `);
  }

  inline(raw: string): void {
    const text = raw.replace(INVISIBLE, "").replace(/[\s\u00a0]+/g, " ");
    const trimmed = text.trim();
    if (text.startsWith(" ")) this.space();
    if (trimmed === "") return;
    if (SEPARATOR_DOTS.test(trimmed) && this.pendingPrefix === undefined) {
      if (this.heldSeparator === undefined) this.heldSeparator = { text: trimmed, spaceBefore: this.pendingSpace, spaceAfter: text.endsWith(" ") };
      else this.heldSeparator.spaceAfter = text.endsWith(" ");
      this.pendingSpace = false;
      return;
    }
    this.write(trimmed);
    if (text.endsWith(" ")) this.space();
  }

  startPre(): void {
    this.preDepth += 1;
  }

  preformatted(raw: string): void {
    this.preBuffer += raw.replace(INVISIBLE, "").replace(/\u00a0/g, " ");
  }

  endPre(): void {
    this.preDepth -= 1;
    if (this.preDepth > 0) return;
    // A newline right after <pre> is not content, and trailing blank lines are not either.
    const text = this.preBuffer.replace(/^\r?\n/, "").trimEnd();
    this.preBuffer = "";
    if (text.trim() !== "") this.write(text);
  }

  startMark(): void {
    this.markOpen = true;
    this.markStart = undefined;
    this.markText = "";
  }

  /** Closes the mark: where it starts (before a numbered item's number) and its text (undefined when it wrote nothing). */
  endMark(): { start: number; text: string } | undefined {
    this.markOpen = false;
    const start = this.markStart;
    this.markStart = undefined;
    return start === undefined ? undefined : { start, text: this.markText };
  }

  /** Where text written next starts, give or take the line breaks before it. */
  get length(): number {
    return this.text.length;
  }

  toString(): string {
    return this.text;
  }

  private write(text: string): void {
    const held = this.heldSeparator;
    if (held !== undefined) {
      this.heldSeparator = undefined;
      const spaceNext = this.pendingSpace;
      this.pendingSpace = held.spaceBefore;
      this.write(held.text);
      this.pendingSpace = held.spaceAfter || spaceNext;
    }
    let separator = "";
    if (this.text.length > 0) {
      if (this.pendingBreak > 0) separator = this.pendingBreak >= 2 ? "\n\n" : "\n";
      else if (this.pendingSpace && !/\s/.test(this.lastChar)) separator = " ";
      else if (this.pendingSuperscript && SUPERSCRIPT_BASE.test(this.lastChar) && SUPERSCRIPT_START.test(text)) separator = "^";
      else if (this.pendingWordBreak && WORD_CHAR.test(this.lastChar) && WORD_CHAR.test(text.charAt(0)) && !UNSPACED.test(this.lastChar + text.charAt(0)))
        separator = " ";
    }
    this.pendingBreak = 0;
    this.pendingSpace = false;
    this.clearBreak();
    const prefix = this.pendingPrefix === CELL_MARK ? "|  ".repeat(this.emptyCells) + CELL_MARK : (this.pendingPrefix ?? "");
    this.emptyCells = 0;
    let markStartsNow = false;
    if (this.markOpen && this.markStart === undefined) {
      // A heading that opens a numbered item starts its section with the number ("1. Build"), not its text:
      // written before the section, it would end the one before as a stray "1.". A cell's marker stays out.
      this.markStart = this.text.length + separator.length + (this.pendingPrefix === CELL_MARK ? prefix.length : 0);
      markStartsNow = true;
    }
    this.pendingPrefix = undefined;
    this.text += separator + prefix + text;
    this.lastChar = text[text.length - 1] ?? this.lastChar;
    if (this.markOpen) this.markText += markStartsNow ? text : separator + prefix + text;
  }
}
