import { errorMessage, isRagError } from "../../errors.js";
import { loadEngine, modelQueue } from "./engine.js";
import { joinRows, type UseLiteRuntime } from "./model.js";

/**
 * The entry of an embedding worker thread (loaded by `tinypool`, see `worker-pool.ts`): it embeds one batch
 * per task. Importing it has no side effects.
 */
export interface WorkerTask {
  texts: string[];
  runtime: UseLiteRuntime;
  /**
   * Shared with the main thread and set to 1 when the pool closes: a task still queued behind the model call in
   * progress then returns at once instead of running, so the workers can be ended between model calls.
   */
  cancelled: Int32Array;
}

/** The batch's vectors, one after another; or the error, with a `RagError`'s code (errors lose it in transit). */
export type WorkerReply = { vectors: Float32Array } | { error: string; code?: string } | { skipped: true };

export default function embedTask(task: WorkerTask): Promise<WorkerReply> {
  return modelQueue(async (): Promise<WorkerReply> => {
    if (Atomics.load(task.cancelled, 0) !== 0) return { skipped: true };
    try {
      const vectors = await (await loadEngine(task.runtime)).embedBatch(task.texts);
      return { vectors: joinRows(vectors) };
    } catch (error) {
      return { error: errorMessage(error), ...(isRagError(error) ? { code: error.code } : {}) };
    }
  });
}
