import { CommanderError } from "commander";
import { isRagError } from "../errors.js";

/** The command line itself is wrong (bad flag value, missing choice); exits with 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The command ran but must end with a given exit code and a one-line message (e.g. `ingest --strict`). */
export class ExitError extends Error {
  override readonly name = "ExitError";
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Exit codes: 0 success, 1 runtime failure, 2 usage error, 130 interrupted (128 + SIGINT, by shell convention). */
const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Library errors that mean the input on the command line is wrong rather than that the work failed. */
const USAGE_CODES = new Set(["INVALID_ARGUMENT", "INVALID_FILTER"]);

/** Collapses a message to one line, for `libsql-rag: <message>` on stderr. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Maps an error to an exit code and the line to print (none when commander already printed it).
 */
export function describeFailure(error: unknown): { exitCode: number; message: string | undefined } {
  if (error instanceof CommanderError) {
    // Help and --version end through here too, with exit code 0; every other commander error is a usage error.
    return { exitCode: error.exitCode === 0 ? EXIT_OK : EXIT_USAGE, message: undefined };
  }
  if (error instanceof UsageError) return { exitCode: EXIT_USAGE, message: error.message };
  if (error instanceof ExitError) return { exitCode: error.exitCode, message: error.message };
  if (isRagError(error)) return { exitCode: USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_FAILURE, message: error.message };
  if (error instanceof Error) return { exitCode: EXIT_FAILURE, message: error.message || error.name };
  return { exitCode: EXIT_FAILURE, message: String(error) };
}
