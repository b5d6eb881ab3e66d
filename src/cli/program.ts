import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { isRagError } from "../errors.js";
import { checkCommand } from "./commands/check.js";
import { collectionsCommand } from "./commands/collections.js";
import { deleteCommand } from "./commands/delete.js";
import { evalCommand } from "./commands/eval.js";
import { ingestCommand } from "./commands/ingest.js";
import { initCommand } from "./commands/init.js";
import { mcpCommand } from "./commands/mcp.js";
import { repairCommand } from "./commands/repair.js";
import { searchCommand } from "./commands/search.js";
import { statsCommand } from "./commands/stats.js";
import { applyConfig, CONFIG_FILE, loadConfig, PACKAGE_KEY } from "./config.js";
import type { CommandContext } from "./context.js";
import { EXIT_INTERRUPTED, describeFailure, oneLine } from "./errors.js";

function version(): string {
  // src/cli/program.ts and dist/cli/program.js both sit two folders below package.json.
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The `libsql-rag` command tree. Commander prints its own usage errors through `outputError`, as one line. */
function createProgram(context: CommandContext): Command {
  const program = new Command("libsql-rag")
    .description("Ingest documents into libSQL/Turso and search them by vector, keyword or both.")
    .version(version(), "-V, --version")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`libsql-rag: ${oneLine(text.replace(/^error: /, ""))}\n`) })
    .showSuggestionAfterError(true)
    .addOption(new Option("--config <path>", `settings file (default: ${CONFIG_FILE}, or "${PACKAGE_KEY}" in package.json, here or in a parent folder)`))
    .addHelpText(
      "after",
      "\nEnvironment: LIBSQL_URL, else TURSO_DATABASE_URL (default database, else file:rag.db); LIBSQL_AUTH_TOKEN,\n" +
        "else TURSO_AUTH_TOKEN; OPENAI_API_KEY and OPENAI_BASE_URL (for --embedder openai:MODEL).\n" +
        "Exit status: 0 success, 1 failure (database, embedder, file), 2 usage error (bad flag or value), 130 interrupted;\n" +
        "0 as well when the reader of the output stops early (e.g. `| head -1`).\n" +
        `Settings: \`libsql-rag init\` writes ${CONFIG_FILE}; flags win over it, and LIBSQL_URL/TURSO_DATABASE_URL over its "db".`,
    )
    // Read the settings file only when a command runs: a broken file must not stop --help or init.
    .hook("preAction", (root, action) => {
      if (action.name() !== "init") applyConfig(action, loadConfig(root.opts<{ config?: string }>().config));
    });
  for (const command of [
    ingestCommand(context),
    searchCommand(context),
    collectionsCommand(),
    statsCommand(),
    deleteCommand(),
    checkCommand(),
    repairCommand(),
    evalCommand(context),
    initCommand(),
    mcpCommand(context, version()),
  ]) {
    // Settings such as exitOverride are copied only by program.command(), so added commands get them here.
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }
  return program;
}

/**
 * Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. Every failure ends as one line
 * on stderr: `libsql-rag: <message>`.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      // Quit now, by the signal itself (status 130 in a shell): process.exit() would first tear down worker
      // threads, and one inside a native onnxruntime call then aborts the process with a C++ exception.
      process.off("SIGINT", onInterrupt);
      process.kill(process.pid, "SIGINT");
      return;
    }
    process.stderr.write("\nlibsql-rag: interrupted; finishing the current step (Ctrl-C again to quit now)\n");
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    await createProgram({ signal: controller.signal }).parseAsync([...argv]);
    return 0;
  } catch (error) {
    const { exitCode, message } = describeFailure(error);
    if (message !== undefined) process.stderr.write(`libsql-rag: ${oneLine(message)}\n`);
    if (process.env.LIBSQL_RAG_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return isRagError(error, "ABORTED") ? EXIT_INTERRUPTED : exitCode;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
