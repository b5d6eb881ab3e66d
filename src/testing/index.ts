export { hashEmbedder } from "./hash-embedder.js";
export type { HashEmbedderOptions } from "./hash-embedder.js";
export { randomUnitVectors, clusteredVectors } from "./vectors.js";
