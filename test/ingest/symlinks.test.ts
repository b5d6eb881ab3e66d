import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingest, openStore, type Rag } from "../../src/index.js";
import { resolveSources } from "../../src/ingest/sources.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { withMemoryRag as withRag } from "../support/memory-rag.js";

/**
 * A temp folder with `docs/` (the folder ingested) and `outside/` (a secret it must not reach):
 *   docs/a.md, docs/sub/b.md          real files
 *   outside/secret.md                 outside the ingested folder
 */
let dir: string;
let docs: string;
beforeEach(() => {
  // realpath: on some systems the temp folder itself is reached through a link (macOS /var -> /private/var).
  dir = realpathSync(mkdtempSync(join(tmpdir(), "symlinks-")));
  docs = join(dir, "docs");
  mkdirSync(join(docs, "sub"), { recursive: true });
  mkdirSync(join(dir, "outside"));
  writeFileSync(join(docs, "a.md"), "# Alpha\n\nAlpha is about write-ahead logging.\n");
  writeFileSync(join(docs, "sub", "b.md"), "# Beta\n\nBeta is about vacuum.\n");
  writeFileSync(join(dir, "outside", "secret.md"), "# Secret\n\nThe password is hunter2.\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function documentIds(rag: Rag): Promise<string[]> {
  const records = await rag.collection.list({ limit: 1000 });
  return [...new Set(records.map((r) => r.documentId))].sort() as string[];
}

describe("ingest: symbolic links", () => {
  it("skips and reports links in a folder that lead outside it (file and folder links)", async () => {
    symlinkSync(join(dir, "outside", "secret.md"), join(docs, "secret-link.md"));
    symlinkSync(join(dir, "outside"), join(docs, "out"));
    await withRag(async (rag) => {
      const report = await rag.ingest([docs], { root: dir });
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/sub/b.md"]);
      expect(report.documents).toMatchObject({ added: 2, failed: 2 });
      expect(report.failures.map((f) => [f.source, f.code])).toEqual([
        [join(docs, "out"), "LOAD_FAILED"],
        [join(docs, "secret-link.md"), "LOAD_FAILED"],
      ]);
      for (const f of report.failures) expect(f.reason).toMatch(/symbolic link to .*outside.*followSymlinksOutside/);
      expect([...(await rag.search("password hunter2", { mode: "keyword" }))]).toEqual([]);
    });
  });

  it("ingests a file reached through links inside the folder once, under its own path", async () => {
    symlinkSync(join(docs, "sub", "b.md"), join(docs, "b-alias.md"));
    symlinkSync(join(docs, "sub"), join(docs, "sub-alias"));
    await withRag(async (rag) => {
      const report = await rag.ingest([docs], { root: dir });
      expect(report.failures).toEqual([]);
      // docs/b-alias.md and docs/sub-alias/b.md lead to docs/sub/b.md: one document, under the file's own path,
      // though docs/b-alias.md sorts first.
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/sub/b.md"]);
      expect(report.documents).toMatchObject({ added: 2, failed: 0 });
    });
  });

  it("with prune, removes what an earlier run stored of a file under another of its paths", async () => {
    symlinkSync(join(docs, "sub", "b.md"), join(docs, "b-alias.md"));
    await withRag(async (rag) => {
      await rag.ingest([join(docs, "b-alias.md"), join(docs, "a.md")], { root: dir });
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/b-alias.md"]);
      const kept = await rag.ingest([docs], { root: dir });
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/b-alias.md", "docs/sub/b.md"]);
      expect(kept.documents.removed).toBe(0);
      const pruned = await rag.ingest([docs], { root: dir, prune: true });
      expect(pruned.documents.removed).toBe(1);
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/sub/b.md"]);
    });
  });

  it("finds a file's own path below a folder that is itself reached through a link (macOS's /tmp, a linked home)", async () => {
    mkdirSync(join(dir, "real", "en"), { recursive: true });
    writeFileSync(join(dir, "real", "en", "x.md"), "# X\n\nThe page in English.\n");
    symlinkSync(join(dir, "real", "en"), join(dir, "real", "da"));
    symlinkSync(join(dir, "real"), join(dir, "via"));
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "via")], { root: dir });
      expect(report.failures).toEqual([]);
      expect(await documentIds(rag)).toEqual(["via/en/x.md"]);
    });
  });

  it("ingests a file that only links reach under the first of their paths in sorted order", async () => {
    mkdirSync(join(dir, "links"));
    symlinkSync(join(docs, "sub", "b.md"), join(dir, "links", "z.md"));
    symlinkSync(join(docs, "sub", "b.md"), join(dir, "links", "y.md"));
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "links")], { root: dir, followSymlinksOutside: true });
      expect(report.failures).toEqual([]);
      expect(await documentIds(rag)).toEqual(["links/y.md"]);
    });
  });

  it("ends a walk through a link cycle with each file once", async () => {
    symlinkSync("..", join(docs, "sub", "up"));
    symlinkSync(".", join(docs, "self"));
    const resolved = await resolveSources([docs], dir);
    expect(resolved.files).toEqual([join(docs, "a.md"), join(docs, "sub", "b.md")]);
    expect(resolved.skipped).toEqual([]);
  });

  it("reports a dangling link as a failure instead of skipping it silently", async () => {
    symlinkSync(join(docs, "gone.md"), join(docs, "dangling.md"));
    symlinkSync("loop.md", join(docs, "loop.md"));
    await withRag(async (rag) => {
      const report = await rag.ingest([docs], { root: dir });
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/sub/b.md"]);
      expect(report.failures.map((f) => [f.source, f.code])).toEqual([
        [join(docs, "dangling.md"), "LOAD_FAILED"],
        [join(docs, "loop.md"), "LOAD_FAILED"],
      ]);
      expect(report.failures[0]!.reason).toMatch(/broken symbolic link/);
    });
  });

  it("follows outside links with followSymlinksOutside: true, from rag.ingest and from ingest()", async () => {
    symlinkSync(join(dir, "outside"), join(docs, "out"));
    await withRag(async (rag) => {
      const report = await rag.ingest([docs], { root: dir, followSymlinksOutside: true });
      expect(report.failures).toEqual([]);
      expect(await documentIds(rag)).toEqual(["docs/a.md", "docs/out/secret.md", "docs/sub/b.md"]);
    });
    const store = await openStore({ url: ":memory:" });
    try {
      const collection = await store.collection("c", { dimensions: 16 });
      const embedder = hashEmbedder({ dimensions: 16 });
      const strict = await ingest({ collection, embedder, sources: [docs], root: dir });
      expect(strict.documents).toMatchObject({ added: 2, failed: 1 });
      const open = await ingest({ collection, embedder, sources: [docs], root: dir, followSymlinksOutside: true });
      expect(open.documents).toMatchObject({ added: 1, unchanged: 2, failed: 0 });
    } finally {
      await store.close();
    }
  });

  it("follows a link the user names as a source, file or folder, wherever it leads", async () => {
    const fileLink = join(dir, "named.md");
    const folderLink = join(dir, "named-folder");
    symlinkSync(join(dir, "outside", "secret.md"), fileLink);
    symlinkSync(join(dir, "outside"), folderLink);
    const resolved = await resolveSources([fileLink], dir);
    expect(resolved.files).toEqual([fileLink]);
    expect(resolved.skipped).toEqual([]);
    const viaFolder = await resolveSources([folderLink], dir);
    expect(viaFolder.files).toEqual([join(folderLink, "secret.md")]);
    // Named and also reached through an outside link in a folder: ingested once, and no failure for the link.
    symlinkSync(join(dir, "outside", "secret.md"), join(docs, "secret-link.md"));
    const both = await resolveSources([docs, join(dir, "outside", "secret.md")], dir);
    expect(both.skipped).toEqual([]);
    expect(both.files).toHaveLength(3);
  });

  it("applies the same rule to globs: a match through a link outside the glob's folder is reported", async () => {
    symlinkSync(join(dir, "outside", "secret.md"), join(docs, "secret-link.md"));
    const resolved = await resolveSources(["docs/**/*.md"], dir);
    expect(resolved.files).toEqual([join(docs, "a.md"), join(docs, "sub", "b.md")]);
    expect(resolved.skipped.map((s) => [s.path, s.error.code])).toEqual([[join(docs, "secret-link.md"), "LOAD_FAILED"]]);
    const open = await resolveSources(["docs/**/*.md"], dir, { followSymlinksOutside: true });
    expect(open.files).toContain(join(docs, "secret-link.md"));
  });
});
