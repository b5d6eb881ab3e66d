import { expect } from "vitest";
import { RagError } from "../src/index.js";

expect.extend({
  toBeRagError(received: unknown, code: string) {
    const ok = received instanceof RagError && received.code === code;
    const got = received instanceof RagError ? `RagError ${received.code}: ${received.message}` : String(received);
    return {
      pass: ok,
      message: () => (ok ? `expected not a RagError ${code}` : `expected a RagError with code ${code}, got ${got}`),
    };
  },
});

interface RagMatchers<R = unknown> {
  toBeRagError(code: string): R;
}

declare module "vitest" {
  interface Assertion<T = any> extends RagMatchers<T> {}
  interface AsymmetricMatchersContaining extends RagMatchers {}
}
