/**
 * Layout that mdoc(7) leaves to its formatter, as mandoc does it: lists' types, the line breaks of a SYNOPSIS
 * section, and the punctuation of a reference (`.Rs` … `.Re`).
 */

/** A list open between `.Bl` and `.El`: its type, and the number of its last item. */
export interface List {
  type: "tag" | "bullet" | "dash" | "enum" | "item" | "column";
  count: number;
}

/** The type of the list `.Bl` opens with `args` (`-tag`, `-bullet`…); a tag list unless one says otherwise. */
export function listType(args: readonly string[]): List["type"] {
  for (const arg of args) {
    const type = /^-(tag|hang|ohang|inset|diag|bullet|dash|hyphen|enum|item|column)$/.exec(arg)?.[1];
    if (type === undefined) continue;
    if (type === "hyphen") return "dash";
    if (type === "bullet" || type === "dash" || type === "enum" || type === "item" || type === "column") return type;
    return "tag";
  }
  return "tag";
}

/** The macros whose calls a SYNOPSIS sets on lines of their own. */
const SYNOPSIS_MACROS = new Set(["Cd", "Fd", "Fn", "Fo", "Ft", "In", "Nm", "Vt"]);
/** The macros after which the next such call starts a new paragraph, not only a new line. */
const BLOCK_ENDS = new Set(["Fd", "Fn", "Fo", "In", "Vt"]);

/**
 * What comes before a SYNOPSIS's macro `name` after the macro (or "text") `previous` at its level: nothing, a line
 * break ("line": a second `.Nm` usage, an `.In` after another, the function after its `.Ft` type), or a blank line
 * ("blank": a function's prototype after the one before it).
 */
export function synopsisBreak(previous: string | undefined, name: string): "none" | "line" | "blank" {
  if (previous === undefined || !SYNOPSIS_MACROS.has(name)) return "none";
  if (previous === name && name !== "Ft" && name !== "Fo" && name !== "Fn") return "line";
  if (BLOCK_ENDS.has(previous)) return "blank";
  if (previous === "Ft" && name !== "Fn" && name !== "Fo") return "blank";
  return "line";
}

/**
 * A reference's fields (`.%A` author, `.%T` title, `.%J` journal…) written as one sentence: authors joined with
 * "and" ("A, B, and C"), the other fields after them with commas, a title in quotation marks when a book or journal
 * follows it, and a full stop.
 */
export function referenceText(fields: readonly (readonly [name: string, text: string])[]): string {
  const authors = fields.filter(([name, text]) => name === "%A" && text !== "").map(([, text]) => text);
  const inWork = fields.some(([name]) => name === "%B" || name === "%J");
  const parts: string[] = [];
  if (authors.length > 0) {
    parts.push(authors.length <= 2 ? authors.join(" and ") : `${authors.slice(0, -1).join(", ")}, and ${authors[authors.length - 1]}`);
  }
  for (const [name, text] of fields) {
    if (name === "%A" || text === "") continue;
    parts.push(name === "%T" && inWork ? `“${text}”` : text);
  }
  return parts.length === 0 ? "" : `${parts.join(", ")}.`;
}
