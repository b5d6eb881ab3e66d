import type { Section } from "../document.js";
import { endsInJoin, joinsNextLine, readEscapes } from "./escapes.js";
import { isMdocPage, MdocReader } from "./mdoc.js";
import { PageWriter } from "./page-writer.js";
import { readRoff, type RoffDefinitions, type RoffLine } from "./roff.js";
import { TableReader } from "./table.js";

/** A man page read: its text as a terminal shows it, its sections, and what its title line (`.TH`, `.Dt`) says. */
export interface ManPage {
  content: string;
  sections: Section[];
  /** The page's NAME line ("CURLOPT_TIMEOUT - maximum time the transfer is allowed to complete"), when short. */
  title?: string;
  /** The name and section of `.TH` or `.Dt`: "CURLOPT_TIMEOUT(3)". */
  name?: string;
}

/**
 * Macros that lay out or index the page and print nothing a reader needs (man(7)'s, pod2man's, eqn's and pic's
 * delimiters); roff's own requests, all lower-case, print nothing either.
 */
const SILENT = new Set("DT PD AT UC IX EQ EN PS PE PF TE T& Dd Os UN".split(" "));
/** The man macros that end unfilled text (`.nf`, `.EX`) where a page leaves it open, as groff's do (`.PP` does not). */
const FILLING = new Set(["SH", "SS"]);
/** Font macros whose arguments are set apart by spaces. */
const FONT_SPACED = new Set(["B", "I", "SM", "SB", "CW", "R"]);
/** Font macros that alternate two fonts, their arguments joined with no space. */
const FONT_ALTERNATING = new Set(["BR", "RB", "BI", "IB", "IR", "RI"]);
/** The most characters a NAME line may have to be the page's title. */
const MAX_TITLE = 150;

/**
 * Reads a man page written in roff with the man(7) macros, or mdoc(7)'s (BSD's): paragraphs filled, examples and
 * synopses as written, `.TP` and `.IP` items' tags on lines of their own, tables a row a line with "|" between cells,
 * and the page's own strings, macros and conditionals applied.
 */
export function readManPage(text: string): ManPage {
  const writer = new PageWriter();
  const mdoc = isMdocPage(text) ? new MdocReader(writer) : undefined;
  const state = new ManState(writer);
  const definitions = readRoff(text, (line, defined) => (mdoc !== undefined ? mdoc.take(line, defined) : state.take(line, defined)));
  // A table that runs to the page's end (no `.TE`) is still the page's text.
  (mdoc ?? state).take({ kind: "request", name: "TE", args: [] }, definitions);
  mdoc?.finish();
  const { content, sections } = writer.finish();
  const name = mdoc?.pageName ?? state.pageName;
  const title = nameLine(content, sections) ?? name;
  return { content, sections, ...(title === undefined ? {} : { title }), ...(name === undefined ? {} : { name }) };
}

/** The text of the NAME section (`NAME` in any case), on one line, when it is short enough to title the page. */
function nameLine(content: string, sections: readonly Section[]): string | undefined {
  const section = sections.find((s) => s.headings.length === 1 && /^name$/i.test(s.headings[0]!));
  if (section === undefined) return undefined;
  const body = content
    .slice(section.start, section.end)
    .replace(/^[^\n]*\n?/, "")
    .replace(/\s+/g, " ")
    .trim();
  return body !== "" && body.length <= MAX_TITLE ? body : undefined;
}

/** What the man macros have set so far: a heading or a tag waiting for its text, a table, a link. */
class ManState {
  pageName: string | undefined;
  private pendingHeading = 0;
  private pendingTag = false;
  /** A tbl table, from `.TS` to `.TE`; a font macro in a cell's text block (`.BR pcpu ).`) is that text. */
  private readonly table: TableReader;
  private link: { target: string; at: number } | undefined;
  private added = 0;

  constructor(private readonly writer: PageWriter) {
    this.table = new TableReader(writer, (name, args) => {
      if (FONT_SPACED.has(name)) return args.join(" ");
      return FONT_ALTERNATING.has(name) ? args.join("") : undefined;
    });
  }

