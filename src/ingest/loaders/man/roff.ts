import { readCondition } from "./conditions.js";
import { MAX_STRING_CHARS, readEscapes } from "./escapes.js";

/**
 * Roff's input language under the man and mdoc macros: each line a request (`.SH NAME`, `'br`) or text, with what
 * the page defines for itself done here: strings (`.ds`), its own macros (`.de`, expanded where called), ignored
 * blocks (`.ig`), conditionals (`.if`, `.ie`, `.el`) and lines continued by a trailing backslash. pod2man's and
 * other generators' preambles are written so. Nothing here runs a command: `.sy` and `.pso` are read as nothing.
 */

/** One line of a man page after the page's own definitions are applied. */
export type RoffLine = { kind: "text"; text: string } | { kind: "request"; name: string; args: string[] };

/** What the reader knows of a page's own definitions, which escapes in text and arguments look up. */
export interface RoffDefinitions {
  strings: Map<string, string>;
  macros: Map<string, string[]>;
  /** What expanding strings may still add to the page. */
  stringBudget: { left: number };
  /** The characters `.tr` prints as others. */
  translations: Map<string, string>;
}

/**
 * The most characters that expanding a page's own macros may add: bounds the time and memory of a page whose macros
 * call each other or themselves, or double their arguments at each call (`.a \\$* \\$*`). Real preambles add a few
 * lines a call.
 */
const EXPANSION_CHARS = 4_000_000;
/** The most conditionals one line may nest (`.if n .if n …`): each reads the rest of the line again. */
const MAX_CONDITIONALS = 16;
/** The strings the man and mdoc macros define for pages to use (`\*R`, `\*(lq`, mdoc's `\*[Gt]`). */
const PREDEFINED_STRINGS: Readonly<Record<string, string>> = {
  R: "®",
  Tm: "™",
  lq: "“",
  rq: "”",
  Lq: "“",
  Rq: "”",
  q: '"',
  Gt: ">",
  Lt: "<",
  Am: "&",
  Ba: "|",
  Le: "≤",
  Ge: "≥",
  Ne: "≠",
  Pm: "±",
  If: "∞",
  Na: "NaN",
  Ua: "↑",
  Da: "↓",
  Pi: "π",
  lp: "(",
  rp: ")",
};

/**
 * Reads a man page's lines, calling `take` with each request and text line in order; the page's own definitions are
 * applied and returned.
 */
export function readRoff(text: string, take: (line: RoffLine, definitions: RoffDefinitions) => void): RoffDefinitions {
  const definitions: RoffDefinitions = {
    strings: new Map(Object.entries(PREDEFINED_STRINGS)),
    macros: new Map(),
    stringBudget: { left: MAX_STRING_CHARS },
    translations: new Map(),
  };
  const queue = joinContinuations(text.split("\n")).reverse();
  const elseStack: boolean[] = [];
  // Macros that more than one name calls (`.als`): `.am` on one name leaves the other's lines as they were.
  const aliased = new WeakSet<string[]>();
  let budget = EXPANSION_CHARS;
  let skipDepth = 0;
  // How many conditionals the line being read sits in, and the same for the line a conditional queues next.
  let conditionals = 0;
  let nextConditionals = 0;

  while (queue.length > 0) {
    const line = queue.pop()!;
    conditionals = nextConditionals;
    nextConditionals = 0;
    if (skipDepth > 0) {
      skipDepth += braceBalance(line);
      continue;
    }
    const control = line[0] === "." || line[0] === "'";
    if (!control) {
      if (!/^\\"/.test(line)) take({ kind: "text", text: line }, definitions);
      continue;
    }
    const request = /^[.'][ \t]*([^ \t\\]*)[ \t]*(.*)$/.exec(line)!;
    const name = request[1]!;
    const rest = request[2]!;
    // `.\"` is a comment, `.\}` the end of a conditional's block.
    if (name === "") continue;
    switch (name) {
      case "de":
      case "am":
      case "de1":
      case "am1":
      case "ig": {
        const [macro = "", end = "."] = splitArguments(rest);
        const body = takeUntil(queue, end);
        if (name === "ig") break;
        const existing = name.startsWith("am") ? definitions.macros.get(macro) : undefined;
        // Appended where it stands, unless an alias shares it (`.als`): copying at each `.am` took the square of
        // a page of 30,000 of them.
        if (existing !== undefined && !aliased.has(existing)) for (const bodyLine of body) existing.push(bodyLine);
        else definitions.macros.set(macro, [...(existing ?? []), ...body]);
        break;
      }
      case "ds":
      case "ds1":
      case "as":
      case "as1": {
        const match = /^([^ \t]+)[ \t]*"?(.*)$/.exec(rest);
        if (match === null) break;
        const before = name.startsWith("as") ? (definitions.strings.get(match[1]!) ?? "") : "";
        definitions.strings.set(match[1]!, before + match[2]!);
        break;
      }
      case "tr": {
        // `.tr \(*W-` prints "Ω" as "-": the characters are read as text is, then taken in pairs; an odd last one
        // prints as a space.
        const characters = [...readEscapes(rest.trimEnd(), { strings: definitions.strings, stringBudget: definitions.stringBudget })];
        for (let i = 0; i < characters.length; i += 2) definitions.translations.set(characters[i]!, characters[i + 1] ?? " ");
        break;
      }
      case "rm":
        for (const removed of splitArguments(rest)) {
          definitions.strings.delete(removed);
          definitions.macros.delete(removed);
        }
        break;
      case "als": {
        const [alias = "", original = ""] = splitArguments(rest);
        const macro = definitions.macros.get(original);
        if (macro !== undefined) {
          definitions.macros.set(alias, macro);
          aliased.add(macro);
        }
        break;
      }
      case "rn": {
        const [from = "", to = ""] = splitArguments(rest);
        const macro = definitions.macros.get(from);
        if (macro !== undefined) definitions.macros.set(to, macro);
        definitions.macros.delete(from);
        break;
      }
      case "if":
      case "ie":
      case "el": {
        let holds: boolean;
        let body: string;
        if (name === "el") {
          holds = elseStack.pop() ?? false;
          body = rest;
        } else {
          const condition = readCondition(rest, definitions);
          holds = condition.holds;
          body = condition.body;
          if (name === "ie") elseStack.push(!holds);
        }
        const opens = /^[ \t]*\\\{/.test(body);
        if (holds && conditionals < MAX_CONDITIONALS) {
          const inner = body.replace(/^[ \t]*\\\{[ \t]*/, "");
          if (inner.trim() !== "" && !/^\\}\s*$/.test(inner.trim())) {
            queue.push(inner.replace(/\\}/g, ""));
            nextConditionals = conditionals + 1;
          }
        } else if (opens) {
          skipDepth = braceBalance(body);
        }
        break;
      }
      default: {
        const macro = definitions.macros.get(name);
        const args = splitArguments(rest);
        const size = macro === undefined ? 0 : expandedSize(macro, rest, args);
        if (macro !== undefined && size <= budget) {
          budget -= size;
          for (let i = macro.length - 1; i >= 0; i--) queue.push(expandArguments(macro[i]!, args));
          break;
        }
        take({ kind: "request", name, args }, definitions);
      }
    }
  }
  return definitions;
}

/** The input lines with each one ending in an unescaped backslash joined to the next, as roff reads them. */
function joinContinuations(lines: string[]): string[] {
  const joined: string[] = [];
  let pending = "";
  for (const line of lines) {
    if (trailingBackslashes(line) % 2 === 1) {
      pending += line.slice(0, -1);
      continue;
    }
    joined.push(pending + line);
    pending = "";
  }
  if (pending !== "") joined.push(pending);
  return joined;
}

/** The lines of a definition, taken off the queue up to its end line (`..`, or `.end` where one is named). */
function takeUntil(queue: string[], end: string): string[] {
  const body: string[] = [];
  const endLine = new RegExp(String.raw`^[.'][ \t]*${end.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \t]*(?:\\".*)?$`);
  while (queue.length > 0) {
    const line = queue.pop()!;
    if (endLine.test(line)) break;
    body.push(line);
  }
  return body;
}

/** How many backslashes end a line (counted back from its end: a pattern anchored at the end retries at each one). */
function trailingBackslashes(line: string): number {
  let count = 0;
  while (count < line.length && line[line.length - 1 - count] === "\\") count++;
  return count;
}

/** How many `\{` a line opens past the `\}` it closes; `\\{` is a backslash and a brace. */
function braceBalance(line: string): number {
  let balance = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== "\\") continue;
    const next = line[i + 1];
    if (next === "{") balance++;
    else if (next === "}") balance--;
    i++;
  }
  return balance;
}

