import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RagError } from "../src/errors.js";
import { finiteNumber, integer, parseOptions, type OptionsSource } from "../src/options.js";
import { errorOf } from "./support/errors.js";

function failure(schema: z.ZodType, value: unknown, source?: OptionsSource): RagError {
  const error = errorOf(() => parseOptions(schema, value, source));
  expect(error).toBeInstanceOf(RagError);
  expect((error as RagError).code).toBe("INVALID_ARGUMENT");
  return error as RagError;
}

const chunking = z
  .strictObject({
    size: integer(1, undefined, "a positive integer (a number of characters)").optional(),
    overlap: integer(0).optional(),
    unit: z.enum(["characters", "tokens"]).optional(),
    inner: z.strictObject({ weights: z.array(finiteNumber(0, 1)).optional(), name: z.string().min(1).optional() }).optional(),
    cache: z.union([z.boolean(), z.strictObject({ maxBytes: integer(1).optional() })], { error: "a boolean or { maxBytes }" }).optional(),
    either: z.union([z.boolean(), z.number()]).optional(),
    apiKey: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.size !== undefined && o.overlap !== undefined && o.overlap >= o.size) {
      ctx.addIssue({
        code: "custom",
        path: ["overlap"],
        message: `chunking.overlap must be less than chunking.size, got overlap ${o.overlap} with size ${o.size}. Lower the overlap or raise the size.`,
      });
    }
  });

describe("parseOptions", () => {
  it("returns zod's output when the value is valid", () => {
    expect(parseOptions(chunking, { size: 10, unit: "tokens" })).toEqual({ size: 10, unit: "tokens" });
  });

  it("names the full path of a nested option, what was expected and what was given", () => {
    const error = failure(chunking, { inner: { weights: [0.5, 2] } }, { caller: "configure", path: "chunking" });
    expect(error.message).toBe("configure: chunking.inner.weights[1] must be a finite number from 0 to 1, got 2.");
    expect(error.details).toEqual({ option: "chunking.inner.weights[1]", expected: "a finite number from 0 to 1", actual: 2 });
  });

  it("derives the expected part when the schema gives none", () => {
    expect(failure(chunking, { inner: { name: "" } }, { path: "chunking" }).message).toBe('chunking.inner.name must be a non-empty string, got "".');
    expect(failure(chunking, { inner: 5 }).message).toBe("inner must be an object, got 5.");
    expect(failure(z.object({ n: z.number().max(3) }), { n: 4 }).message).toBe("n must be at most 3, got 4.");
  });

  it("uses the schema's own message as the expected part, for the type and for every bound", () => {
    for (const size of [0, 1.5, "10"]) {
      const error = failure(chunking, { size }, { path: "chunking" });
      expect(error.message).toMatch(/^chunking\.size must be a positive integer \(a number of characters\), got /);
      expect(error.details).toMatchObject({ option: "chunking.size", expected: "a positive integer (a number of characters)" });
    }
    expect(failure(chunking, { size: "10" }, { path: "chunking" }).details).toMatchObject({ actual: '"10"' });
  });

  it("passes a sentence through whole, with the fix it suggests", () => {
    const error = failure(chunking, { size: 100, overlap: 100 }, { path: "chunking" });
    expect(error.message).toBe("chunking.overlap must be less than chunking.size, got overlap 100 with size 100. Lower the overlap or raise the size.");
    expect(error.details).toMatchObject({ option: "chunking.overlap", actual: 100 });
  });

  it("puts the path before a sentence that does not name it", () => {
    const schema = z.object({ topN: z.number().refine((n) => n % 2 === 0, "Pairs are scored together, so it must be even.") });
    expect(failure(schema, { topN: 3 }, { caller: "rerank" }).message).toBe("rerank: topN: Pairs are scored together, so it must be even.");
  });

  it("reads a refinement's phrase as what was expected", () => {
    const schema = z.object({ baseURL: z.string().refine((u) => URL.canParse(u), 'an absolute URL such as "http://localhost:8080/v1"') });
    const error = failure(schema, { baseURL: "nope" }, { caller: "httpReranker" });
    expect(error.message).toBe('httpReranker: baseURL must be an absolute URL such as "http://localhost:8080/v1", got "nope".');
    expect(error.details).toEqual({ option: "baseURL", expected: 'an absolute URL such as "http://localhost:8080/v1"', actual: '"nope"' });
  });

  it("lists the allowed values of an enum, and the branches of a union", () => {
    const unit = failure(chunking, { unit: "words" }, { path: "chunking" });
    expect(unit.message).toBe('chunking.unit must be "characters" or "tokens", got "words".');
    expect(unit.details).toEqual({ option: "chunking.unit", expected: '"characters" or "tokens"', actual: '"words"' });
    expect(failure(z.object({ m: z.enum(["a", "b", "c"]) }), { m: 1 }).message).toBe('m must be "a", "b" or "c", got 1.');
    expect(failure(chunking, { either: "x" }).message).toBe('either must be true or false or a number, got "x".');
  });

  it("uses a union's own message, and reports a deeper issue of the one branch that matched in shape", () => {
    expect(failure(chunking, { cache: 5 }, { caller: "openStore" }).message).toBe("openStore: cache must be a boolean or { maxBytes }, got 5.");
    expect(failure(chunking, { cache: { maxBytes: 0 } }, { caller: "openStore" }).message).toBe("openStore: cache.maxBytes must be a positive integer, got 0.");
  });

  it("names the closest known key of an unknown one, at any depth", () => {
    const top = failure(chunking, { sise: 10 }, { caller: "chunkDocument", path: "chunking" });
    expect(top.message).toBe(
      'chunkDocument: unknown option "chunking.sise". Did you mean "chunking.size"? Known options: size, overlap, unit, inner, cache, either, apiKey.',
    );
    expect(top.details).toEqual({ option: "chunking.sise", key: "sise", suggestion: "size" });
    const nested = failure(chunking, { cache: { maxbytes: 1 } }, { caller: "openStore" });
    expect(nested.message).toMatch(/^openStore: unknown option "cache\.maxbytes"\. Did you mean "cache\.maxBytes"\? Known options: maxBytes\.$/);
    const far = failure(chunking, { connection: 1 }, { caller: "openStore" });
    expect(far.message).toMatch(/^openStore: unknown option "connection"\. Known options: size, /);
    expect(far.details).toEqual({ option: "connection", key: "connection" });
  });

  it("names the options object itself when it is not an object", () => {
    expect(failure(chunking, 5, { caller: "openAIEmbedder" }).message).toBe("openAIEmbedder: options must be an object, got 5.");
    expect(failure(chunking, null, { path: "chunking" }).message).toBe("chunking must be an object, got null.");
  });

  it("never prints the value of a secret option", () => {
    const error = failure(chunking, { apiKey: 12345 }, { caller: "httpReranker" });
    expect(error.message).toBe("httpReranker: apiKey must be a string, got a number.");
    expect(JSON.stringify(error.details)).not.toContain("12345");
    expect(failure(chunking, { apiKey: "" }).message).toBe("apiKey must be a non-empty string, got an empty string.");
  });

  it("keeps zod's error as the cause", () => {
    expect(failure(chunking, { size: 0 }).cause).toBeInstanceOf(z.ZodError);
  });
});