  take(line: RoffLine, definitions: RoffDefinitions): void {
    if (this.table.take(line, definitions)) return;
    if (line.kind === "text") {
      const read = readEscapes(line.text, definitions);
      if (line.text.trim() === "" && !this.writer.unfilled) this.writer.blank();
      else if (/^[ \t]/.test(line.text) && !this.writer.unfilled && this.pendingHeading === 0 && !this.pendingTag) {
        // A line starting with a space breaks the filled text before it, as roff does.
        this.writer.flush();
        this.text(read);
      } else this.text(read);
      if (joinsNextLine(line.text)) this.writer.joinWithNext();
      return;
    }
    this.request(line.name, line.args, (arg) => readEscapes(arg, definitions));
  }

  private text(text: string): void {
    if (this.pendingHeading > 0) {
      this.writer.heading(this.pendingHeading, text);
      this.pendingHeading = 0;
      return;
    }
    if (this.pendingTag) {
      this.pendingTag = false;
      this.writer.line(text);
      return;
    }
    this.added++;
    this.writer.add(text);
  }

  private request(name: string, args: string[], read: (arg: string) => string): void {
    const words = () => args.map(read).join(" ");
    if (FONT_SPACED.has(name) || FONT_ALTERNATING.has(name)) {
      const shown = args.map(read).join(FONT_SPACED.has(name) ? " " : "");
      if (args.length > 0) this.text(shown);
      // The next text joins a font macro's words when its last argument ends in `\c`; a quoted argument's last
      // space stays before it (`"pointed to by "\c`).
      if (args.length > 0 && endsInJoin(args[args.length - 1]!) && !/\s$/.test(shown)) this.writer.joinWithNext();
      return;
    }
    if (FILLING.has(name)) this.writer.unfilled = false;
    switch (name) {
      case "TH":
        if (args[0] !== undefined) this.pageName = args[1] === undefined ? read(args[0]) : `${read(args[0])}(${read(args[1])})`;
        return;
      case "SH":
      case "SS": {
        const level = name === "SH" ? 1 : 2;
        if (args.length > 0) this.writer.heading(level, words());
        else this.pendingHeading = level;
        this.pendingTag = false;
        return;
      }
      case "PP":
      case "P":
      case "LP":
      case "HP":
      case "sp":
        this.writer.blank();
        return;
      case "br":
      case "RS":
      case "RE":
      case "ti":
      case "in":
      case "ce":
        this.writer.flush();
        return;
      case "TP":
        this.writer.blank();
        this.pendingTag = true;
        return;
      case "TQ":
        this.writer.flush();
        this.pendingTag = true;
        return;
      case "IP":
        this.item(args[0] === undefined ? "" : read(args[0]));
        return;
      case "nf":
      case "EX":
        this.writer.unfilled = true;
        return;
      case "fi":
      case "EE":
        this.writer.unfilled = false;
        return;
      case "UR":
      case "MT":
        this.link = { target: args[0] === undefined ? "" : read(args[0]), at: this.added };
        return;
      case "UE":
      case "ME": {
        // A link shows its address after its text, as man does, or alone when it has no text.
        if (this.link !== undefined && this.link.target !== "") {
          if (this.link.at === this.added) this.text(this.link.target);
          else this.writer.add(`<${this.link.target}>`);
        }
        if (args[0] !== undefined) this.writer.add(read(args[0]), { join: true });
        this.link = undefined;
        return;
      }
      case "SY":
        this.writer.blank();
        this.text(words());
        return;
      case "OP":
        this.text(`[${words()}]`);
        return;
      case "MR":
        // groff 1.23's reference to a page: `.MR ls 1 ,` is "ls(1),".
        if (args[0] !== undefined) this.text(`${read(args[0])}(${read(args[1] ?? "")})${read(args[2] ?? "")}`);
        return;
      case "YS":
        this.writer.blank();
        return;
    }
    // `.nop` prints its text; roff's own requests (`.rr`, `.bd`, `.ftr`, all lower-case) lay out the page.
    if (name === "nop") this.text(words());
    if (SILENT.has(name) || /^[a-z]/.test(name)) return;
    // A macro this reader does not know (a page's own, defined elsewhere): its arguments are the text a reader sees.
    if (args.length > 0) this.text(words());
  }

  /** `.IP tag`: a short tag (a bullet, "1.") opens its paragraph; a longer one is a line of its own, as `.TP`'s. */
  private item(tag: string): void {
    this.writer.blank();
    const shown = tag.trim();
    if (shown === "") return;
    if (shown.length <= 4) this.writer.add(shown);
    else this.writer.line(shown);
  }
}
