/**
 * AsciiDoc's preprocessor conditionals (`ifdef::`, `ifndef::`, `ifeval::`, up to their `endif::`), evaluated as
 * Asciidoctor evaluates them for an HTML page: the lines of a branch whose test fails are left out, and the directive
 * lines are never shown. Git's option lists say `ifdef::git-pull[]` for what only `git pull` has, and each command's
 * page sets `:git-pull:` before it includes them; read as written, `git merge`'s page said what only `pull` does.
 *
 * An attribute is set by an entry above the test (`:git-pull: 1`, in the file, in the one that includes it, or in a
 * part it includes above the test) and unset by `:name!:`; one no entry names is unset, as in Asciidoctor, except:
 * - those Asciidoctor sets for an HTML page (`asciidoctor`, `backend-html5`, `basebackend-html`, `filetype-html`;
 *   another backend's, `backend-pdf`, `backend-docbook`, is unset);
 * - in an Antora component, those Antora sets (`env-site`, `site-gen-antora`) and its `antora.yml`'s
 *   `asciidoc.attributes`;
 * - those of the build's environment, which a file cannot tell (`env-github`, `doctype-manpage`, `safe-mode-secure`):
 *   a test on one of them is unknown, and keeps its lines, as a test whose outcome is unknown does.
 * `ifeval::` is not evaluated (its expression names values a build passes): its lines are kept.
 */

import { type IncludeSyntax, replaceReferences } from "./directives.js";
import { hasOnlyDirectives } from "./sphinx-only.js";

/** A document's attributes: a name set (to its value) or unset (`null`) by an entry; a name not in it was never named. */
export type Attributes = Map<string, string | null>;

/** Set for every HTML page Asciidoctor writes. */
const HTML_ATTRIBUTES = ["asciidoctor", "backend-html5", "basebackend-html", "filetype-html"];
/** Attributes that the build's environment sets, unknown to a file unless it sets them itself. */
const ENVIRONMENT = /^(?:env|env-.+|doctype|doctype-.+|safe-mode-.+|site-gen|site-gen-.+)$/;
/** What Antora sets for each page of a site. */
export const ANTORA_ATTRIBUTES: ReadonlyArray<[string, string]> = [
  ["env", "site"],
  ["env-site", ""],
  ["site-gen", "antora"],
  ["site-gen-antora", ""],
];

