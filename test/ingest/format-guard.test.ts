import { createHash } from "node:crypto";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { INGEST_FORMAT } from "../../src/ingest/format.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { FORMAT_GUARD } from "../support/format-guard.js";
import { withMemoryRag } from "../support/memory-rag.js";

/**
 * What ingest writes for the documents in the repository (the 62 bundled SQLite pages, the loader fixtures, the
 * generators' pages under `test/fixtures/sites/`, see `test/fixtures/sites.md`, and the pages written in nine themes'
 * markup under `test/fixtures/themes/`, and the Markdown, AsciiDoc and reStructuredText of site generators and note
 * apps under `test/fixtures/sources/`) under the ingest format it was recorded for. A re-ingest skips a file whose
 * bytes and format are unchanged, so a change in how the loaders or the chunker read a file must come with a new
 * `INGEST_FORMAT`, or collections keep the old reading with no sign of it
 * (docs/retrieval.md, twenty-second round, found a database in that state). The site pages were chosen by mutation
 * (twenty-third round, `bench/reading-mutants.ts`): of 614 mutants (each `if` condition of the loaders, the chunker
 * and the rules across files made false, except those that only throw), the reading changes or ingest throws on 238
 * with them and on 122 without (by a changed reading alone, 204 and 88; 34 throw). A rule that none of the files
 * meets is still the author's to mark.
 */
const RECORDED = { format: 141, digest: "a9b72f863030bf7a3eb52877a5a9e5bdcee3e02c52543f5914171b0583a6dbe0" };

/** The sha-256 of every record (id, document, content, metadata and the hash embedder's vector of its embedded text) and failure. */
function readingDigest(): Promise<string> {
  return withMemoryRag(
    async (rag) => {
      const report = await rag.ingest([
        "datasets/sqlite-docs/pages",
        "test/fixtures/docs",
        "test/fixtures/sites",
        "test/fixtures/themes",
        "test/fixtures/sources",
      ]);
      const records = await rag.collection.list({ limit: 10_000, includeVectors: true });
      expect(records.length).toBeGreaterThan(3000);
      expect(records.length).toBeLessThan(10_000);
      records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const written = records.map((r) => [r.id, r.documentId, r.content, r.metadata, Array.from(r.vector ?? [])]);
      const failed = report.failures.map((f) => [relative(process.cwd(), f.source), f.code]).sort();
      return createHash("sha256")
        .update(JSON.stringify([written, failed]))
        .digest("hex");
    },
    { embedder: hashEmbedder({ dimensions: FORMAT_GUARD.dimensions }), chunking: FORMAT_GUARD.chunking },
  );
}

describe("ingest format", () => {
  it("stands for one reading of the repository's documents: a reading that changes comes with a new INGEST_FORMAT", async () => {
    const digest = await readingDigest();
    expect(
      RECORDED.format,
      `INGEST_FORMAT is ${INGEST_FORMAT}, but the reading recorded here is format ${RECORDED.format}'s: record { format: ${INGEST_FORMAT}, digest: "${digest}" }.`,
    ).toBe(INGEST_FORMAT);
    expect(
      digest,
      `The loaders or the chunker read the repository's documents differently from what ingest format ${INGEST_FORMAT} recorded. ` +
        "Collections of that format would keep their old reading: bump INGEST_FORMAT in src/ingest/format.ts, say in its " +
        `comment what changed, and record { format: <the new format>, digest: "${digest}" } here.`,
    ).toBe(RECORDED.digest);
  });
});
