import type { FilterNode } from "./parse.js";

// SQLite refuses expressions nested too deep (a parser stack of 100 open parentheses, a tree depth of 1000), so
// the compiler shapes and/or trees to stay shallow: these are the shaping rules, apart from what each operator
// compiles to (compile.ts).

/**
 * Operands joined in one flat `a AND b AND ...` chain. SQLite's expression tree grows one level per operand
 * of a chain and refuses trees deeper than 1000, so longer lists are split into parenthesised groups.
 */
const GROUP = 64;

/**
 * How deep `node` compiles: each `and` and `or` may open a parenthesis; `not` opens none, since negations are
 * pushed down to the comparisons (see `Compiler.node` in compile.ts).
 */
export function height(node: FilterNode): number {
  if (node.kind === "compare") return 0;
  if (node.kind === "not") return height(node.child);
  return 1 + node.children.reduce((h, c) => Math.max(h, height(c)), 0);
}

/** A child of an and/or to compile, and whether it is negated. */
interface Operand {
  node: FilterNode;
  negated: boolean;
}

/** The kind an and/or has once negated (De Morgan: NOT (a AND b) is NOT a OR NOT b). */
export function effectiveKind(node: Extract<FilterNode, { kind: "and" | "or" }>, negated: boolean): "and" | "or" {
  return (node.kind === "and") !== negated ? "and" : "or";
}

/**
 * The operands of an and/or of effective kind `kind`: negations are unwrapped, and nested and/ors of the same
 * effective kind are spliced in (`a AND (b AND c)` is `a AND b AND c`).
 */
export function flatten(kind: "and" | "or", children: readonly FilterNode[], negated: boolean): Operand[] {
  const out: Operand[] = [];
  const pending: Operand[] = children.map((node) => ({ node, negated })).reverse();
  while (pending.length > 0) {
    const { node, negated: neg } = pending.pop()!;
    if (node.kind === "not") pending.push({ node: node.child, negated: !neg });
    else if (node.kind !== "compare" && effectiveKind(node, neg) === kind) pending.push(...node.children.map((c) => ({ node: c, negated: neg })).reverse());
    else out.push({ node, negated: neg });
  }
  return out;
}

/**
 * `a OP b OP ...`, grouped so that no flat chain is longer than {@link GROUP}. The first (deepest) operand
 * stays outside the groups, so grouping never adds a parenthesis above it. `bare` leaves out the outer
 * parenthesis, for an AND inside an OR (AND binds tighter).
 */
export function joinGrouped(parts: string[], op: string, bare: boolean): string {
  const [first, ...rest] = parts;
  let level = rest;
  while (level.length >= GROUP) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += GROUP) next.push(`(${level.slice(i, i + GROUP).join(op)})`);
    level = next;
  }
  const sql = [first!, ...level].join(op);
  return bare ? sql : `(${sql})`;
}
