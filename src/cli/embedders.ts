import type { Embedder } from "../embed/embedder.js";
import { useLiteEmbedder } from "../embed/use-lite/index.js";
import type { CollectionInfo } from "../db/collection-info.js";
import { hashEmbedder } from "../testing/hash-embedder.js";
import { UsageError } from "./errors.js";

/** An embedder named on the command line or recorded with a collection. */
export type EmbedderSpec = { kind: "use-lite" } | { kind: "openai"; model: string; dimensions?: number } | { kind: "hash"; dimensions: number };

/**
 * Reads `use-lite`, `openai:MODEL[@DIMS]` or `hash:DIMS`, and also the ids embedders record
 * (`use-lite-512`, `openai:MODEL[@DIMS]`, `hash-DIMS`). Returns `undefined` for anything else.
 */
export function parseEmbedderSpec(text: string): EmbedderSpec | undefined {
  const value = text.trim();
  if (value === "use-lite" || value === "use-lite-512") return { kind: "use-lite" };
  const openai = /^openai:(.+?)(?:@(\d+))?$/.exec(value);
  if (openai) {
    const dimensions = openai[2] === undefined ? undefined : Number(openai[2]);
    return { kind: "openai", model: openai[1]!, ...(dimensions !== undefined ? { dimensions } : {}) };
  }
  const hash = /^hash[:-](\d+)$/.exec(value);
  if (hash) {
    const dimensions = Number(hash[1]);
    if (dimensions >= 2 && dimensions <= 65_536) return { kind: "hash", dimensions };
  }
  return undefined;
}

export interface EmbedderChoice {
  /** From `--embedder`. */
  flag?: EmbedderSpec | undefined;
  /** The collection being used, when it exists already. */
  collection?: Pick<CollectionInfo, "name" | "dimensions" | "embedderId"> | undefined;
  /** Long jobs (ingest, eval) run the offline model in worker threads; one query runs it in-process. */
  workload: "bulk" | "query";
}

/**
 * The embedder for a command: `--embedder` when given, else the one the collection recorded, else the
 * offline default. The OpenAI SDK is loaded only when an OpenAI embedder is asked for.
 */
export async function chooseEmbedder({ flag, collection, workload }: EmbedderChoice): Promise<Embedder> {
  let spec = flag;
  if (!spec && collection?.embedderId) {
    spec = parseEmbedderSpec(collection.embedderId);
    if (!spec) {
      throw new UsageError(
        `Collection "${collection.name}" was built with embedder "${collection.embedderId}", which the CLI cannot create. Use it from code, or pass --embedder.`,
      );
    }
    if (spec.kind === "openai") {
      // The recorded id ends in "@DIMS" exactly when the vectors were shortened by the server.
      spec = { ...spec, dimensions: collection.dimensions };
      return create(spec, workload, /@\d+$/.test(collection.embedderId));
    }
  }
  return create(spec ?? { kind: "use-lite" }, workload);
}

async function create(spec: EmbedderSpec, workload: EmbedderChoice["workload"], sendDimensions?: boolean): Promise<Embedder> {
  switch (spec.kind) {
    case "use-lite":
      return useLiteEmbedder({ workers: workload === "bulk" ? "auto" : 0 });
    case "hash":
      return hashEmbedder({ dimensions: spec.dimensions });
    case "openai": {
      const { openAIEmbedder } = await import("../embed/openai/index.js");
      return openAIEmbedder({
        model: spec.model,
        ...(spec.dimensions !== undefined ? { dimensions: spec.dimensions } : {}),
        ...(sendDimensions !== undefined ? { sendDimensions } : {}),
      });
    }
  }
}