/** The longest value an entry's references may build (see setAttribute). */
const MAX_VALUE = 4000;
/** An attribute entry: `:name: value`, `:name:`, and the unsetting `:name!:` or `:!name:`. */
const ENTRY = /^:(!?)(\w[\w-]{0,60})(!?):(?:[ \t]([^\n]{0,2000}))?$/;
const CONDITIONAL = /^(\\?)(ifdef|ifndef|ifeval)::([^\s[]{0,500})\[([^\n]{0,2000})\]$/;
const ENDIF = /^(\\?)endif::([^\s[]{0,500})\[\]$/;
/** Words a text must hold to hold a conditional. */
const SIGN = /^\\?(?:ifdef|ifndef|ifeval)::/m;

/** Whether a source of this syntax may be AsciiDoc (`.txt` too, as Git's sources), whose conditionals are evaluated. */
export function mayHoldConditionals(syntax: IncludeSyntax): boolean {
  return syntax === "asciidoc" || syntax === "text";
}

/**
 * Whether `text`, of `syntax`, holds a conditional to evaluate: AsciiDoc's, or Sphinx's `.. only::` (see
 * sphinx-only.ts).
 */
export function hasConditionals(text: string, syntax: IncludeSyntax): boolean {
  return syntax === "rst" ? hasOnlyDirectives(text) : mayHoldConditionals(syntax) && SIGN.test(text);
}

/** A file's first attributes: Asciidoctor's for HTML, and `given` (an Antora component's, for one of its files). */
export function firstAttributes(given: Iterable<[string, string | null]> = []): Attributes {
  return new Map<string, string | null>([...HTML_ATTRIBUTES.map((name): [string, string] => [name, ""]), ...given]);
}

/** How a branch's test came out: its lines shown, left out, or shown because the outcome is unknown. */
type Outcome = "shown" | "skipped" | "unknown";

/** `text` with its conditionals evaluated (see {@link evaluatedLines}). */
export function evaluateConditionals(text: string, attributes: Attributes): string {
  return [...evaluatedLines(text, attributes)].join("\n");
}

/**
 * The lines of `text` shown once its conditionals are evaluated (see the module's comment), its attribute entries
 * applied to `attributes` as each line is taken: what the reader does with `attributes` between two lines (an
 * included part's entries, set as the part is read where its `include::` line stands) holds for the lines after, as
 * in Asciidoctor. An `endif::` closes the test open when it names that test's attributes or none, and is dropped when
 * it does not or no test is open; a test with no name stays as written; one left open closes at the end.
 */
export function* evaluatedLines(text: string, attributes: Attributes): Generator<string> {
  const open: Array<{ names: string; outcome: Outcome }> = [];
  let skipped = 0;
  const shown = (line: string) => {
    const entry = ENTRY.exec(line);
    if (entry !== null) setAttribute(attributes, entry);
    return line;
  };
  for (const line of text.split("\n")) {
    const endif = ENDIF.exec(line);
    if (endif !== null && endif[1] === "") {
      const names = endif[2]!.toLowerCase();
      if (open.length > 0 && (names === "" || names === open[open.length - 1]!.names) && open.pop()!.outcome === "skipped") skipped--;
      continue;
    }
    const test = CONDITIONAL.exec(line);
    if (test !== null && test[1] === "" && (test[2] === "ifeval" ? test[3] === "" : test[3] !== "")) {
      const block = test[2] === "ifeval" || test[4] === "";
      const names = test[3]!.toLowerCase();
      // Inside a skipped branch a test is not evaluated, only matched with its endif.
      const outcome = skipped > 0 ? "skipped" : test[2] === "ifeval" ? "unknown" : evaluate(test[2]!, names, attributes);
      if (!block) {
        // The one-line form's text is a line of its own, an attribute entry too (`ifdef::a[:b: {a}]`).
        if (outcome !== "skipped") yield shown(test[4]!);
        continue;
      }
      open.push({ names, outcome });
      if (outcome === "skipped") skipped++;
      continue;
    }
    if (skipped > 0) continue;
    // A directive escaped with a backslash is shown without it.
    yield shown(test?.[1] === "\\" || endif?.[1] === "\\" ? line.slice(1) : line);
  }
}

function setAttribute(attributes: Attributes, entry: RegExpExecArray): void {
  const name = entry[2]!.toLowerCase();
  if (entry[1] === "!" || entry[3] === "!") {
    attributes.set(name, null);
    return;
  }
  const written = (entry[4] ?? "").trim();
  // References to attributes set above are replaced, unless the value would grow past MAX_VALUE: then it is kept as
  // written, so that values built from values (`:b: {a}{a}{a}`, `:c: {b}{b}{b}`) cannot grow without bound.
  let length = written.length;
  const value = replaceReferences(written, (name) => {
    const replacement = length > MAX_VALUE ? undefined : (attributes.get(name) ?? undefined);
    // What the reference `{name}` gives way to adds its length less the reference's.
    if (replacement !== undefined) length += replacement.length - name.length - 2;
    return replacement;
  });
  attributes.set(name, length > MAX_VALUE ? written : value);
}

/** Whether the attribute is set: known from an entry or a default, else unknown for the environment's, else not. */
function isSet(name: string, attributes: Attributes): boolean | undefined {
  const value = attributes.get(name.toLowerCase());
  if (value !== undefined) return value !== null;
  return ENVIRONMENT.test(name.toLowerCase()) ? undefined : false;
}

/**
 * The outcome of `ifdef::a,b[]` (any set), `ifdef::a+b[]` (all set), and `ifndef`'s, which shows its lines when
 * `ifdef`'s test over the same names fails (Asciidoctor's rules, an unknown name making an outcome unknown).
 */
function evaluate(kind: string, names: string, attributes: Attributes): Outcome {
  // The first delimiter tells which test it is, as in Asciidoctor.
  const all = /^[^,+]*\+/.test(names);
  const each = names.split(all ? "+" : ",").map((name) => isSet(name.trim(), attributes));
  let defined: boolean | undefined;
  if (all) defined = each.includes(false) ? false : each.includes(undefined) ? undefined : true;
  else defined = each.includes(true) ? true : each.includes(undefined) ? undefined : false;
  if (defined === undefined) return "unknown";
  return defined === (kind === "ifdef") ? "shown" : "skipped";
}
