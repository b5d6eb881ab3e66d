import type { CollectionContext } from "../db/collection-context.js";
import type { ScanCache } from "./scan-cache/index.js";

/** A collection as the planner sees it: the database context, plus the store's scan cache when it keeps one. */
export interface SearchContext extends CollectionContext {
  /** The in-process scan cache of this collection's vectors, when the store keeps one. */
  readonly scanCache?: ScanCache | undefined;
}
