import { RagError } from "../errors.js";
import type { CollectionInfo } from "./collection-info.js";

/**
 * The one embedder-compatibility rule: a collection that records an embedder takes vectors (writes and
 * queries alike) only from that embedder, since another model's vectors live in another space and their
 * distances mean nothing. A collection with no embedder recorded yet accepts any. Throws `EMBEDDER_MISMATCH`.
 */
export function checkSameEmbedder(info: Pick<CollectionInfo, "name" | "embedderId">, embedderId: string): void {
  if (info.embedderId === null || info.embedderId === embedderId) return;
  throw new RagError(
    "EMBEDDER_MISMATCH",
    `Collection "${info.name}" was built with embedder "${info.embedderId}", not "${embedderId}": vectors of different embedders cannot be compared. Use embedder "${info.embedderId}", or another collection (ingest again into a new one).`,
    { details: { expected: info.embedderId, actual: embedderId } },
  );
}
