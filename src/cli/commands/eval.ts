import { stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { evaluateRetrieval, type ModeEvaluation, type RetrievalEvaluation } from "../../eval/evaluate.js";
import { loadQuestions } from "../../eval/questions.js";
import type { IngestReport } from "../../ingest/pipeline.js";
import type { SearchMode } from "../../search/options.js";
import { openRag, type CommandContext } from "../context.js";
import type { EmbedderSpec } from "../embedders.js";
import { UsageError } from "../errors.js";
import { dbOption, embedderOption, jsonOption, topKOption } from "../options.js";
import { fixed, formatIngestReport, formatTable, print, printJson, warn } from "../output.js";
import { createProgress, evalProgressHandler, ingestProgressHandler } from "../progress.js";

interface EvalFlags {
  db?: string;
  collection?: string;
  topK: number;
  embedder?: EmbedderSpec;
  modes: SearchMode[];
  details?: boolean;
  progress: boolean;
  json?: boolean;
}

const MODES: readonly SearchMode[] = ["vector", "keyword", "hybrid"];

function parseModes(value: string): SearchMode[] {
  const modes = [...new Set(value.split(",").map((m) => m.trim()).filter((m) => m !== ""))];
  const bad = modes.filter((m) => !MODES.includes(m as SearchMode));
  if (modes.length === 0 || bad.length > 0) throw new InvalidArgumentError(`Expected a comma-separated list of ${MODES.join(", ")}.`);
  return modes as SearchMode[];
}

export function evalCommand(context: CommandContext): Command {
  return new Command("eval")
    .description("ingest a dataset's pages and measure page-level retrieval quality of each search mode")
    .argument("<dataset-dir>", "a folder with pages/ and questions.jsonl ({ id, question, relevant: [page file names], kind? } per line)")
    .addOption(dbOption())
    .option("--collection <name>", "collection to ingest into and search (default: eval-<dataset folder name>)")
    .addOption(topKOption(10, "the cut-off k of recall@k, MRR@k and nDCG@k"))
    .addOption(embedderOption())
    .addOption(new Option("--modes <list>", "search modes to evaluate").argParser(parseModes).default([...MODES], MODES.join(",")))
    .option("--details", "with --json, include each question's retrieved pages and latency")
    .addOption(new Option("--no-progress", "never show a progress bar"))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      "\nMetrics are page-level: the chunks retrieved for a question are collapsed to their pages (the file name of\n" +
        "metadata.source) in rank order, then recall@1, recall@5, recall@k, MRR@k and nDCG@k are computed against the\n" +
        "question's `relevant` pages (recall@n: the share of those pages found in the first n). Latency is per search,\n" +
        "embedding the question included. The pages are ingested first, incrementally, with --prune.",
    )
    .action((dataset: string, flags: EvalFlags) => runEval(dataset, flags, context));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function runEval(dataset: string, flags: EvalFlags, context: CommandContext): Promise<void> {
  const dir = resolve(dataset);
  const pages = join(dir, "pages");
  const questionsFile = join(dir, "questions.jsonl");
  if (!(await isDirectory(pages)) || !(await stat(questionsFile).then((s) => s.isFile(), () => false))) {
    throw new UsageError(`${JSON.stringify(dataset)} is not an evaluation dataset: expected a folder with pages/ and questions.jsonl.`);
  }
  const questions = await loadQuestions(questionsFile);
  const name = flags.collection ?? `eval-${basename(dir)}`;
  const rag = await openRag(flags, name, flags.embedder);

  const progress = createProgress({ enabled: flags.progress && !flags.json });
  let report: IngestReport;
  let evaluation: RetrievalEvaluation;
  try {
    // The collection belongs to the dataset, so pages removed from the dataset are pruned from it.
    report = await rag.ingest([pages], { root: dir, prune: true, onProgress: ingestProgressHandler(progress), signal: context.signal });
    progress.stop();
    evaluation = await evaluateRetrieval({
      rag,
      questions,
      k: flags.topK,
      modes: flags.modes,
      onProgress: evalProgressHandler(progress),
      signal: context.signal,
    });
  } finally {
    progress.stop();
    await rag.close();
  }

  const modes = flags.details ? evaluation.modes : evaluation.modes.map(({ perQuestion: _omit, ...rest }) => rest);
  if (flags.json) {
    printJson({
      dataset: dir,
      db: rag.store.url,
      collection: name,
      embedder: rag.embedder.id,
      ingest: report,
      k: evaluation.k,
      fetchK: evaluation.fetchK,
      questions: evaluation.questions,
      modes,
    });
    return;
  }
  for (const f of report.failures) warn(`failed: ${f.source}: ${f.reason} [${f.code}]`);
  print(`Dataset ${dir}: ${evaluation.questions} questions; collection "${name}" of ${rag.store.url}, embedder ${rag.embedder.id}`);
  print(formatIngestReport(report));
  print();
  const k = evaluation.k;
  print(`Page-level retrieval, k = ${k} (${evaluation.fetchK} chunks fetched per question, collapsed to pages)`);
  print(formatTable(["mode", "recall@1", "recall@5", `recall@${k}`, `MRR@${k}`, `nDCG@${k}`, "p50 ms"], evaluation.modes.map(row), [
    "left",
    "right",
    "right",
    "right",
    "right",
    "right",
    "right",
  ]));
  const kinds = Object.keys(evaluation.modes[0]?.byKind ?? {});
  if (kinds.length > 1) {
    print();
    print(
      formatTable(
        ["mode", "kind", "questions", "recall@1", `recall@${k}`, `MRR@${k}`],
        evaluation.modes.flatMap((m) =>
          kinds.map((kind) => {
            const s = m.byKind[kind]!;
            return [m.mode, kind, String(s.questions), fixed(s.recallAt1), fixed(s.recallAtK), fixed(s.mrrAtK)];
          }),
        ),
        ["left", "left", "right", "right", "right", "right"],
      ),
    );
  }
}

function row(m: ModeEvaluation): string[] {
  return [m.mode, fixed(m.recallAt1), fixed(m.recallAt5), fixed(m.recallAtK), fixed(m.mrrAtK), fixed(m.ndcgAtK), fixed(m.latencyMs.p50, 1)];
}
