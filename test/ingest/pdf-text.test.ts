import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { makePdf } from "../support/make-pdf.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-pdf-text-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REPO = fileURLToPath(new URL("../../", import.meta.url));

describe("loadFile: PDF.js in Node", () => {
  it("prints nothing on loading the first PDF of a process, where PDF.js asks for its legacy build", async () => {
    // A process of its own, where PDF.js is imported afresh.
    writeFileSync(join(tmp, "note.pdf"), makePdf([["Checkpointing", "A checkpoint moves the WAL content back."]]));
    const script = join(tmp, "load.mts");
    writeFileSync(
      script,
      `import { loadFile } from ${JSON.stringify(join(REPO, "src/ingest/loaders/index.ts"))};
       const [doc] = await loadFile(${JSON.stringify(join(tmp, "note.pdf"))}, { root: ${JSON.stringify(tmp)} });
       process.stdout.write(JSON.stringify(doc?.content));`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { cwd: REPO, timeout: 60_000 });
    expect(stdout).toBe(JSON.stringify("Checkpointing\nA checkpoint moves the WAL content back."));
  });
});
