import { createRag, type Rag, type RagOptions } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";

/** Runs `fn` with a rag over an in-memory database and a 16-d hash embedder (and `options`), and closes the rag after. */
export async function withMemoryRag<T>(fn: (rag: Rag) => Promise<T>, options: RagOptions = {}): Promise<T> {
  const rag = await createRag({ url: ":memory:", embedder: hashEmbedder({ dimensions: 16 }), ...options });
  try {
    return await fn(rag);
  } finally {
    await rag.close();
  }
}

/** Runs `fn` with such a rag holding `docs`, ingested first. */
export function withDocumentsRag<T>(
  docs: Array<{ id: string; content: string; metadata?: Record<string, unknown> }>,
  fn: (rag: Rag) => Promise<T>,
): Promise<T> {
  return withMemoryRag(async (rag) => {
    await rag.ingest(docs);
    return fn(rag);
  });
}
