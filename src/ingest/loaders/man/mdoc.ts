import { ownEntry } from "./characters.js";
import { joinsNextLine, readEscapes } from "./escapes.js";
import type { PageWriter } from "./page-writer.js";
import type { RoffDefinitions, RoffLine } from "./roff.js";
import { type List, listType, referenceText, synopsisBreak } from "./mdoc-layout.js";
import { CLOSING, ENCLOSURES, HALVES, isArgument, PLAIN, standardName, systemName, systemText, wordsAfter } from "./mdoc-names.js";
import { TableReader } from "./table.js";

/**
 * mdoc(7), the semantic man macros of the BSDs (and of OpenSSH's, tmux's and many other pages): a macro line's
 * arguments may call further macros (`.Op Fl v Ar file` is "[-v file]"), punctuation attaches to the word before it,
 * and lists (`.Bl`, `.It`, `.El`) and displays (`.Bd`, `.Ed`) lay out the text.
 */

/** Whether a page is written in mdoc: its first macros are `.Dd` and `.Dt`, or it heads its sections with `.Sh`. */
export function isMdocPage(text: string): boolean {
  return /^\.[ \t]*(?:Dd|Dt|Sh)\b/m.test(text.slice(0, 20_000));
}

/** Macros that lay out and print nothing. */
const SILENT = new Set("Bk Ek Bf Ef Os Dd Ud Rs Re Ec Xo Xc Tg TE".split(" "));
/** The most enclosures one line nests (`.Op Fl a Op Fl b …`); deeper ones are read as words. */
const MAX_ENCLOSURES = 32;
/** Marks an argument written after `\&` (`\&.`): a word as it stands, never punctuation nor a macro's name. */
const LITERAL = "\uE000";
const OPENING = /^[([]$/;

export class MdocReader {
  pageName: string | undefined;
  private name = "";
  private readonly lists: List[] = [];
  /** `.Sm off` sets macros' words side by side, without spaces (`ssh://` `Oo user @ Oc` `hostname`). */
  private spacing = true;
  /** A tbl table, from `.TS` to `.TE`, as in a man(7) page. */
  private readonly table: TableReader;
  /** The last line was a macro's: with spacing off, the next macro's words join its words. */
  private afterMacro = false;
  /** The last line {@link render} read began with a word of closing punctuation. */
  private leadingClose = false;
  /** The section's heading (`.Sh`), upper-cased: a SYNOPSIS sets its usages and prototypes on lines of their own. */
  private section = "";
  /** The macro (or "text") of the SYNOPSIS's last line at its level, which decides the break before the next. */
  private synopsisPrevious: string | undefined;
  /** The arguments given so far inside `.Fo` … `.Fc`, which commas set apart. */
  private functionArgs: number | undefined;
  /** A reference's fields so far, between `.Rs` and `.Re`. */
  private reference: [string, string][] | undefined;
  /** An item's tag runs on over the lines after `.It … Xo`, up to `.Xc`. */
  private openTag = false;

  constructor(private readonly writer: PageWriter) {
    this.table = new TableReader(writer);
  }

  take(line: RoffLine, definitions: RoffDefinitions): void {
    if (this.table.take(line, definitions)) return;
    if (line.kind === "text") {
      this.afterMacro = false;
      if (this.functionArgs === undefined) this.synopsisPrevious = "text";
      if (line.text.trim() === "" && !this.writer.unfilled) this.writer.blank();
      else this.writer.add(readEscapes(line.text, definitions));
      if (joinsNextLine(line.text)) this.writer.joinWithNext();
      return;
    }
    const marked = line.args.map((arg) => (arg.startsWith("\\&") ? LITERAL : "") + readEscapes(arg, definitions));
    const args = marked.map((arg) => arg.replaceAll(LITERAL, ""));
    const { name } = line;
    if (this.reference !== undefined && name.startsWith("%")) {
      this.reference.push([name, this.render(marked)]);
      return;
    }
    if (this.section === "SYNOPSIS" && this.functionArgs === undefined) this.synopsisLine(name);
    switch (name) {
      case "Dt":
        if (args[0] !== undefined) this.pageName = args[1] === undefined ? args[0] : `${args[0]}(${args[1]})`;
        return;
      case "Sh":
      case "Ss":
        // A heading closes what a page left open before it: a reference, a function's arguments, a tag.
        this.finish();
        this.writer.heading(name === "Sh" ? 1 : 2, args.join(" "));
        if (name === "Sh") this.section = args.join(" ").toUpperCase();
        this.synopsisPrevious = undefined;
        return;
      case "Rs":
        // A SEE ALSO section's references are paragraphs of their own.
        if (this.section === "SEE ALSO") this.writer.blank();
        this.reference = [];
        return;
      case "Re":
        this.flushReference();
        return;
      case "Pp":
      case "Lp":
      case "sp":
        this.writer.blank();
        return;
      case "br":
        this.writer.flush();
        return;
      case "Bd":
        this.writer.blank();
        this.writer.unfilled = args.includes("-literal") || args.includes("-unfilled");
        return;
      case "Ed":
        this.writer.blank();
        this.writer.unfilled = false;
        return;
      case "D1":
      case "Dl":
        this.writer.line(this.render(marked));
        return;
      case "Bl":
        this.writer.blank();
        this.lists.push({ type: listType(args), count: 0 });
        return;
      case "El":
        this.lists.pop();
        this.writer.blank();
        return;
      case "It":
        this.item(marked);
        return;
      case "Nd":
        this.writer.add(`— ${this.render(marked)}`);
        return;
      case "Ex":
        this.writer.add(`The ${this.nameIn(args)} utility exits 0 on success, and >0 if an error occurs.`);
        return;
      case "Rv":
        this.writer.add(
          `The ${this.nameIn(args)}() function returns the value 0 if successful; otherwise the value -1 is returned and the global variable errno is set to indicate the error.`,
        );
        return;
      case "In":
        if (this.section === "SYNOPSIS") this.writer.line(`#include <${args[0] ?? ""}>`);
        else this.writer.add(`#include <${args[0] ?? ""}>`);
        return;
      case "Fo":
        this.writer.add(`${args[0] ?? ""}(`);
        this.writer.joinWithNext();
        this.functionArgs = 0;
        return;
      case "Fa":
        if (this.functionArgs === undefined) break;
        // A function's arguments, one a line between `.Fo` and `.Fc`: "f(int a, char *b)".
        this.writer.add(`${this.functionArgs++ > 0 ? ", " : ""}${args.join(", ")}`, { join: true });
        return;
      case "Fc":
        this.writer.add(this.section === "SYNOPSIS" ? ");" : ")", { join: true });
        this.functionArgs = undefined;
        return;
      case "Ns":
        this.writer.joinWithNext();
        return;
      case "Xc":
        this.closeTag();
        return;
      case "Sm":
        this.spacing = args[0] === undefined ? !this.spacing : args[0] !== "off";
        return;
    }
    // roff's own requests (`.nh`, `.ad`, `.ne`) lay out the page.
    if (SILENT.has(name) || /^[a-z]/.test(name)) return;
    const text = this.render([name, ...marked]);
    // A line whose first word is punctuation (`.No ,`; not `.Nm ,`, whose name comes first) ends the text before it.
    if (text !== "") this.writer.add(text, { join: (!this.spacing && this.afterMacro) || this.leadingClose });
    // A SYNOPSIS's prototype ends in a semicolon.
    if (name === "Fn" && this.section === "SYNOPSIS") this.writer.add(";", { join: true });
    this.afterMacro = true;
    if (args[args.length - 1] === "Xc") this.closeTag();
  }

  /** Writes what the page left open (a reference without `.Re`), and closes a function's arguments and a tag. */
  finish(): void {
    this.flushReference();
    this.functionArgs = undefined;
    this.closeTag();
  }

  private flushReference(): void {
    if (this.reference !== undefined) this.writer.add(referenceText(this.reference));
    this.reference = undefined;
  }

  /** `.Xc` ends the tag that `.It … Xo` opened, on a line of its own. */
  private closeTag(): void {
    if (!this.openTag) return;
    this.openTag = false;
    this.writer.flush();
  }

  /** Breaks the line (or the paragraph) before a SYNOPSIS's usage or prototype, as mandoc does. */
  private synopsisLine(name: string): void {
    const previous = this.synopsisPrevious;
    this.synopsisPrevious = name;
    const before = synopsisBreak(previous, name);
    if (before === "line") this.writer.flush();
    else if (before === "blank") this.writer.blank();
  }

  /** `.It`: a tag list's tag on its line, a bullet or number opening its paragraph, a column list's row. */
  private item(args: string[]): void {
    const list = this.lists[this.lists.length - 1];
    this.writer.blank();
    if (list === undefined || list.type === "tag") {
      // `.It Xo` opens a tag that the lines up to `.Xc` go on.
      if (args.lastIndexOf("Xo") > args.lastIndexOf("Xc")) {
        this.openTag = true;
        this.writer.add(this.render(args));
      } else this.writer.line(this.render(args));
      return;
    }
    list.count++;
    if (list.type === "column") this.writer.line(this.render(args));
    else if (list.type === "bullet") this.writer.add("•");
    else if (list.type === "dash") this.writer.add("-");
    else if (list.type === "enum") this.writer.add(`${list.count}.`);
  }

  private nameIn(args: string[]): string {
    return args.find((arg) => arg !== "-std") ?? this.name;
  }

  /** A macro line's words: macros called in it applied, punctuation attached to the word before or after it. */
  private render(tokens: readonly string[], depth = 0): string {
    const words: string[] = [];
    let glueNext = false;
    if (depth === 0) this.leadingClose = false;
    const push = (marked: string, glue = false) => {
      const word = marked.replaceAll(LITERAL, "");
      if (word === "") return;
      if (depth === 0 && words.length === 0) this.leadingClose = CLOSING.test(marked);
      if (words.length > 0 && (glue || glueNext || CLOSING.test(marked))) words[words.length - 1] += word;
      else words.push(word);
      glueNext = OPENING.test(marked);
    };
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const enclosure = ownEntry(ENCLOSURES, token);
      if (enclosure !== undefined && depth < MAX_ENCLOSURES) {
        // An enclosure takes the rest of the line, up to the punctuation that closes it.
        let end = tokens.length;
        while (end > i + 1 && CLOSING.test(tokens[end - 1]!)) end--;
        push(`${enclosure[0]}${this.render(tokens.slice(i + 1, end), depth + 1)}${enclosure[1]}`);
        for (const rest of tokens.slice(end)) push(rest);
        break;
      }
      const half = ownEntry(HALVES, token);
      if (half !== undefined) {
        push(half, CLOSING.test(half));
        if (OPENING.test(half) || /^[“‘{⟨"]$/.test(half)) glueNext = true;
        continue;
      }
      switch (token) {
        case "Fl": {
          const flag = tokens[i + 1];
          // `.Fl Fl raw` is "--raw".
          if (flag === "Fl") {
            push("-");
            glueNext = true;
            continue;
          }
          if (isArgument(flag)) {
            push(`-${flag}`);
            i++;
          } else push("-");
          continue;
        }
        case "Nm": {
          const given = tokens[i + 1];
          if (isArgument(given)) {
            if (this.name === "") this.name = given;
            push(given);
            i++;
          } else push(this.name);
          continue;
        }
        case "Xr": {
          const page = tokens[i + 1];
          const section = tokens[i + 2];
          if (page !== undefined && section !== undefined && /^\d\w*$/.test(section)) {
            push(`${page}(${section})`);
            i += 2;
          }
          continue;
        }
        case "Fn": {
          const fn = tokens[i + 1] ?? "";
          let j = i + 2;
          const params: string[] = [];
          while (isArgument(tokens[j])) params.push(tokens[j++]!);
          push(`${fn}(${params.join(", ")})`);
          i = j - 1;
          continue;
        }
        case "Pf":
          push(tokens[++i] ?? "");
          glueNext = true;
          continue;
        case "Ns":
          glueNext = true;
          continue;
        case "Ta":
          push("|");
          continue;
        case "St": {
          const standard = tokens[i + 1];
          if (standard !== undefined) push(standardName(standard));
          i++;
          continue;
        }
        case "Ar":
          if (!isArgument(tokens[i + 1])) push("file ...");
          continue;
      }
      const system = systemName(token) === undefined ? undefined : systemText(token, wordsAfter(tokens, i, 2));
      if (system !== undefined) {
        push(system.text);
        i += system.used;
        continue;
      }
      if (PLAIN.has(token) || SILENT.has(token)) continue;
      push(token);
    }
    return words.join(this.spacing ? " " : "");
  }
}
