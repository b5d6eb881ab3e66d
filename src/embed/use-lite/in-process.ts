import { modelQueue, loadEngine } from "./engine.js";
import { batchError, throwIfAborted, type BatchRunner, type UseLiteRuntime } from "./model.js";

/** Runs batches on the calling thread, one at a time across every in-process embedder. */
export function inProcessRunner(runtime: UseLiteRuntime): BatchRunner {
  return {
    run(texts, signal) {
      return modelQueue(async () => {
        // The model computes synchronously; yielding before each batch lets timers, I/O and abort signals
        // through, which would otherwise wait for the whole call.
        await new Promise((resolve) => setImmediate(resolve));
        throwIfAborted(signal);
        const engine = await loadEngine(runtime);
        try {
          return await engine.embedBatch(texts);
        } catch (error) {
          throw batchError(texts.length, error);
        }
      });
    },
    async close() {},
  };
}
