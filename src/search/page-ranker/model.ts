import { PAGE_FEATURES } from "./features.js";
import { PAGE_RANKER_TREES } from "./model-data.js";

/** The learned page order's trees, read once from model-data.ts. */
interface Forest {
  roots: Int32Array;
  /** Four numbers a node: feature index (-1 for a leaf), threshold (or the leaf's value), the node below, the node not below. */
  nodes: Float32Array;
}

let forest: Forest | undefined;

function decode(base64: string): Forest {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const words = new DataView(bytes.buffer);
  const at = (i: number) => words.getFloat32(4 * i, true);
  const count = at(0);
  const roots = Int32Array.from({ length: count }, (_, i) => at(1 + i));
  const nodes = new Float32Array((bytes.length - 4 * (1 + count)) / 4);
  for (let i = 0; i < nodes.length; i++) nodes[i] = at(1 + count + i);
  return { roots, nodes };
}

/**
 * The model's score of one candidate page (higher ranks first): the sum of its trees' leaves. A node sends a page
 * to its first child when the feature is below the threshold, both read as 32-bit floats, as XGBoost compares them.
 */
export function pageScore(features: readonly number[]): number {
  if (features.length !== PAGE_FEATURES.length) throw new Error(`page ranker: ${features.length} features, expected ${PAGE_FEATURES.length}`);
  forest ??= decode(PAGE_RANKER_TREES);
  const { roots, nodes } = forest;
  const x = features.map((v) => Math.fround(v));
  let sum = 0;
  for (const root of roots) {
    let n = root;
    for (let feature = nodes[4 * n]!; feature >= 0; feature = nodes[4 * n]!) {
      n = x[feature]! < nodes[4 * n + 1]! ? nodes[4 * n + 2]! : nodes[4 * n + 3]!;
    }
    sum += nodes[4 * n + 1]!;
  }
  return sum;
}
