import { ownEntry } from "./characters.js";
import { type EscapeContext, readEscapes } from "./escapes.js";

/** Roff's conditions (`.if`, `.ie`), read as a terminal formatter that is not groff reads them. */

/**
 * Registers a man page tests whose value the reader knows. `.g` is 0, as in a troff that is not groff: pages test it
 * to use groff's extensions (asciidoctor's load `www.tmac` and call its macros), and their fallbacks are plain.
 */
const REGISTERS: Readonly<Record<string, number>> = { ".g": 0, ".H": 24, ".V": 40 };
/** One-letter conditions: read as on a terminal (`n`), on an odd page. */
const LETTER_CONDITIONS: Readonly<Record<string, boolean>> = { n: true, t: false, o: true, e: false, v: false, h: false };

/**
 * A conditional's condition, read as a terminal formatter would (`n` holds, `t` does not), and the body after it.
 * A numeric condition is evaluated left to right, as roff does, with the registers it knows (see {@link REGISTERS})
 * and 0 for others; a string comparison (`'a'b'`) compares the strings read.
 */
export function readCondition(rest: string, definitions: EscapeContext & { macros: ReadonlyMap<string, unknown> }): { holds: boolean; body: string } {
  let text = rest.trimStart();
  let negate = false;
  if (text.startsWith("!")) {
    negate = true;
    text = text.slice(1);
  }
  let holds: boolean;
  let body: string;
  const letter = /^([ntoevh])(?!\w)/.exec(text);
  const named = /^([dmrcFS])[ \t]+([^ \t]+)/.exec(text);
  const delimiter = text[0];
  if (letter !== null) {
    holds = LETTER_CONDITIONS[letter[1]!]!;
    body = text.slice(1);
  } else if (named !== null) {
    holds = named[1] === "d" ? definitions.strings.has(named[2]!) || definitions.macros.has(named[2]!) : false;
    body = text.slice(named[0].length);
  } else if (delimiter !== undefined && /['"|/]/.test(delimiter)) {
    const first = text.indexOf(delimiter, 1);
    const second = first < 0 ? -1 : text.indexOf(delimiter, first + 1);
    if (second < 0) return { holds: false, body: "" };
    const read = (part: string) => readEscapes(part, definitions);
    holds = read(text.slice(1, first)) === read(text.slice(first + 1, second));
    body = text.slice(second + 1);
  } else {
    const expression = /^[^ \t]*/.exec(text)![0];
    holds = evaluate(expression) > 0;
    body = text.slice(expression.length);
  }
  return { holds: negate ? !holds : holds, body: body.replace(/^[ \t]+/, "") };
}

/** A numeric expression of roff's, left to right with no precedence; registers by {@link REGISTERS}, units ignored. */
function evaluate(expression: string): number {
  const values = expression
    .replace(/\\n(?:\((..)|\[([^\]]*)\]|(.))/g, (_whole, two?: string, long?: string, one?: string) =>
      String(ownEntry(REGISTERS, two ?? long ?? one ?? "") ?? 0),
    )
    .replace(/[()]/g, "");
  const tokens = values.match(/\d+(?:\.\d+)?[iucmpPvMnsf]?|<=|>=|==|[-+*/%<>=&:]/g) ?? [];
  let total = 0;
  let operator = "+";
  for (const token of tokens) {
    if (/^\d/.test(token)) {
      const value = Number.parseFloat(token);
      total = apply(total, operator, value);
    } else {
      operator = token;
    }
  }
  return total;
}

function apply(left: number, operator: string, right: number): number {
  switch (operator) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return right === 0 ? 0 : left / right;
    case "%":
      return right === 0 ? 0 : left % right;
    case "<":
      return left < right ? 1 : 0;
    case ">":
      return left > right ? 1 : 0;
    case "<=":
      return left <= right ? 1 : 0;
    case ">=":
      return left >= right ? 1 : 0;
    case "=":
    case "==":
      return left === right ? 1 : 0;
    case "&":
      return left > 0 && right > 0 ? 1 : 0;
    case ":":
      return left > 0 || right > 0 ? 1 : 0;
    default:
      return right;
  }
}
