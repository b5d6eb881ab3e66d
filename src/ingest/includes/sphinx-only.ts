/**
 * Sphinx's `.. only::` directive, evaluated as an HTML build of a site evaluates it: the block under a directive
 * whose expression is false is left out, the block under a true one is shown at the directive's own indent, and the
 * directive line is never shown. pytest's plugin list holds its 2,076 plugins twice, a table under
 * `.. only:: not latex` and a list under `.. only:: latex` for the PDF; read as written, every plugin stood twice.
 *
 * The expression is Sphinx's: tags joined by `and`, `or`, `not` and parentheses. An HTML build sets `html` and
 * `format_html`; another builder's or format's tag (`latex`, `epub`, `man`, `text`, `format_latex`, `builder_latex`,
 * …) is unset. Any other tag (a project's own, `is_release`, set by its `conf.py` or the command line, or the HTML
 * builder's name, `dirhtml` or `html`) is unknown to a file: an expression whose value it decides keeps its directive
 * and block as written, as an AsciiDoc test on the build's environment does (`conditionals.ts`). So does one that
 * does not parse. In a literal block (after a paragraph ending `::`, or a `code-block` directive) a directive is text.
 *
 * One pass over the lines, with a stack of the blocks open, so that nested directives cost no more than others.
 */

const DIRECTIVE = /^([ \t]*)\.\.[ \t]+only::[ \t]+(\S[^\n]{0,500})$/;
/** Words a text must hold to hold a directive. */
const SIGN = /^[ \t]*\.\.[ \t]+only::/m;
/** A line that opens a literal block: a paragraph's last line ending in `::`, or a directive of code. */
const LITERAL_OPENER = /(?:^|[^:\s]|[ \t])::[ \t]*$|^[ \t]*\.\.[ \t]+(?:code-block|code|sourcecode|parsed-literal)::/;
/** A directive with no argument (`.. note::`), whose `::` ends the line but opens no literal block. */
const BARE_DIRECTIVE = /^[ \t]*\.\.[ \t]+[\w:-]{1,60}::[ \t]*$/;
const HTML_TAGS = new Set(["html", "format_html"]);
const OTHER_TAGS =
  /^(?:format_|builder_)?(?:latex|epub|man|texinfo|text|xml|pseudoxml|gettext|linkcheck|changes|json|pickle|htmlhelp|qthelp|devhelp|applehelp)$/;

/** Whether `text` holds an `.. only::` directive to evaluate. */
export function hasOnlyDirectives(text: string): boolean {
  return SIGN.test(text);
}

/** An open block: its directive's indent, whether it is shown, and how far its lines move left (once known). */
interface Open {
  indent: number;
  shown: boolean;
  shift: number | undefined;
}

/** `text` with its `.. only::` directives evaluated (see the module's comment). */
export function evaluateOnly(text: string): string {
  const out: string[] = [];
  const open: Open[] = [];
  let hidden = 0;
  let shift = 0;
  // A literal block's opener's indent, while one is open.
  let literal: number | undefined;
  for (const line of text.split("\n")) {
    const indent = line.length - line.trimStart().length;
    const blank = indent === line.length;
    if (!blank) {
      while (open.length > 0 && indent <= open[open.length - 1]!.indent) {
        const closed = open.pop()!;
        if (!closed.shown) hidden -= 1;
        shift -= closed.shift ?? 0;
      }
      const top = open[open.length - 1];
      if (top !== undefined && top.shift === undefined) {
        top.shift = indent - top.indent;
        shift += top.shift;
      }
      if (literal !== undefined && indent <= literal) literal = undefined;
    }
    const directive = literal === undefined ? DIRECTIVE.exec(line) : null;
    const value = directive === null ? undefined : evaluate(directive[2]!.trim());
    if (value !== undefined) {
      open.push({ indent, shown: value, shift: undefined });
      if (!value) hidden += 1;
      continue;
    }
    if (hidden > 0) continue;
    out.push(line.slice(Math.min(shift, indent)));
    if (literal === undefined && !blank && LITERAL_OPENER.test(line) && !BARE_DIRECTIVE.test(line)) literal = indent;
  }
  return out.join("\n");
}

/** A tag's value in an HTML build: true, false, or undefined when the file cannot tell. */
function tag(name: string): boolean | undefined {
  if (HTML_TAGS.has(name)) return true;
  return OTHER_TAGS.test(name) ? false : undefined;
}

/** An expression's value (three-valued: undefined is unknown), or undefined when it does not parse. */
function evaluate(expression: string): boolean | undefined {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  let broken = false;
  const next = () => tokens[at];
  const primary = (): boolean | undefined => {
    const token = tokens[at++];
    if (token === "(") {
      const value = or();
      if (tokens[at++] !== ")") broken = true;
      return value;
    }
    if (token === "not") {
      const value = primary();
      return value === undefined ? undefined : !value;
    }
    if (token === undefined || token === ")" || token === "and" || token === "or" || !/^[A-Za-z_][\w.-]*$/.test(token)) broken = true;
    return token === undefined ? undefined : tag(token);
  };
  /** Operands joined by `word`: one equal to `decides` decides (false for `and`, true for `or`); else unknown wins. */
  const joined = (operand: () => boolean | undefined, word: string, decides: boolean) => (): boolean | undefined => {
    let value = operand();
    while (next() === word) {
      at += 1;
      const right = operand();
      value = value === decides || right === decides ? decides : value === undefined || right === undefined ? undefined : !decides;
    }
    return value;
  };
  const and = joined(primary, "and", false);
  function or(): boolean | undefined {
    return joined(and, "or", true)();
  }
  const value = or();
  return broken || at !== tokens.length ? undefined : value;
}
