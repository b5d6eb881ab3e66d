import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import Tinypool from "tinypool";
import { RagError, errorMessage, type RagErrorCode } from "../../errors.js";
import { ID, batchError, closedError, splitRows, type BatchRunner, type UseLiteRuntime } from "./model.js";
import type { WorkerReply, WorkerTask } from "./worker.js";

/**
 * Batches handed to one worker at a time. The next batch waits in the worker while it runs the current one, so
 * the worker does not idle while this thread is busy (with a synchronous database write, say) and cannot hand
 * it more work.
 */
export const BATCHES_PER_WORKER = 2;

/**
 * How long `close()` waits for a worker to finish its current batch (a batch takes well under a second on
 * onnx, and the first one also loads the model) before it treats the worker as stuck.
 */
const STOP_TIMEOUT_MS = 10_000;

/** One pool of threads, from its first batch to `close()`. */
interface Generation {
  pool: Tinypool;
  cancelled: Int32Array;
  /** Batches sent and not yet answered: the caller's promise, and the pool's task. */
  inFlight: Set<{ fail(error: unknown): void; task: Promise<unknown> }>;
}

/**
 * Runs batches on `size` worker threads (`tinypool`), each with its own copy of the model, loaded on its first
 * batch. Idle workers do not keep the process alive. Workers that fail are replaced by the pool.
 */
export class WorkerPool implements BatchRunner {
  private generation: Generation | undefined;

  constructor(
    private readonly size: number,
    private readonly runtime: UseLiteRuntime,
  ) {}

  /** `embedMany` checks the signal before it hands over a batch; once sent, a batch runs to its end. */
  run(texts: string[]): Promise<Float32Array[]> {
    const generation = this.start();
    const task = generation.pool.run({ texts, runtime: this.runtime, cancelled: generation.cancelled } satisfies WorkerTask) as Promise<WorkerReply>;
    return new Promise<Float32Array[]>((resolve, reject) => {
      const entry = { fail: reject, task };
      generation.inFlight.add(entry);
      task
        .then(
          (reply) => {
            if ("vectors" in reply) resolve(splitRows(reply.vectors));
            // The worker's own typed errors (a model that cannot load, say) keep their code and message.
            else if ("error" in reply && reply.code) reject(new RagError(reply.code as RagErrorCode, reply.error));
            else if ("error" in reply) reject(batchError(texts.length, new Error(reply.error)));
            else reject(closedError());
          },
          (error: unknown) => reject(batchError(texts.length, error)),
        )
        .finally(() => generation.inFlight.delete(entry));
    });
  }

  /**
   * Fails the batches in flight with CLOSED at once, and ends the threads once each has finished the model call
   * it was in. Never terminate a worker mid-call: onnxruntime-node's native async work then completes into a
   * torn-down environment, throws a C++ `Napi::Error` that nothing catches, and aborts the whole process
   * (exit 134). Only a call still running after {@link STOP_TIMEOUT_MS} is treated as stuck. A later `embed`
   * starts new workers.
   */
  async close(): Promise<void> {
    const generation = this.generation;
    if (!generation) return;
    this.generation = undefined;
    Atomics.store(generation.cancelled, 0, 1);
    const entries = [...generation.inFlight];
    for (const entry of entries) entry.fail(closedError());
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
    try {
      await Promise.race([Promise.allSettled(entries.map((entry) => entry.task)), stuck]);
    } finally {
      clearTimeout(timer);
    }
    await generation.pool.destroy();
  }

  private start(): Generation {
    if (this.generation) return this.generation;
    let pool: Tinypool;
    try {
      pool = new Tinypool({
        filename: workerFilename(),
        minThreads: this.size,
        maxThreads: this.size,
        concurrentTasksPerWorker: BATCHES_PER_WORKER,
        // Tasks take tens of milliseconds; waking idle workers by message is plenty, and keeps their event loop free.
        useAtomics: false,
      });
    } catch (error) {
      throw new RagError("EMBEDDING_FAILED", `${ID}: could not start an embedding worker: ${errorMessage(error)}`, { cause: error });
    }
    // A worker that fails fails its batches; the pool replaces it. With no batch to fail, there is nothing to report.
    pool.on("error", () => {});
    this.generation = { pool, cancelled: new Int32Array(new SharedArrayBuffer(4)), inFlight: new Set() };
    return this.generation;
  }
}

/**
 * The worker entry: `worker.js` next to this file in built code (and in the tests' compiled copy). From the
 * TypeScript sources (tests, benchmarks), Node 20 workers do not inherit loader hooks, so a small module loads
 * `worker.ts` through tsx's scoped importer. `require.resolve` picks the CommonJS build of tsx's API, which
 * cannot register hooks from a worker, hence the `.mjs`.
 */
function workerFilename(): string {
  const self = import.meta.url;
  if (!new URL(self).pathname.endsWith(".ts")) return new URL("./worker.js", self).href;
  const entry = new URL("./worker.ts", self).href;
  const tsxApi = pathToFileURL(
    createRequire(self)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const source =
    `const tsx = await import(${JSON.stringify(tsxApi)});\n` +
    `const entry = await tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(self)});\n` +
    `export default entry.default;\n`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}
