import cliProgress from "cli-progress";
import type { EvalProgress } from "../eval/evaluate.js";
import type { IngestProgress } from "../ingest/pipeline.js";

/** A progress bar on stderr, or nothing at all when stderr is not a terminal or output is JSON. */
export interface Progress {
  /** Shows `done` of `total` `unit`s, labelled with what is happening, and `detail` after the count. */
  update(label: string, done: number, total: number, unit: string, detail?: string): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

export function createProgress(options: { enabled: boolean }): Progress {
  if (!options.enabled || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      format: `{label} [{bar}] {value}/{total} {unit}{detail} | {duration_formatted} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(label, done, total, unit, detail = "") {
      // A JSON file may hold more documents than the files counted up front.
      const size = Math.max(total, done, 1);
      if (!started) {
        bar.start(size, done, { label, unit, detail });
        started = true;
        return;
      }
      bar.setTotal(size);
      bar.update(done, { label, unit, detail });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * Drives a bar from ingest events. Once a document needs embedding, the bar counts chunks with a vector (embedded
 * now or from the cache) of the chunks to embed so far, and says how many are written and how many documents
 * are done; it moves with every embedding call. A run with nothing to embed counts documents.
 */
export function ingestProgressHandler(progress: Progress): (event: IngestProgress) => void {
  let done = 0;
  let total = 0;
  return (event) => {
    switch (event.stage) {
      case "scan":
        return;
      case "load":
      case "write":
      case "embed": {
        if (event.stage !== "embed") {
          done = event.done;
          total = event.total;
        }
        const c = event.chunks;
        if (c.total === 0) {
          if (event.stage !== "embed") progress.update("ingest", done, total, "docs");
          return;
        }
        const vectors = c.embedded + c.cached;
        const label = vectors < c.total ? "embed" : c.written < c.total ? "write" : "ingest";
        progress.update(label, vectors, c.total, "chunks", `, ${c.written} written, ${done}/${Math.max(done, total)} docs`);
        return;
      }
      case "prune":
        progress.update("prune", event.done, event.total, "docs");
        return;
      case "done":
        progress.stop();
        return;
    }
  };
}

/** Drives a bar from evaluation events, labelled with the search mode. */
export function evalProgressHandler(progress: Progress): (event: EvalProgress) => void {
  return (event) => progress.update(`eval ${event.mode}`, event.done, event.total, "queries");
}
