import { stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { checkSameQuestions, compareEvaluations, compareWithBestMode } from "../../eval/compare.js";
import { evaluateRetrieval, pathUnderPages, type RetrievalEvaluation } from "../../eval/evaluate.js";
import { loadQuestions, selectSplit } from "../../eval/questions.js";
import { loadEvaluation } from "../../eval/saved.js";
import type { IngestReport } from "../../ingest/pipeline.js";
import type { SearchMode } from "../../search/options.js";
import { addChunkingOptions, chunkingFromFlags, type ChunkingFlags } from "../chunking.js";
import { openRag, type CommandContext } from "../context.js";
import { addRerankOptions, rerankFromFlags, type RerankFlags } from "../rerankers.js";
import type { EmbedderSpec } from "../embedders.js";
import { UsageError } from "../errors.js";
import { dbOption, embedderOption, jsonOption, topKOption } from "../options.js";
import { formatDifferenceTable, formatModeTable, metricLabel } from "../eval-report.js";
import { evaluateWeights, formatWeightTables, weightsJson, type WeightEvaluation } from "../eval-weights.js";
import { hybridFromFlags, pageOrderOption, vectorWeightsOption, weightsLabel } from "../fusion-weights.js";
import { fixed, formatIngestReport, formatTable, print, printJson, toJson, warn } from "../output.js";
import { createProgress, evalProgressHandler, ingestProgressHandler } from "../progress.js";

interface EvalFlags extends RerankFlags, ChunkingFlags {
  db?: string;
  collection?: string;
  topK: number;
  embedder?: EmbedderSpec;
  modes: SearchMode[];
  details?: boolean;
  split?: string;
  questions?: string;
  save?: string;
  compare?: string;
  match: "name" | "path";
  /** Hybrid's vector weights, with --vector-weight. */
  vectorWeight?: number[];
  /** Hybrid's page order, with --page-order. */
  pageOrder?: "learned" | "fused";
  progress: boolean;
  json?: boolean;
}

const MODES: readonly SearchMode[] = ["vector", "keyword", "hybrid"];
/** How --compare's messages call the two runs. */
const NAMES = ["the saved run", "this run"] as const;

function parseModes(value: string): SearchMode[] {
  const modes = [
    ...new Set(
      value
        .split(",")
        .map((m) => m.trim())
        .filter((m) => m !== ""),
    ),
  ];
  const bad = modes.filter((m) => !MODES.includes(m as SearchMode));
  if (modes.length === 0 || bad.length > 0) throw new InvalidArgumentError(`Expected a comma-separated list of ${MODES.join(", ")}.`);
  return modes as SearchMode[];
}

export function evalCommand(context: CommandContext): Command {
  const command = new Command("eval")
    .description("ingest a dataset's pages and measure page-level retrieval quality of each search mode")
    .argument("<dataset-dir>", "a folder with pages/ and questions.jsonl ({ id, question, relevant: [page file names], kind? } per line)")
    .addOption(dbOption())
    .option("--collection <name>", "collection to ingest into and search (default: eval-<dataset folder name>)")
    .addOption(topKOption(10, "the cut-off k of recall@k, MRR@k and nDCG@k"))
    .addOption(embedderOption())
    .addOption(new Option("--modes <list>", "search modes to evaluate").argParser(parseModes).default([...MODES], MODES.join(",")))
    .option("--details", "with --json, include each question's retrieved pages, scores and latency")
    .option("--split <name>", 'evaluate only the questions whose "split" field is <name> (e.g. dev or test)')
    .option(
      "--questions <file.jsonl>",
      "ask the questions of this file (same format) instead of the dataset's questions.jsonl: the same pages asked another way",
    )
    .addOption(
      new Option(
        "--match <how>",
        "what a hit is matched to the questions' relevant pages by: its file name, or its path under pages/ (for pages in folders whose file names repeat, such as library/logging.html and howto/logging.html)",
      )
        .choices(["name", "path"])
        .default("name"),
    )
    .addOption(vectorWeightsOption())
    .addOption(pageOrderOption());
  addChunkingOptions(command)
    .option("--save <file.json>", "write the evaluation, with each question's scores, to a JSON file for a later --compare")
    .option("--compare <file.json>", "compare this run with one saved by --save: paired differences (this run - saved) per mode and metric")
    .addOption(new Option("--no-progress", "never show a progress bar"))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      "\nMetrics are page-level: the chunks retrieved for a question are collapsed to their pages (the file name of\n" +
        "metadata.source) in rank order, then recall@1, recall@5, recall@k, MRR@k and nDCG@k are computed against the\n" +
        "question's `relevant` pages (recall@n: the share of those pages found in the first n). Latency is per search,\n" +
        "embedding the question included. The pages are ingested first, incrementally, with --prune.\n\n" +
        "Each mean comes with a 95% percentile bootstrap interval over the questions (seeded, so reruns print the\n" +
        "same intervals). Differences between modes, and with --compare between runs, pair each question with itself;\n" +
        "* marks an interval that excludes 0, i.e. a difference unlikely to come from which questions were asked.\n\n" +
        "With --rerank-url or --rerank-llm, every mode's fetched chunks are re-scored by the reranker before they are collapsed; save a\n" +
        "run without it and --compare a run with it to see what the reranker gains on your questions.\n\n" +
        "Hybrid's default weights (vector 0.25, keyword 0.75) were measured with the offline model. With another embedder,\n" +
        "--vector-weight 0.25,0.5,0.75 evaluates hybrid at each weight, paired against the first; choose on one --split\n" +
        "and check the choice on another, then pass it to search (--vector-weight) or rag.search ({ hybrid: { vectorWeight } }).\n\n" +
        "--chunk-size, --chunk-overlap, --chunk-unit and --no-context-header chunk the pages as ingest would with them (the\n" +
        "collection's pages are chunked and embedded again when they change): --save a run with one chunking and\n" +
        "--compare a run with another to measure which suits your embedder.",
    );
  return addRerankOptions(command, { topN: false }).action((dataset: string, flags: EvalFlags) => runEval(dataset, flags, context));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function runEval(dataset: string, flags: EvalFlags, context: CommandContext): Promise<void> {
  const dir = resolve(dataset);
  const pages = join(dir, "pages");
  const questionsFile = flags.questions === undefined ? join(dir, "questions.jsonl") : resolve(flags.questions);
  const isFile = (path: string) =>
    stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
  if (!(await isDirectory(pages)) || (flags.questions === undefined && !(await isFile(questionsFile)))) {
    throw new UsageError(`${JSON.stringify(dataset)} is not an evaluation dataset: expected a folder with pages/ and questions.jsonl.`);
  }
  if (flags.questions !== undefined && !(await isFile(questionsFile))) {
    throw new UsageError(`--questions ${JSON.stringify(flags.questions)} is not a file: expected a JSONL file of questions.`);
  }
  const all = await loadQuestions(questionsFile);
  const questions = flags.split === undefined ? all : selectSplit(all, flags.split);
  // Read the saved run and check the save path before the slow part, so that a typo fails at once.
  const saved = flags.compare === undefined ? undefined : await loadEvaluation(flags.compare);
  if (saved && saved.k !== flags.topK) {
    throw new UsageError(`--compare ${flags.compare} was run with -k ${saved.k}, this run with -k ${flags.topK}: pass -k ${saved.k} to compare them.`);
  }
  if (saved)
    checkSameQuestions(
      saved,
      questions.map((q) => q.id),
      NAMES,
    );
  const weights = flags.vectorWeight;
  if (weights !== undefined && !flags.modes.includes("hybrid")) {
    throw new UsageError(`--vector-weight sets hybrid's fusion, and --modes ${flags.modes.join(",")} has no hybrid: add it to --modes.`);
  }
  if (flags.pageOrder !== undefined && !flags.modes.includes("hybrid")) {
    throw new UsageError(`--page-order orders hybrid's pages, and --modes ${flags.modes.join(",")} has no hybrid: add it to --modes.`);
  }
  if (flags.save !== undefined && !(await isDirectory(dirname(resolve(flags.save))))) {
    throw new UsageError(`--save ${flags.save}: the folder ${dirname(resolve(flags.save))} does not exist.`);
  }
  const rerank = rerankFromFlags(flags);
  const chunking = chunkingFromFlags(flags);
  const name = flags.collection ?? `eval-${basename(dir)}`;
  const rag = await openRag(flags, name, flags.embedder, { chunking });

  const progress = createProgress({ enabled: flags.progress && !flags.json });
  let report: IngestReport;
  let evaluation: RetrievalEvaluation;
  let weightRuns: WeightEvaluation[] | undefined;
  try {
    // The collection belongs to the dataset, so pages removed from the dataset are pruned from it.
    report = await rag.ingest([pages], { root: dir, prune: true, onProgress: ingestProgressHandler(progress), signal: context.signal });
    progress.stop();
    const run = (modes: SearchMode[], vectorWeight: number | undefined) => {
      const hybrid = hybridFromFlags(vectorWeight, flags.pageOrder);
      return evaluateRetrieval({
        rag,
        questions,
        k: flags.topK,
        modes,
        ...(hybrid !== undefined ? { search: { hybrid } } : {}),
        ...(flags.match === "path" ? { keyOf: pathUnderPages } : {}),
        ...(rerank ? { reranker: rerank.reranker, rerankContextHeader: rerank.contextHeader } : {}),
        onProgress: evalProgressHandler(progress),
        signal: context.signal,
      });
    };
    evaluation = await run(flags.modes, weights?.[0]);
    // Every mode at the first weight; hybrid alone at each other one.
    if (weights !== undefined && weights.length > 1) weightRuns = await evaluateWeights(evaluation, weights, (w) => run(["hybrid"], w));
  } finally {
    progress.stop();
    await rag.close();
  }

  const differences = evaluation.modes.length > 1 ? compareWithBestMode(evaluation, evaluation.bootstrap) : undefined;
  const comparison = saved ? { file: resolve(flags.compare!), ...compareEvaluations(saved, evaluation, { ...evaluation.bootstrap, names: NAMES }) } : undefined;
  const result = {
    dataset: dir,
    db: rag.store.url,
    collection: name,
    embedder: rag.embedder.id,
    ...(flags.split !== undefined ? { split: flags.split } : {}),
    ...(flags.questions !== undefined ? { questionsFile } : {}),
    // As ingest cut the pages: the flags' options, the rest fitted to the embedder.
    chunking: rag.chunking,
    ingest: report,
    k: evaluation.k,
    fetchK: evaluation.fetchK,
    ...(evaluation.reranker !== undefined ? { reranker: evaluation.reranker } : {}),
    ...(evaluation.search !== undefined ? { search: evaluation.search } : {}),
    questions: evaluation.questions,
    bootstrap: evaluation.bootstrap,
    modes: evaluation.modes,
    ...(weightRuns ? { fusionWeights: weightsJson(weightRuns) } : {}),
  };
  if (flags.save !== undefined) await saveEvaluation(flags.save, result);
  if (flags.json) {
    const modes = flags.details ? evaluation.modes : evaluation.modes.map(({ perQuestion: _omit, ...rest }) => rest);
    printJson({ ...result, modes, ...(differences ? { differences } : {}), ...(comparison ? { comparison } : {}) });
    return;
  }
  for (const f of report.failures) warn(`failed: ${f.source}: ${f.reason} [${f.code}]`);
  const split = flags.split === undefined ? "" : ` (split ${JSON.stringify(flags.split)} of ${all.length})`;
  const asked = flags.questions === undefined ? "" : ` from ${questionsFile}`;
  print(`Dataset ${dir}: ${evaluation.questions} questions${asked}${split}; collection "${name}" of ${rag.store.url}, embedder ${rag.embedder.id}`);
  const c = rag.chunking;
  print(`Chunks of at most ${c.size} ${c.unit}, overlap ${c.overlap}, context header ${c.contextHeader ? "on" : "off"}`);
  print(formatIngestReport(report));
  print();
  const k = evaluation.k;
  const confidence = evaluation.bootstrap.confidence;
  const reranked = evaluation.reranker === undefined ? "" : `, re-scored by ${evaluation.reranker}`;
  print(
    `Page-level retrieval, k = ${k} (${evaluation.fetchK} chunks fetched per question${reranked}, collapsed to pages); [low, high] = ${percent(confidence)} bootstrap interval`,
  );
  if (weights?.length === 1) print(`Hybrid's fusion weights, vector : keyword = ${weightsLabel(weights[0]!)} (--vector-weight)`);
  print(formatModeTable(evaluation));
  const kinds = Object.keys(evaluation.modes[0]?.byKind ?? {});
  if (kinds.length > 1) {
    print();
    print(
      formatTable(
        ["mode", "kind", "questions", "recall@1", "recall@5", `recall@${k}`, `MRR@${k}`],
        evaluation.modes.flatMap((m) =>
          kinds.map((kind) => {
            const s = m.byKind[kind]!;
            return [m.mode, kind, String(s.questions), fixed(s.recallAt1), fixed(s.recallAt5), fixed(s.recallAtK), fixed(s.mrrAtK)];
          }),
        ),
        ["left", "left", "right", "right", "right", "right", "right"],
      ),
    );
  }
  if (differences && differences.comparisons.length > 0) {
    print();
    print(
      `Best mode by ${metricLabel(differences.metric, k)}: ${differences.best}. Paired differences, ${differences.best} minus each other mode (* = the interval excludes 0):`,
    );
    print(
      formatDifferenceTable(
        k,
        confidence,
        differences.comparisons.map((c) => ({ label: `${c.candidate} - ${c.baseline}`, scores: c })),
      ),
    );
  }
  if (weightRuns) {
    print();
    print(formatWeightTables(weightRuns, k, confidence));
  }
  if (comparison) {
    print();
    print(`Compared with ${comparison.file}: this run minus the saved one, paired over ${comparison.questions} questions (* = the interval excludes 0):`);
    print(
      formatDifferenceTable(
        k,
        confidence,
        comparison.modes.map((m) => ({ label: m.mode, scores: m })),
      ),
    );
    if (comparison.unmatchedModes.length > 0) print(`Not compared (evaluated in only one of the runs): ${comparison.unmatchedModes.join(", ")}`);
  }
  if (flags.save !== undefined) {
    print();
    print(`Saved the evaluation to ${resolve(flags.save)}; compare a later run with --compare ${flags.save}`);
  }
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

async function saveEvaluation(file: string, value: unknown): Promise<void> {
  try {
    await writeFile(file, `${toJson(value)}\n`);
  } catch (cause) {
    throw new Error(
      `Could not save the evaluation to ${resolve(file)} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}): check that the folder is writable.`,
      { cause },
    );
  }
}
