import { stat } from "node:fs/promises";
import type { CollectionDocuments } from "../store/documents.js";
import type { Planner } from "./plan.js";
import { checkAbort, type IngestLog } from "./report.js";

/**
 * Removes the documents whose source file is gone from disk or was left out of this run on purpose (a copy of
 * pages, another path of a file stored under one; by its path, or by its id where an earlier run read the tree
 * from another place), and the records that left a JSON/JSONL file read again in this run; documents seen in this run
 * and those of files that could not be read are kept.
 * One transaction per document removed.
 */
export async function prune(
  documents: CollectionDocuments,
  seen: Pick<Planner, "seen" | "loadedFiles" | "failedFiles" | "leftOut" | "leftOutIds">,
  log: IngestLog,
  signal: AbortSignal | undefined,
): Promise<void> {
  checkAbort(signal);
  const gone: string[] = [];
  // A file left out, stored by an earlier run under another path to the same tree: its id is the same.
  const leftOutIds = seen.leftOutIds();
  for (const { id, source } of await documents.sources()) {
    if (seen.seen.has(id) || seen.failedFiles.has(source)) continue;
    if (seen.leftOut.has(source) || leftOutIds.has(id)) {
      gone.push(id);
      continue;
    }
    const exists =
      seen.loadedFiles.has(source) ||
      (await stat(source).then(
        (s) => s.isFile(),
        () => false,
      ));
    // Gone from disk, or a record that left a JSON/JSONL file we just re-read.
    if (!exists || seen.loadedFiles.has(source)) gone.push(id);
  }
  for (const [i, id] of gone.entries()) {
    log.report.chunks.removed += await documents.remove([id]);
    log.report.documents.removed += 1;
    log.progress("prune", i + 1, gone.length, id);
  }
}
