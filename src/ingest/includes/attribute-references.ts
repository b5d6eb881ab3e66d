/**
 * AsciiDoc's attribute references (`{product-name}`, `HEAD{caret}`), replaced as Asciidoctor replaces them in an HTML
 * page's text: by an attribute set above (an entry of the file, of the file that includes it, of a part included
 * above, or an Antora component's `antora.yml`: what `conditionals.ts` tracks) or by one of Asciidoctor's own
 * character attributes (`{caret}` "^", `{startsb}` "[", `{nbsp}`, `{empty}`). A reference to an attribute that
 * nothing here sets stays as written, as Asciidoctor leaves it by default (`attribute-missing: skip`); so does one the
 * build sets (Git's `{litdd}`, a playbook's `{page-component-title}`). `\{name}` shows `{name}`.
 *
 * No reference is replaced where Asciidoctor shows text as written: in a listing, literal, passthrough or comment
 * block (`----`, `....`, `++++`, `////`, a ``` fence; but one whose attribute line adds them,
 * `[source,subs="attributes+"]`, as install commands naming a version do), in a literal paragraph (its first line
 * indented, outside a list: the indented paragraphs under Git's `--option::` terms are the items' text), in an inline
 * passthrough (`+{name}+`, `++{name}++`, `pass:[{name}]`), and on an attribute entry's line.
 */

import type { Attributes } from "./conditionals.js";

/** Asciidoctor's character replacement attributes, set in every document. */
const CHARACTERS = new Map<string, string>([
  ["blank", ""],
  ["empty", ""],
  ["sp", " "],
  ["nbsp", "\u00a0"],
  ["zwsp", "\u200b"],
  ["wj", "\u2060"],
  ["apos", "'"],
  ["quot", '"'],
  ["lsquo", "\u2018"],
  ["rsquo", "\u2019"],
  ["ldquo", "\u201c"],
  ["rdquo", "\u201d"],
  ["deg", "\u00b0"],
  ["plus", "+"],
  ["brvbar", "\u00a6"],
  ["vbar", "|"],
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["startsb", "["],
  ["endsb", "]"],
  ["caret", "^"],
  ["asterisk", "*"],
  ["tilde", "~"],
  ["backslash", "\\"],
  ["backtick", "`"],
  ["two-colons", "::"],
  ["two-semicolons", ";;"],
  ["cpp", "C++"],
  ["cxx", "C++"],
  ["pp", "++"],
]);

