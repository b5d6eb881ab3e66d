import { RagError, isRagError } from "../errors.js";
import type { Collection } from "../store/collection.js";
import type { CollectionOptions } from "../store/collection-options.js";
import type { Store } from "../store/store.js";
import type { ResolvedConfig } from "./vector-store-config.js";

/**
 * The vector store's collection, opened on first use: LangChain constructs stores synchronously, and the
 * dimensions of a new collection are only known from the first vectors added.
 */
export class LazyCollection {
  private collectionPromise: Promise<Collection> | undefined;

  constructor(
    private readonly resolved: ResolvedConfig,
    private readonly getStore: () => Promise<Store>,
  ) {}

  /** Forgets the open collection (after the store closes). */
  reset(): void {
    this.collectionPromise = undefined;
  }

  /**
   * Opens the collection, creating it with `dimensions` when it is missing. Without dimensions (reads),
   * a missing collection gives `undefined` and is looked up again next time.
   */
  async open(dimensions: number | undefined): Promise<Collection | undefined> {
    const cached = this.collectionPromise;
    const col =
      cached &&
      (await cached.catch((error: unknown) => {
        // A concurrent read found no collection; a write goes on to create it.
        if (isRagError(error, "NOT_FOUND")) return undefined;
        throw error;
      }));
    if (col) {
      if (dimensions !== undefined && col.info.dimensions !== dimensions) {
        throw new RagError(
          "DIMENSION_MISMATCH",
          `Collection "${col.name}" has ${col.info.dimensions} dimensions, but the embeddings gave ${dimensions}. Use embeddings of the same model, or another collection.`,
          { details: { expected: col.info.dimensions, actual: dimensions } },
        );
      }
      return col;
    }
    const { collectionOptions, embedderId, collection: name } = this.resolved;
    const options: CollectionOptions = { ...collectionOptions };
    if (embedderId !== undefined) options.embedderId = embedderId;
    if (options.dimensions === undefined && dimensions !== undefined) options.dimensions = dimensions;
    const pending = this.getStore().then((store) => store.collection(name, options));
    this.collectionPromise = pending;
    try {
      return await pending;
    } catch (error) {
      this.collectionPromise = undefined;
      if (dimensions === undefined && options.dimensions === undefined && isRagError(error, "NOT_FOUND")) return undefined;
      throw error;
    }
  }
}
