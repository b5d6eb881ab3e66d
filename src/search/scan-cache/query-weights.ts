import type { Codebook } from "./codebook.js";
import type { Kernel } from "./kernel.js";

/**
 * Writes a query's int16 weights (step_j · q_j, scaled) to the head of the kernel's memory, where its scans
 * read them; returns the scale that undoes them.
 */
export function writeQueryWeights(kernel: Kernel, codebook: Codebook, stride: number, q: Float32Array): number {
  const d = q.length;
  // Scaled to int16, small enough that no int32 lane can overflow:
  // |code| ≤ 128, so each product is below 128 · wmax and a lane sums at most d of them.
  const wmax = Math.min(32767, Math.floor(2 ** 31 / (128 * d)) - 1);
  let big = 0;
  for (let j = 0; j < d; j++) big = Math.max(big, Math.abs(codebook.step[j]! * q[j]!));
  const alpha = big > 0 ? wmax / big : 0;
  const weights = new Int16Array(kernel.memory.buffer, 0, stride);
  weights.fill(0);
  for (let j = 0; j < d; j++) weights[j] = Math.round(codebook.step[j]! * q[j]! * alpha);
  return alpha > 0 ? 1 / alpha : 0;
}
