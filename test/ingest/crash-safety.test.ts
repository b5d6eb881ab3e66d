import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/index.js";
import { supportChild } from "../support/build-cli.js";

const CHILD = supportChild("ingest-child");

function run(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [CHILD, ...args], { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

/** Kills the child once it has written `writes` documents (0 = right after start). */
async function killAfter(args: string[], writes: number): Promise<void> {
  const { child, done } = run(args);
  await new Promise<void>((resolve) => {
    if (writes === 0) {
      setTimeout(resolve, 150);
      return;
    }
    child.stdout!.on("data", (d: Buffer) => {
      const m = [...String(d).matchAll(/write (\d+)/g)].map((x) => Number(x[1]));
      if (m.some((n) => n >= writes)) resolve();
    });
    child.on("close", () => resolve());
  });
  child.kill("SIGKILL");
  await done;
}

async function snapshot(dbFile: string) {
  const store = await openStore({ url: `file:${dbFile}` });
  try {
    const col = await store.collection("default");
    const table = (await store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = 'default'" })).rows[0]!.table_name as string;
    const chunks = (await store.client.execute(`SELECT id, document_id, content FROM "${table}" ORDER BY id`)).rows.map((r) => [
      r.id,
      r.document_id,
      r.content,
    ]);
    const orphans = (
      await store.client.execute(
        `SELECT count(*) AS n FROM "${table}" c WHERE NOT EXISTS (SELECT 1 FROM "${table}_docs" d WHERE d.document_id = c.document_id)`,
      )
    ).rows[0]!.n;
    const miscounted = (
      await store.client.execute(
        `SELECT count(*) AS n FROM "${table}_docs" d WHERE d.chunk_count != (SELECT count(*) FROM "${table}" c WHERE c.document_id = d.document_id)`,
      )
    ).rows[0]!.n;
    await store.client.execute(`INSERT INTO "${table}_fts" ("${table}_fts") VALUES ('integrity-check')`);
    const ftsRows = (await store.client.execute(`SELECT count(*) AS n FROM "${table}_fts" WHERE "${table}_fts" MATCH 'paragraph'`)).rows[0]!.n;
    const integrity = (await store.client.execute("PRAGMA integrity_check")).rows[0]![0];
    return { chunks, orphans: Number(orphans), miscounted: Number(miscounted), ftsRows: Number(ftsRows), integrity, count: await col.count() };
  } finally {
    await store.close();
  }
}

describe("ingest: crash safety and concurrent writers (file database, real processes)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "crash-"));
    for (const folder of ["docs", "more"]) {
      mkdirSync(join(dir, folder));
      for (let i = 0; i < 30; i++) {
        const body = Array.from({ length: 6 }, (_, p) => `Paragraph ${p} of ${folder} document ${i}. ${"Filler words about storage engines. ".repeat(4)}`).join(
          "\n\n",
        );
        writeFileSync(join(dir, folder, `doc-${i}.md`), `# ${folder} ${i}\n\n${body}`);
      }
    }
    // A multi-record file, read after the Markdown files (names sort): one kill lands while it is written.
    const records = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `Record ${i} about write-ahead logs and checkpoints, number ${i}.` }),
    );
    writeFileSync(join(dir, "docs", "records.jsonl"), records.join("\n"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("after SIGKILL at several points and a normal re-run, the database equals a clean ingest", async () => {
    const clean = join(dir, "clean.db");
    const cleanRun = await run([clean, dir, join(dir, "docs")]).done;
    expect(cleanRun.code, cleanRun.err).toBe(0);
    const expected = await snapshot(clean);
    expect(expected.count).toBeGreaterThan(100);
    expect(expected.chunks.filter((c) => String(c[1]).startsWith("docs/records.jsonl#"))).toHaveLength(120);

    const crashed = join(dir, "crashed.db");
    for (const writes of [0, 2, 9, 21]) await killAfter([crashed, dir, join(dir, "docs"), "15"], writes);
    // Killed part-way through records.jsonl (its documents are written 31st to 150th).
    await killAfter([crashed, dir, join(dir, "docs"), "15"], 70);
    const records = (await snapshot(crashed)).chunks.filter((c) => String(c[1]).startsWith("docs/records.jsonl#")).length;
    expect(records).toBeGreaterThan(0);
    expect(records).toBeLessThan(120);
    const rerun = await run([crashed, dir, join(dir, "docs")]).done;
    expect(rerun.code, rerun.err).toBe(0);
    const report = JSON.parse(rerun.out.split("REPORT ")[1]!) as { documents: { unchanged: number; added: number } };
    expect(report.documents.unchanged).toBeGreaterThan(0);
    expect(report.documents.added + report.documents.unchanged).toBe(150);
    const actual = await snapshot(crashed);
    expect(actual.integrity).toBe("ok");
    expect(actual.orphans).toBe(0);
    expect(actual.miscounted).toBe(0);
    expect(actual.ftsRows).toBe(expected.ftsRows);
    expect(actual.chunks).toEqual(expected.chunks);
  }, 120_000);

  it("two processes ingesting different folders into one file at once both succeed", async () => {
    const db = join(dir, "shared.db");
    const [a, b] = await Promise.all([run([db, dir, join(dir, "docs"), "5"]).done, run([db, dir, join(dir, "more"), "5"]).done]);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    const ra = JSON.parse(a.out.split("REPORT ")[1]!) as { documents: { added: number; failed: number } };
    const rb = JSON.parse(b.out.split("REPORT ")[1]!) as { documents: { added: number; failed: number } };
    expect(ra.documents).toMatchObject({ added: 150, failed: 0 });
    expect(rb.documents).toMatchObject({ added: 30, failed: 0 });
    const snap = await snapshot(db);
    expect(new Set(snap.chunks.map((c) => String(c[1]).split("/")[0]))).toEqual(new Set(["docs", "more"]));
    expect(snap.orphans).toBe(0);
    expect(snap.integrity).toBe("ok");
  }, 120_000);
});
