/**
 * Turns texts into vectors. Implementations state their limits so that the ingest pipeline can batch
 * without guessing.
 *
 * @example
 * const e: Embedder = useLiteEmbedder();
 * const [v] = await e.embed(["hello"]); // Float32Array(512)
 */
export interface Embedder {
  /** A stable id naming the model, e.g. `"use-lite-512"` or `"openai:text-embedding-3-small"`. Recorded per collection. */
  readonly id: string;
  /** The length of every vector this embedder returns. */
  readonly dimensions: number;
  /** The most texts one `embed` call should receive. The pipeline splits larger work into calls of this size. */
  readonly maxBatchSize?: number;
  /** How many `embed` calls may run at once. `1` for in-process CPU models. */
  readonly maxConcurrency?: number;
  /**
   * The most tokens of one text the model takes in, by its own tokenizer. Longer texts are truncated by the
   * model (use-lite reads only its first 128 tokens) or rejected by the server (OpenAI, 8,192). A hint for
   * choosing chunk sizes.
   */
  readonly maxInputTokens?: number;
  /** Embeds `texts` in order, returning one vector per text. */
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** Releases resources (models, sockets). Optional. */
  close?(): Promise<void>;
}

export interface EmbedOptions {
  signal?: AbortSignal;
}
