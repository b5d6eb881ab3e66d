import { expect } from "vitest";

/**
 * `read()`'s result, expecting it to have taken under `ms` milliseconds: a guard against a pattern or a walk that
 * runs away on hostile input, with a limit far above the time it takes in linear time.
 */
export function quickly<T>(read: () => T, ms: number): T {
  const started = performance.now();
  const result = read();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

/** {@link quickly} for work that resolves later. */
export async function quicklyAsync<T>(read: () => Promise<T>, ms: number): Promise<T> {
  const started = performance.now();
  const result = await read();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}
