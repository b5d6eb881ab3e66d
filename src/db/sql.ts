import { RagError } from "../errors.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quotes an SQL identifier after checking it against `^[A-Za-z_][A-Za-z0-9_]*$`.
 * Identifiers are never user text here (collection names map to generated table names), so a failure
 * is a bug or an attack, and it is refused rather than escaped.
 */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new RagError("INVALID_ARGUMENT", `Refusing SQL identifier ${JSON.stringify(name)}: expected ^[A-Za-z_][A-Za-z0-9_]*$.`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string as an SQL literal, for the few places (DDL) that cannot bind parameters. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** SQLite's hard limit on bound parameters per statement. */
export const MAX_PARAMS = 32_766;
