import type { CheckOptions, CheckReport } from "./check.js";
import type { ReindexReport } from "./reindex.js";

/** The part of a store that repair uses (structural, so this file does not import the store that calls it). */
interface Repairable {
  check(options?: CheckOptions): Promise<CheckReport>;
  collection(name: string): Promise<{ reindex(): Promise<ReindexReport> }>;
}

/** Options of {@link Store.repair}. */
export interface RepairOptions {
  /** Reindex these collections whatever the check finds. @default the collections the check finds a problem in */
  collections?: string[];
  /** Use `PRAGMA quick_check` in the checks before and after. @default false */
  quick?: boolean;
}

/** What {@link Store.repair} found and did. */
export interface RepairReport {
  /** The check before repairing. */
  before: CheckReport;
  reindexed: ReindexReport[];
  /** Collections that could not be reindexed (for example an invalid registry row), with the reason. */
  failed: Array<{ collection: string; message: string }>;
  /** The check after repairing: what is left needs a person (see each problem's `repair`). */
  after: CheckReport;
}

/** Checks the store, reindexes each collection with a problem reindexing can fix (or those asked for), and checks again. */
export async function repairStore(store: Repairable, options: RepairOptions = {}): Promise<RepairReport> {
  const quick = options.quick === true ? { quick: true } : {};
  const before = await store.check(quick);
  const targets = options.collections ?? [...new Set(before.problems.flatMap((p) => (p.collection === undefined ? [] : [p.collection])))]; // Every collection with a problem: one that cannot be opened (an invalid registry row) lands in `failed` with the reason.
  const reindexed: ReindexReport[] = [];
  const failed: RepairReport["failed"] = [];
  for (const name of targets) {
    try {
      reindexed.push(await (await store.collection(name)).reindex());
    } catch (error) {
      failed.push({ collection: name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { before, reindexed, failed, after: await store.check(quick) };
}
