import { RagError, describeValue } from "../../errors.js";
import type { ResolvedOptions } from "./options.js";

/** Checks only what is used: one finite vector of the right length per input, placed by `index`. */
export function parseResponse(config: ResolvedOptions, response: unknown, count: number): Float32Array[] {
  const fail = (what: string, details?: Record<string, unknown>): never => {
    throw new RagError("EMBEDDING_FAILED", `${config.id}: the server at ${config.baseURL} returned an unusable response: ${what}.`, details ? { details } : {});
  };
  const data = (response as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return fail("expected a `data` array");
  if (data.length !== count) {
    fail(`expected ${count} embeddings, got ${data.length}`, { expected: count, actual: data.length });
  }
  const items = data as Array<{ index?: unknown; embedding?: unknown } | null>;
  // A server that omits every index is taken to answer in input order.
  const positional = items.every((item) => item?.index === undefined);
  const vectors = new Array<Float32Array>(count);
  items.forEach((item, position) => {
    const index = positional ? position : item?.index;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
      fail(`item ${position} has index ${describeValue(index)}; expected an integer from 0 to ${count - 1}`);
    }
    const at = index as number;
    if (vectors[at]) fail(`index ${at} appears twice`);
    const embedding = item?.embedding;
    if (!Array.isArray(embedding)) {
      fail(`the embedding at index ${at} is ${describeValue(embedding)}; expected an array of numbers (encoding_format "float")`);
    }
    const values = embedding as unknown[];
    if (values.length === 0) fail(`the embedding at index ${at} is empty: the server returned no vector for that text; check the model and the server`);
    if (values.length !== config.dimensions) {
      fail(
        `the embedding at index ${at} has ${values.length} dimensions; expected ${config.dimensions}. ` +
          `If the model's size is ${values.length}, pass dimensions: ${values.length}`,
        { expected: config.dimensions, actual: values.length, index: at },
      );
    }
    const vector = new Float32Array(values.length);
    for (let d = 0; d < values.length; d++) {
      const value = values[d];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        fail(`the embedding at index ${at} has ${describeValue(value)} at position ${d}; expected a finite number`);
      }
      vector[d] = value as number;
    }
    vectors[at] = vector;
  });
  return vectors;
}
