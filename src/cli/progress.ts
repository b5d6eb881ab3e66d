import cliProgress from "cli-progress";
import type { EvalProgress } from "../eval/evaluate.js";
import type { IngestProgress } from "../ingest/pipeline.js";

/** A progress bar on stderr, or nothing at all when stderr is not a terminal or output is JSON. */
export interface Progress {
  /** Shows `done` of `total` `unit`s, labelled with what is happening. */
  update(label: string, done: number, total: number, unit: string): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

export function createProgress(options: { enabled: boolean }): Progress {
  if (!options.enabled || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      format: `{label} [{bar}] {value}/{total} {unit} | {duration_formatted} | ETA {eta_formatted}`,
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
    update(label, done, total, unit) {
      // A JSON file may hold more documents than the files counted up front.
      const size = Math.max(total, done, 1);
      if (!started) {
        bar.start(size, done, { label, unit });
        started = true;
        return;
      }
      bar.setTotal(size);
      bar.update(done, { label, unit });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Drives a bar from ingest events: documents done of total, with the stage as the label. */
export function ingestProgressHandler(progress: Progress): (event: IngestProgress) => void {
  let done = 0;
  let total = 0;
  return (event) => {
    switch (event.stage) {
      case "scan":
        return;
      case "load":
      case "write":
        done = event.done;
        total = event.total;
        progress.update("ingest", done, total, "docs");
        return;
      case "embed":
        if (total > 0) progress.update(event.done < event.total ? `embed ${event.total} chunks` : "ingest", done, total, "docs");
        return;
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
