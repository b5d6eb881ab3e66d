import { Option, type Command } from "commander";
import type { ChunkingOptions } from "../ingest/chunking/index.js";
import { UsageError } from "./errors.js";
import { parseCount } from "./options.js";

/** The chunking flags of `ingest`, `eval` and `mcp`. */
export interface ChunkingFlags {
  chunkSize?: number;
  chunkOverlap?: number;
  chunkUnit?: "characters" | "tokens";
  /** False with `--no-context-header`. */
  contextHeader?: boolean;
}

/** The largest size a flag takes: far past any embedder's input window, small enough to be no typo's billions. */
const MAX_SIZE = 1_000_000;

/**
 * Adds `--chunk-size`, `--chunk-overlap`, `--chunk-unit` and `--no-context-header`: what is not given is fitted to
 * the embedder, as `createRag` does. A collection's documents are chunked again when these change.
 */
export function addChunkingOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--chunk-size <n>",
        "the largest chunk, its context header included, in --chunk-unit (default: fitted to the embedder's input window, 448 characters for use-lite; documents already stored are chunked again when it changes)",
      ).argParser((value) => parseCount(value, MAX_SIZE)),
    )
    .addOption(
      new Option(
        "--chunk-overlap <n>",
        "how much consecutive chunks of a section may share, less than the size (default: an eighth of the fitted size; with --chunk-size, a fifth of it, at most 150)",
      ).argParser(parseOverlap),
    )
    .addOption(new Option("--chunk-unit <unit>", "what --chunk-size and --chunk-overlap count (default: characters)").choices(["characters", "tokens"]))
    .addOption(new Option("--no-context-header", 'embed each chunk\'s passage alone, without its "Title › Section" header before it'));
}

/** The chunking options the flags give, only those given (`createRag` fits the rest), or undefined for none. */
export function chunkingFromFlags(flags: ChunkingFlags): ChunkingOptions | undefined {
  const options: ChunkingOptions = {
    ...(flags.chunkSize !== undefined ? { size: flags.chunkSize } : {}),
    ...(flags.chunkOverlap !== undefined ? { overlap: flags.chunkOverlap } : {}),
    ...(flags.chunkUnit !== undefined ? { unit: flags.chunkUnit } : {}),
    ...(flags.contextHeader === false ? { contextHeader: false } : {}),
  };
  if (options.size !== undefined && options.overlap !== undefined && options.overlap >= options.size) {
    throw new UsageError(`--chunk-overlap ${options.overlap} must be less than --chunk-size ${options.size}.`);
  }
  return Object.keys(options).length === 0 ? undefined : options;
}

function parseOverlap(value: string): number {
  if (value.trim() === "0") return 0;
  return parseCount(value, MAX_SIZE - 1);
}