const REFERENCE = /(\\?)\{(\w[\w-]{0,60})\}/g;
/** Words a text must hold to hold a reference. */
const SIGN = /\{\w[\w-]{0,60}\}/;
/** A delimited block shown as written: listing, literal, passthrough, comment, or a Markdown-style fence. */
const VERBATIM = /^(?:(-{4,}|\.{4,}|\+{4,}|\/{4,})|(`{3,})[\w+-]*)[ \t]*$/;
/** An inline passthrough: `++text++`, `+text+`, `pass:q[text]`. */
const PASSTHROUGH = /\+\+[^\n]{0,2000}?\+\+|\+[^+\n]{1,2000}\+|pass:[a-z,]{0,20}\[[^\]\n]{0,2000}\]/g;
/** A list item's line (`* item`, `. step`, `1. step`, `<1> note`) or a description list's term (`--dry-run::`). */
const LIST_LINE = /^[ \t]*(?:(?:[*.-]{1,5}|\d{1,9}\.|<\d{1,4}>)[ \t]+\S|\S[^\n]{0,2000}?(?::{2,4}|;;)(?:[ \t]|$))/;
/** A block's attribute line, and its `subs` list: `[source,subs="attributes+"]`, `[subs=+attributes]`. */
const BLOCK_ATTRIBUTES = /^\[[^\]\n]{0,500}\]$/;
const SUBS = /(?:^|[,\s[])subs=(?:"([^"\n]{0,200})"|([^,\]\s]{0,200}))/;
/** An attribute entry's line: `:name: value`, `:name!:`. */
const ENTRY_LINE = /^:!?\w[\w-]{0,60}!?:/;

/**
 * Whether `line`, a run of `-` or `+`, underlines the title `previous` (AsciiDoc's two-line section title, as Git's
 * `OPTIONS` over `-------`): a title is a line of text, not a block's attributes or title, within two characters of
 * the underline's length.
 */
function underlines(previous: string, line: string): boolean {
  return (line[0] === "-" || line[0] === "+") && previous !== "" && !/^[[.\s]/.test(previous) && Math.abs(previous.length - line.length) <= 2;
}

/** Whether a block's attribute line (trimmed) turns attribute references on in its block: `attributes+`, `normal`. */
function addsAttributes(line: string): boolean {
  if (!BLOCK_ATTRIBUTES.test(line)) return false;
  const subs = SUBS.exec(line);
  const items = (subs?.[1] ?? subs?.[2] ?? "").split(",").map((item) => item.trim());
  return items.some((item) => item === "normal" || item.replace(/^\+|\+$/g, "") === "attributes") && !items.includes("-attributes");
}

/** Whether `text` holds what may be an attribute reference. */
export function mayHoldReferences(text: string): boolean {
  return SIGN.test(text);
}

/**
 * Reads a document's lines in order and replaces the references in each, with the attributes in force as it is
 * read (see the module's comment).
 */
export class AttributeReferences {
  /** The delimiter of the verbatim block open, if one is. */
  private verbatim: string | undefined;
  private literalParagraph = false;
  /** A list is open: an indented paragraph in it is an item's text, not a literal paragraph. */
  private inList = false;
  /** The line read before, trimmed ("" before the first, as after a blank line). */
  private previous = "";
  /** The block attributes read last (before a block title, if any) add references to the block they head. */
  private subsAttributes = false;
  /** The verbatim block open replaces references (see subsAttributes). */
  private verbatimReplaces = false;

  /**
   * `shownAsWritten`: the lines are a part included into a verbatim block, where no reference is replaced. `spend`
   * hears how many bytes each replacement adds (and may throw, to bound what a file's references can grow to).
   */
  constructor(
    private readonly attributes: Attributes,
    private readonly shownAsWritten = false,
    private readonly spend: (bytes: number) => void = () => {},
  ) {}

  /** Whether the line read last leaves a verbatim block open (a part included at the next line is shown as written). */
  get inVerbatim(): boolean {
    return this.shownAsWritten || (this.verbatim !== undefined && !this.verbatimReplaces);
  }

  /** `line` with its references replaced, or as written where the page shows it so. */
  line(line: string): string {
    const blank = line.trim() === "";
    const previous = this.previous;
    const wasBlank = previous === "";
    this.previous = line.trim();
    const subsAttributes = this.subsAttributes;
    // A block title (`.Install`) may stand between a block's attribute line and its delimiter.
    this.subsAttributes = addsAttributes(this.previous) || (subsAttributes && this.previous.startsWith("."));
    if (this.verbatim !== undefined) {
      if (line.trimEnd() === this.verbatim) this.verbatim = undefined;
      else if (this.verbatimReplaces) return this.replaced(line, false);
      return line;
    }
    const delimiter = VERBATIM.exec(line);
    if (delimiter !== null && !underlines(previous, line.trimEnd())) {
      this.verbatim = delimiter[1] ?? delimiter[2];
      this.verbatimReplaces = subsAttributes;
      return line;
    }
    const indented = line[0] === " " || line[0] === "\t";
    if (blank) this.literalParagraph = false;
    else if (LIST_LINE.test(line)) this.inList = true;
    else if (wasBlank && !indented) this.inList = false;
    if (!blank && wasBlank) this.literalParagraph = indented && !this.inList;
    if (blank || this.literalParagraph || ENTRY_LINE.test(line)) return line;
    return this.replaced(line);
  }

  /**
   * `line` with its references replaced (or as written in a part shown so), but in its inline passthroughs where
   * `inline` (a verbatim block's lines have none: its `+` is code).
   */
  private replaced(line: string, inline = true): string {
    if (this.shownAsWritten || !SIGN.test(line)) return line;
    // Inline passthroughs are set aside first, and put back once the references are replaced.
    const kept: string[] = [];
    const masked = inline ? line.replace(PASSTHROUGH, (pass) => `\ue004${kept.push(pass) - 1}\ue005`) : line;
    const replaced = masked.replace(REFERENCE, (reference: string, backslash: string, name: string) => {
      if (backslash !== "") return reference.slice(1);
      const own = this.attributes.get(name.toLowerCase());
      // An attribute unset by an entry (`:caret!:`) is missing, like one never set.
      const value = own === null ? reference : (own ?? CHARACTERS.get(name.toLowerCase()) ?? reference);
      this.spend(Buffer.byteLength(value, "utf8") - reference.length);
      return value;
    });
    return kept.length === 0 ? replaced : replaced.replace(/\ue004(\d+)\ue005/g, (_, i: string) => kept[Number(i)] ?? "");
  }
}
