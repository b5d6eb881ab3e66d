import { InvalidArgumentError, Option } from "commander";
import { convexWeights, type HybridOptions } from "../search/options.js";

// `--vector-weight`: hybrid's convex fusion weighs the vector side by w and the keyword side by 1 − w. The default,
// 0.25, was measured with the offline model, whose vector side is the weaker one; another embedder may want another
// weight, and `eval --vector-weight 0.25,0.5,0.75` measures which on a user's own questions.

/** The most weights one `eval --vector-weight` compares: each is one more hybrid pass over the questions. */
const MAX_WEIGHTS = 11;

/** A weight from 0 to 1, or commander's usage error. */
function parseWeight(value: string): number {
  const w = Number(value);
  if (value.trim() === "" || !Number.isFinite(w) || w < 0 || w > 1) {
    throw new InvalidArgumentError(`Expected a number from 0 to 1 (the vector side's share; the keyword side gets the rest), got ${JSON.stringify(value)}.`);
  }
  return w;
}

/** A comma-separated list of distinct weights from 0 to 1. */
function parseWeights(value: string): number[] {
  const weights = value.split(",").map(parseWeight);
  if (new Set(weights).size !== weights.length) throw new InvalidArgumentError(`Expected distinct weights, got ${JSON.stringify(value)}.`);
  if (weights.length > MAX_WEIGHTS) throw new InvalidArgumentError(`Expected at most ${MAX_WEIGHTS} weights, got ${weights.length}.`);
  return weights;
}

/** `--vector-weight <w>` of `search` and `mcp`. */
export function vectorWeightOption(): Option {
  return new Option(
    "--vector-weight <w>",
    "hybrid mode: the vector side's weight in the fusion, 0 to 1, the keyword side getting the rest (default 0.25, measured with the offline model; measure another embedder's with eval --vector-weight)",
  ).argParser(parseWeight);
}

/** `--vector-weight <list>` of `eval`. */
export function vectorWeightsOption(): Option {
  return new Option(
    "--vector-weight <list>",
    "hybrid mode's vector weight, 0 to 1 (the keyword side gets the rest); several (0.25,0.5,0.75) evaluate hybrid at each, paired against the first",
  ).argParser(parseWeights);
}

/** `--page-order <order>` of `search` and `eval`: hybrid's learned page order, or the fusion's own. */
export function pageOrderOption(): Option {
  return new Option(
    "--page-order <order>",
    "hybrid mode: learned (pages ordered by trees trained on the datasets' questions) or fused (the fusion's own order); default: learned on a collection of the offline embedder's vectors with the default fusion, else fused",
  ).choices(["learned", "fused"]);
}

/** Hybrid's options from `--vector-weight` and `--page-order`, or undefined when neither is given. */
export function hybridFromFlags(vectorWeight: number | undefined, pageOrder: HybridOptions["pageOrder"]): HybridOptions | undefined {
  if (vectorWeight === undefined && pageOrder === undefined) return undefined;
  return { ...(vectorWeight !== undefined ? convexWeights(vectorWeight) : {}), ...(pageOrder !== undefined ? { pageOrder } : {}) };
}

/** "0.25 : 0.75", "0.125 : 0.875", "0 : 1". */
export function weightsLabel(w: number): string {
  const short = (x: number) => String(Number(x.toFixed(6)));
  return `${short(w)} : ${short(1 - w)}`;
}