/**
 * The most characters a macro's call may add: its lines, each argument reference (`\$1`, `\$*`, `\$@`) as long as
 * the whole call line and its quotes, and one for a macro of no lines. Counted before the call is expanded, so that
 * a call that would double its arguments past the budget is not made.
 */
function expandedSize(macro: readonly string[], rest: string, args: readonly string[]): number {
  let size = 1;
  for (const line of macro) size += line.length + (line.split("\\$").length - 1) * (rest.length + 3 * args.length);
  return size;
}

/**
 * A macro's line read where it is called (copy mode): `\\` is one backslash, `\$1`…`\$9`, `\$*` and `\$@` are
 * its arguments, and the register `\n(.$` their number.
 */
function expandArguments(line: string, args: readonly string[]): string {
  return line
    .replace(/\\\\/g, "\\")
    .replace(/\\n(?:\(\.\$|\[\.\$\])/g, String(args.length))
    .replace(/\\\$(\d|\*|@|\((\d\d)|\[(\d+)\])/g, (_whole, which: string, two?: string, long?: string) => {
      if (which === "*") return args.join(" ");
      if (which === "@") return args.map((arg) => `"${arg}"`).join(" ");
      const index = Number(two ?? long ?? which);
      return args[index - 1] ?? "";
    });
}

/**
 * A request's arguments: separated by spaces, a double-quoted one keeping its spaces (`""` in it is a quote), an
 * escaped space (`\ `) kept inside its argument; a comment (`\"`) ends them.
 */
function splitArguments(rest: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < rest.length) {
    while (rest[i] === " " || rest[i] === "\t") i++;
    if (i >= rest.length) break;
    if (rest.startsWith('\\"', i)) break;
    let arg = "";
    if (rest[i] === '"') {
      i++;
      while (i < rest.length) {
        if (rest[i] === '"') {
          if (rest[i + 1] === '"') {
            arg += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (rest[i] === "\\" && i + 1 < rest.length) {
          arg += rest.slice(i, i + 2);
          i += 2;
          continue;
        }
        arg += rest[i++];
      }
    } else {
      while (i < rest.length && rest[i] !== " " && rest[i] !== "\t") {
        if (rest[i] === "\\" && i + 1 < rest.length) {
          if (rest[i + 1] === '"') return [...args, ...(arg === "" ? [] : [arg])];
          arg += rest.slice(i, i + 2);
          i += 2;
          continue;
        }
        arg += rest[i++];
      }
    }
    args.push(arg);
  }
  return args;
}
