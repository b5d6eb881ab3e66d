import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { httpReranker, type HttpRerankerOptions } from "../../src/search/rerank/http-reranker.js";
import { applyRerank, resolveRerank, type Reranker } from "../../src/search/rerank/reranker.js";
import type { QueryResult } from "../../src/db/records.js";
import { overlapScore, startRerankDouble, type RerankDouble } from "../support/rerank-double.js";
import { rejection } from "../support/errors.js";
import { quicklyAsync } from "../support/timing.js";

let double: RerankDouble;

beforeAll(async () => {
  double = await startRerankDouble();
});
afterAll(() => double.close());
afterEach(() => double.reset());

function reranker(options: Partial<HttpRerankerOptions> = {}) {
  return httpReranker({ baseURL: double.baseURL, model: "BAAI/bge-reranker-base", ...options });
}

const QUERY = "capital city of france";
const DOCS = ["Berlin is the capital of Germany.", "Paris is the capital city of France.", "Bananas are yellow.", "France borders Spain."];

describe("httpReranker: configuration", () => {
  it("names the model and states its limits", () => {
    const r = reranker();
    expect(r.id).toBe("http:BAAI/bge-reranker-base");
    expect(r.maxDocumentsPerCall).toBe(100);
    expect(r.maxConcurrency).toBe(4);
    expect(reranker({ format: "tei" }).maxDocumentsPerCall).toBe(32);
    expect(reranker({ maxDocumentsPerCall: 7 }).maxDocumentsPerCall).toBe(7);
  });

  it("rejects bad options with INVALID_ARGUMENT", () => {
    const bad: Array<Partial<HttpRerankerOptions>> = [
      { baseURL: "not a url" },
      { baseURL: "ftp://example.com/v1" },
      { model: "" },
      { apiKey: "" },
      { maxDocumentsPerCall: 0 },
      { maxConcurrency: 1.5 },
      { maxRetries: -1 },
      { timeoutMs: 0 },
      { format: "openai" as "tei" },
    ];
    for (const options of bad) expect(() => reranker(options)).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
  });

  it("posts to <baseURL>/rerank, with or without a trailing slash", async () => {
    await reranker({ baseURL: `${double.baseURL}/` }).rerank(QUERY, DOCS);
    await reranker({ baseURL: `${double.baseURL}//` }).rerank(QUERY, DOCS);
    await reranker({ baseURL: double.rootURL, format: "tei" }).rerank(QUERY, DOCS);
    expect(double.requests.map((r) => r.path)).toEqual(["/v1/rerank", "/v1/rerank", "/rerank"]);
  });
});

