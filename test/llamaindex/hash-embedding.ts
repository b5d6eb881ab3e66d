import { BaseEmbedding } from "llamaindex";
import { hashEmbedder } from "../../src/testing/index.js";

/** A deterministic LlamaIndex embedding model (LlamaIndex's own BaseEmbedding), from the hash embedder: no network. */
export class HashEmbedding extends BaseEmbedding {
  // biome-ignore lint/complexity/noUselessConstructor: BaseEmbedding's constructor is protected; this one is public.
  constructor() {
    super();
  }

  private readonly hash = hashEmbedder({ dimensions: 32 });
  calls = 0;

  async getTextEmbedding(text: string): Promise<number[]> {
    this.calls += 1;
    const [vector] = await this.hash.embed([text]);
    return Array.from(vector!);
  }
}
