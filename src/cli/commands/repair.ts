import { Command, Option } from "commander";
import { findCollection, withStore } from "../context.js";
import { RagError } from "../../errors.js";
import { ExitError } from "../errors.js";
import { dbOption, jsonOption, storeOptions } from "../options.js";
import { print, printJson, seconds } from "../output.js";
import { formatProblem } from "./check.js";

interface RepairFlags {
  db?: string;
  collection?: string;
  quick?: boolean;
  json?: boolean;
}

export function repairCommand(): Command {
  return new Command("repair")
    .description("rebuild the vector and full-text indexes of every collection the check finds a problem in (or of --collection)")
    .addOption(dbOption())
    .addOption(new Option("--collection <name>", "reindex this collection, whatever the check finds"))
    .addOption(new Option("--quick", "run SQLite's quick_check instead of the full integrity_check"))
    .addOption(jsonOption())
    .action((flags: RepairFlags) => runRepair(flags));
}

async function runRepair(flags: RepairFlags): Promise<void> {
  // A read-only open first, so that a mistyped path is an error instead of a new, empty, "repaired" database.
  if (storeOptions(flags).url?.startsWith("file:")) await withStore(flags, async () => undefined, { readOnly: true });
  const report = await withStore(flags, async (store) => {
    if (flags.collection !== undefined && !(await findCollection(store, flags.collection))) {
      throw new RagError(
        "NOT_FOUND",
        `Collection ${JSON.stringify(flags.collection)} does not exist in ${store.url}; nothing was repaired. List them with libsql-rag collections.`,
      );
    }
    const r = await store.repair({ ...(flags.collection !== undefined ? { collections: [flags.collection] } : {}), ...(flags.quick ? { quick: true } : {}) });
    return { db: store.url, ...r };
  });
  if (flags.json) printJson(report);
  else {
    if (report.reindexed.length === 0 && report.failed.length === 0) print(`Nothing to reindex in ${report.db}.`);
    for (const r of report.reindexed) {
      const parts = [r.vectorIndex ? "vector index" : undefined, "full-text index", r.fieldIndex ? "field index" : undefined, "triggers"].filter(Boolean);
      const forgotten = r.forgottenDocuments > 0 ? `; forgot ${r.forgottenDocuments} inconsistent document(s), which the next ingest writes again` : "";
      print(`Reindexed "${r.collection}": ${parts.join(", ")} over ${r.rows} rows in ${seconds(r.ms)}${forgotten}.`);
    }
    for (const f of report.failed) print(`Could not reindex "${f.collection}": ${f.message}`);
    if (report.after.ok) print(`ok: ${report.db} checks clean.`);
    else {
      print(`${report.after.problems.length} problem(s) remain, which reindexing cannot fix:`);
      for (const p of report.after.problems) print(formatProblem(p));
    }
  }
  if (!report.after.ok || report.failed.length > 0) {
    throw new ExitError(`repair left ${report.after.problems.length} problem(s) and ${report.failed.length} failed collection(s); see above.`, 1);
  }
}