describe("httpReranker.rerank", () => {
  it("returns the server's scores in document order, from the Cohere-shaped request", async () => {
    const scores = await reranker({ apiKey: "secret", headers: { "x-client": "test" } }).rerank(QUERY, DOCS);
    expect(scores).toEqual(DOCS.map((d) => overlapScore(QUERY, d)));
    expect(scores[1]).toBe(1);
    const [request] = double.requests;
    expect(request!.body).toEqual({ model: "BAAI/bge-reranker-base", query: QUERY, documents: DOCS, top_n: DOCS.length });
    expect(request!.headers.authorization).toBe("Bearer secret");
    expect(request!.headers["x-client"]).toBe("test");
  });

  it("sends no Authorization header without an apiKey", async () => {
    await reranker().rerank(QUERY, DOCS);
    expect(double.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("reads { data } (Voyage), `score` instead of relevance_score, and a bare array (TEI)", async () => {
    const expected = DOCS.map((d) => overlapScore(QUERY, d));
    double.enqueue({ shape: "data" }, { scoreField: "score" }, { shape: "bare" });
    expect(await reranker().rerank(QUERY, DOCS)).toEqual(expected);
    expect(await reranker().rerank(QUERY, DOCS)).toEqual(expected);
    expect(await reranker().rerank(QUERY, DOCS)).toEqual(expected);
  });

  it('sends { query, texts } with format "tei"', async () => {
    double.always = { shape: "bare" };
    const scores = await reranker({ baseURL: double.rootURL, format: "tei" }).rerank(QUERY, DOCS);
    expect(scores).toEqual(DOCS.map((d) => overlapScore(QUERY, d)));
    expect(double.requests[0]!.body).toEqual({ query: QUERY, texts: DOCS });
  });

  it("splits a call into requests of maxDocumentsPerCall and places every score", async () => {
    const docs = Array.from({ length: 250 }, (_, i) => (i % 3 === 0 ? `capital ${i}` : i % 3 === 1 ? `city of ${i}` : `nothing ${i}`));
    const scores = await reranker({ maxDocumentsPerCall: 100 }).rerank("capital city 7", docs);
    expect(double.requests.map((r) => r.body.documents!.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(double.requests.every((r) => r.body.top_n === r.body.documents!.length)).toBe(true);
    expect(scores).toEqual(docs.map((d) => overlapScore("capital city 7", d)));
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    double.always = { delayMs: 60 };
    const docs = Array.from({ length: 10 }, (_, i) => `doc ${i}`);
    await reranker({ maxDocumentsPerCall: 2, maxConcurrency: 2 }).rerank("doc", docs);
    expect(double.requests).toHaveLength(5);
    expect(double.maxInFlight).toBe(2);
  });

  it("sends nothing for no documents", async () => {
    expect(await reranker().rerank(QUERY, [])).toEqual([]);
    expect(double.requests).toHaveLength(0);
  });

  it("retries a 429", async () => {
    double.enqueue({ status: 429, headers: { "retry-after": "0" } });
    expect(await reranker().rerank(QUERY, DOCS)).toEqual(DOCS.map((d) => overlapScore(QUERY, d)));
    expect(double.requests).toHaveLength(2);
  });

  it("waits as long as Retry-After asks", async () => {
    // One second is longer than the first backoff (at most 0.5 s), so ignoring the header fails this test.
    double.enqueue({ status: 429, headers: { "retry-after": "1" } });
    await reranker().rerank(QUERY, DOCS);
    const [first, second] = double.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("retries a 5xx with backoff and gives up after maxRetries", async () => {
    double.always = { status: 503 };
    const error = await rejection(reranker({ maxRetries: 1 }).rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/503.*after 2 attempts/);
    expect(double.requests).toHaveLength(2);
  });

  it("does not retry a 4xx other than 429", async () => {
    double.always = { status: 400 };
    const error = await rejection(reranker().rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/rejected the request \(400\)/);
    expect(double.requests).toHaveLength(1);
  });

  it("keeps the API key out of errors", async () => {
    double.always = { status: 401 };
    const error = await rejection(reranker({ apiKey: "sk-very-secret" }).rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/401.*apiKey/);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain("sk-very-secret");
  });

  it("fails at once when Retry-After exceeds maxRetryDelayMs", async () => {
    double.enqueue({ status: 429, headers: { "retry-after": "120" } });
    const error = await rejection(reranker().rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/120 s.*maxRetryDelayMs/);
    expect(double.requests).toHaveLength(1);
  });

  it.each([
    ["a body that is not JSON", { raw: "<html>oops</html>" }, /not JSON/],
    ["an object without results", { body: { ranking: [] } }, /expected \{ results.*keys ranking/],
    ["a missing result", { drop: 1 }, /no score for 1 of 4 documents/],
    ["a duplicate index", { duplicate: true }, /appears twice/],
    ["an index out of range", { body: { results: [{ index: 9, relevance_score: 1 }] } }, /index 9.*only 4 documents/],
    ["a score that is not a number", { body: { results: [{ index: 0, relevance_score: "high" }] } }, /relevance_score/],
    ["an item without a score", { body: [{ index: 0 }] }, /no relevance_score or score/],
  ])("rejects %s with RERANK_FAILED, without retrying", async (_, behaviour, message) => {
    double.always = behaviour;
    const error = await rejection(reranker().rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(message);
    expect(double.requests).toHaveLength(1);
  });

  it("aborts a request in flight", async () => {
    double.always = { delayMs: 5000 };
    const controller = new AbortController();
    const error = await quicklyAsync(async () => {
      const pending = reranker().rerank(QUERY, DOCS, { signal: controller.signal });
      await double.waitForRequests(1);
      controller.abort();
      return rejection(pending);
    }, 2000);
    expect(error.code).toBe("ABORTED");
  });

  it("aborts while waiting to retry", async () => {
    double.enqueue({ status: 429, headers: { "retry-after": "20" } });
    const controller = new AbortController();
    const error = await quicklyAsync(async () => {
      const pending = reranker().rerank(QUERY, DOCS, { signal: controller.signal });
      await double.waitForRequests(1);
      setTimeout(() => controller.abort(), 50);
      return rejection(pending);
    }, 2000);
    expect(error.code).toBe("ABORTED");
    expect(double.requests).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const error = await rejection(reranker().rerank(QUERY, DOCS, { signal: AbortSignal.abort() }));
    expect(error.code).toBe("ABORTED");
    expect(double.requests).toHaveLength(0);
  });

  it("times out a slow attempt", async () => {
    double.always = { delayMs: 2000 };
    const error = await rejection(reranker({ timeoutMs: 100, maxRetries: 0 }).rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/timeoutMs \(100 ms\)/);
  });

  it("reports a server it cannot reach", async () => {
    const closed = await startRerankDouble();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await rejection(httpReranker({ baseURL, model: "m", maxRetries: 0 }).rerank(QUERY, DOCS));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/could not reach/);
  });
});

function hit(id: string, content: string, score: number): QueryResult {
  return { id, documentId: null, content, metadata: { n: id }, score };
}

/** A reranker scoring each document from a table, recording its calls and how many ran at once. */
function tableReranker(table: Record<string, unknown>, limits: { maxDocumentsPerCall?: number; maxConcurrency?: number } = {}) {
  const calls: string[][] = [];
  let inFlight = 0;
  const r = {
    id: "table",
    ...limits,
    maxInFlight: 0,
    calls,
    async rerank(_query: string, documents: string[]) {
      calls.push(documents);
      r.maxInFlight = Math.max(r.maxInFlight, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return documents.map((d) => table[d]) as number[];
    },
  };
  return r;
}

describe("applyRerank", () => {
  const hits = [hit("a", "alpha", 0.9), hit("b", "beta", 0.8), hit("c", "gamma", 0.7), hit("d", "delta", 0.6), hit("e", "epsilon", 0.5)];

  it("re-scores only the first topN hits, orders by the reranker and keeps topK", async () => {
    const r = tableReranker({ alpha: 0.1, beta: 0.3, gamma: 0.9, delta: 5, epsilon: 9 });
    const out = await applyRerank("q", hits, { reranker: r, topN: 3, contextHeader: false }, 2);
    expect(r.calls).toEqual([["alpha", "beta", "gamma"]]);
    expect(out.map((h) => [h.id, h.score])).toEqual([
      ["c", 0.9],
      ["b", 0.3],
    ]);
    expect(out[0]).toEqual({ ...hits[2], score: 0.9 });
    expect(hits[2]!.score).toBe(0.7);
  });

  it("keeps the original order among equal scores", async () => {
    const r = tableReranker({ alpha: 1, beta: 2, gamma: 1, delta: 2, epsilon: 1 });
    const out = await applyRerank("q", hits, { reranker: r, topN: 5, contextHeader: false }, 5);
    expect(out.map((h) => h.id)).toEqual(["b", "d", "a", "c", "e"]);
  });

  it("batches by maxDocumentsPerCall, in order, at most maxConcurrency at once", async () => {
    const many = Array.from({ length: 23 }, (_, i) => hit(`h${i}`, `doc ${i}`, 1 - i / 100));
    const table = Object.fromEntries(many.map((h, i) => [h.content, i]));
    const r = tableReranker(table, { maxDocumentsPerCall: 5, maxConcurrency: 2 });
    const out = await applyRerank("q", many, { reranker: r, topN: 23, contextHeader: false }, 23);
    expect(r.calls.map((c) => c.length)).toEqual([5, 5, 5, 5, 3]);
    expect(r.calls.flat()).toEqual(many.map((h) => h.content));
    expect(r.maxInFlight).toBe(2);
    expect(out.map((h) => h.id)).toEqual(many.map((h) => h.id).reverse());
  });

  it("follows the scores of an httpReranker end to end", async () => {
    const docs = hits.map((h, i) => ({ ...h, content: ["france", "the capital city", "paris", "capital of france", "city of france"][i]! }));
    const out = await applyRerank("capital city of france", docs, { reranker: reranker({ maxDocumentsPerCall: 2 }), topN: 5, contextHeader: false }, 3);
    expect(out.map((h) => h.id)).toEqual(["d", "e", "b"]);
    expect(out.map((h) => h.score)).toEqual([0.75, 0.75, 0.5]);
    expect(double.requests.map((r) => r.body.documents!.length).sort()).toEqual([1, 2, 2]);
  });

  it("gives the reranker each passage under its title and headings, said once, unless contextHeader is false", async () => {
    const headed = [
      { ...hit("a", "Set it with PRAGMA.", 0.9), metadata: { title: "git-rebase(1)", headings: ["git-rebase(1) Manual Page", "  Options  "] } },
      { ...hit("b", "No header here.", 0.8), metadata: { title: null, headings: [] } },
      { ...hit("c", "Odd metadata.", 0.7), metadata: { title: 7, headings: "Options" } },
    ];
    const r = tableReranker({
      "git-rebase(1) Manual Page › Options\n\nSet it with PRAGMA.": 1,
      "No header here.": 2,
      "Odd metadata.": 3,
      "Set it with PRAGMA.": 4,
    });
    await applyRerank("q", headed, { reranker: r, topN: 3, contextHeader: true }, 3);
    await applyRerank("q", headed, { reranker: r, topN: 3, contextHeader: false }, 3);
    expect(r.calls).toEqual([
      ["git-rebase(1) Manual Page › Options\n\nSet it with PRAGMA.", "No header here.", "Odd metadata."],
      ["Set it with PRAGMA.", "No header here.", "Odd metadata."],
    ]);
  });

  it("returns nothing for no hits without calling the reranker", async () => {
    const r = tableReranker({});
    expect(await applyRerank("q", [], { reranker: r, topN: 5, contextHeader: false }, 3)).toEqual([]);
    expect(r.calls).toHaveLength(0);
  });

  it.each([
    ["too few scores", [1, 2]],
    ["a NaN", [1, Number.NaN, 3]],
    ["a string", [1, "2", 3]],
    ["no array", { scores: [1, 2, 3] }],
  ])("rejects a reply with %s as RERANK_FAILED", async (_, reply) => {
    const r: Reranker = { id: "bad", rerank: async () => reply as number[] };
    const error = await rejection(applyRerank("q", hits, { reranker: r, topN: 3, contextHeader: false }, 3));
    expect(error.code).toBe("RERANK_FAILED");
    expect(error.message).toMatch(/"bad".*expected/);
  });

  it("wraps a reranker's own failure as RERANK_FAILED and passes a RagError through", async () => {
    const boom = new Error("model exploded");
    const wrapped = await rejection(
      applyRerank(
        "q",
        hits,
        {
          reranker: {
            id: "x",
            rerank: async () => {
              throw boom;
            },
          },
          topN: 3,
          contextHeader: false,
        },
        3,
      ),
    );
    expect(wrapped.code).toBe("RERANK_FAILED");
    expect(wrapped.message).toMatch(/model exploded/);
    expect(wrapped.cause).toBe(boom);
    double.always = { status: 400 };
    const passed = await rejection(applyRerank("q", hits, { reranker: reranker(), topN: 3, contextHeader: false }, 3));
    expect(passed.code).toBe("RERANK_FAILED");
    expect(passed.message).toMatch(/\(400\)/);
  });

  it("cancels the calls in flight after the first failure", async () => {
    let cancelled!: () => void;
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    const r: Reranker = {
      id: "half",
      maxDocumentsPerCall: 2,
      maxConcurrency: 2,
      rerank: (_query, documents, options) =>
        documents[0] === "alpha"
          ? Promise.reject(new Error("first batch fails"))
          : new Promise((_, reject) => options?.signal?.addEventListener("abort", () => (cancelled(), reject(new Error("stopped"))))),
    };
    const error = await rejection(applyRerank("q", hits, { reranker: r, topN: 4, contextHeader: false }, 2));
    expect(error.message).toMatch(/first batch fails/);
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 1000).unref());
    expect(await Promise.race([wasCancelled.then(() => "cancelled"), timeout])).toBe("cancelled");
  });

  it("returns at once on abort, even from a reranker that ignores its signal", async () => {
    const r: Reranker = { id: "deaf", rerank: () => new Promise<number[]>(() => {}) };
    const controller = new AbortController();
    const pending = applyRerank("q", hits, { reranker: r, topN: 3, contextHeader: false }, 3, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(error.code).toBe("ABORTED");
  });

  it("stops at an aborted signal", async () => {
    const r = tableReranker({});
    const error = await rejection(applyRerank("q", hits, { reranker: r, topN: 3, contextHeader: false }, 3, AbortSignal.abort()));
    expect(error.code).toBe("ABORTED");
    expect(r.calls).toHaveLength(0);
  });

  it.each([
    ["a reranker without id", { reranker: { rerank: async () => [] }, topN: 3, contextHeader: false }],
    ["a reranker without rerank", { reranker: { id: "x" }, topN: 3, contextHeader: false }],
    ["topN 0", { reranker: tableReranker({}), topN: 0, contextHeader: false }],
    ["a fractional topN", { reranker: tableReranker({}), topN: 2.5, contextHeader: false }],
    ["topN over 1000", { reranker: tableReranker({}), topN: 1001, contextHeader: false }],
    ["maxDocumentsPerCall 0", { reranker: tableReranker({}, { maxDocumentsPerCall: 0 }), topN: 3, contextHeader: false }],
  ])("rejects %s with INVALID_ARGUMENT", async (_, options) => {
    const error = await rejection(applyRerank("q", hits, options as never, 3));
    expect(error.code).toBe("INVALID_ARGUMENT");
  });
});

describe("resolveRerank", () => {
  const r = tableReranker({});

  it("defaults topN to max(topK * 4, 20), capped at 1000", () => {
    expect(resolveRerank({ reranker: r }, 3).topN).toBe(20);
    expect(resolveRerank({ reranker: r }, 10).topN).toBe(40);
    expect(resolveRerank({ reranker: r }, 400).topN).toBe(1000);
    expect(resolveRerank({ reranker: r, topN: 50 }, 10)).toEqual({ reranker: r, topN: 50, contextHeader: true });
    expect(resolveRerank({ reranker: r, contextHeader: false }, 10).contextHeader).toBe(false);
  });

  it("rejects a topN below topK or out of range, and a bad reranker", () => {
    expect(() => resolveRerank({ reranker: r, topN: 3 }, 5)).toThrowError(/topN \(3\) is below topK \(5\)/);
    expect(() => resolveRerank({ reranker: r }, 1001)).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => resolveRerank({ reranker: r, topN: 2000 }, 5)).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => resolveRerank({ reranker: null as never }, 5)).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => resolveRerank({ reranker: r }, 0)).toThrowError(expect.toBeRagError("INVALID_ARGUMENT"));
    expect(() => resolveRerank({ reranker: r, contextHeader: "no" as never }, 5)).toThrowError(/contextHeader/);
  });
});
