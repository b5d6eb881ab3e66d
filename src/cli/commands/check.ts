import { Command, Option } from "commander";
import type { CheckProblem } from "../../store/check.js";
import { withStore } from "../context.js";
import { ExitError } from "../errors.js";
import { dbOption, jsonOption } from "../options.js";
import { print, printJson } from "../output.js";

interface CheckFlags {
  db?: string;
  quick?: boolean;
  json?: boolean;
}

export function checkCommand(): Command {
  return new Command("check")
    .description("check the database file and every collection's indexes (read-only); exit 1 when problems are found")
    .addOption(dbOption())
    .addOption(new Option("--quick", "run SQLite's quick_check instead of the full integrity_check"))
    .addOption(jsonOption())
    .action((flags: CheckFlags) => runCheck(flags));
}

/** One problem as two lines: where and what, then what to do. */
export function formatProblem(p: CheckProblem): string {
  const where = p.collection === undefined ? p.check : `${JSON.stringify(p.collection)} ${p.check}`;
  return `  ${where}: ${p.message}${p.repair === undefined ? "" : `\n    fix: ${p.repair}`}`;
}

async function runCheck(flags: CheckFlags): Promise<void> {
  const report = await withStore(flags, (store) => store.check(flags.quick ? { quick: true } : {}).then((r) => ({ db: store.url, ...r })), { readOnly: true });
  if (flags.json) printJson(report);
  else {
    const scope = `${report.collections.length} collection${report.collections.length === 1 ? "" : "s"}, ${report.integrity}`;
    if (report.ok) print(`ok: ${report.db} (${scope})`);
    else {
      print(`${report.problems.length} problem${report.problems.length === 1 ? "" : "s"} in ${report.db} (${scope}):`);
      for (const p of report.problems) print(formatProblem(p));
    }
  }
  // Problems are the answer, not a failure of the command: stdout holds them, stderr gets one summary line.
  if (!report.ok)
    throw new ExitError(`check found ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}; see above, or run libsql-rag repair.`, 1);
}
