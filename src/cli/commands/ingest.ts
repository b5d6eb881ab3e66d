import { resolve } from "node:path";
import { Command, Option } from "commander";
import { PLAIN_TEXT_NAMES_HELP, SUPPORTED_EXTENSIONS } from "../../ingest/loaders/extension.js";
import type { IngestReport } from "../../ingest/pipeline.js";
import { addChunkingOptions, chunkingFromFlags, type ChunkingFlags } from "../chunking.js";
import { openRag, type CommandContext } from "../context.js";
import { isRagError } from "../../errors.js";
import type { EmbedderSpec } from "../embedders.js";
import { EXIT_FAILURE, EXIT_INTERRUPTED, ExitError, UsageError } from "../errors.js";
import { collectionOption, dbOption, embedderOption, jsonOption } from "../options.js";
import { chunksPerSecond, formatIngestReport, print, printJson, warn } from "../output.js";
import { createProgress, ingestProgressHandler } from "../progress.js";

interface IngestFlags extends ChunkingFlags {
  db?: string;
  collection: string;
  embedder?: EmbedderSpec;
  prune?: boolean;
  keepSourceCopies?: boolean;
  followIncludes: boolean;
  root?: string;
  strict?: boolean;
  vectorIndex?: boolean;
  progress: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function ingestCommand(context: CommandContext): Command {
  const command = new Command("ingest")
    .description("load, chunk, embed and store files, folders or globs; unchanged documents are skipped")
    .argument("<paths...>", `files, folders or globs (${SUPPORTED_EXTENSIONS.join(" ")}; ${PLAIN_TEXT_NAMES_HELP}; each also .gz)`)
    .addOption(dbOption())
    .addOption(collectionOption())
    .addOption(embedderOption())
    .option("--prune", "remove documents whose source file is gone")
    .option(
      "--keep-source-copies",
      "also ingest the copies a site ships beside its pages (Sphinx's _sources/*.rst.txt, a manual's PDF, Doxygen's *_source.html), which are left out by default",
    )
    .addOption(
      new Option(
        "--no-follow-includes",
        "read each file as it is written: by default a page's includes (AsciiDoc's include::, reStructuredText's .. include::, MkDocs' --8<-- snippets, Hugo's include shortcode, FastAPI's {* … *}) are read where they stand, AsciiDoc's ifdef:: conditionals evaluated, and the files pages include are left out",
      ),
    )
    .option("--root <dir>", "folder that document ids and metadata.source are relative to (default: the current folder)")
    .option("--strict", "exit with 1 when any document failed to load or write")
    .option(
      "--vector-index",
      "build a DiskANN vector index (default on remote servers; local files rely on the scan cache and build none unless asked; adds it to an existing collection that has none)",
    );
  return addChunkingOptions(command)
    .addOption(new Option("--no-progress", "never show a progress bar"))
    .option("-q, --quiet", "no progress bar and no summary: print only failures and errors (--json still prints the report)")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      "\nExit status: 0 when the run completed, even if some documents failed (they are listed on stderr and in\n" +
        "the JSON `failures`; use --strict to exit 1 instead); 2 when no path matches a supported file (nothing\n" +
        "is opened or written); 1 when the run itself failed; 130 when interrupted with Ctrl-C (documents written\n" +
        "so far are complete: run the same command again to finish).",
    )
    .action((paths: string[], flags: IngestFlags) => runIngest(paths, flags, context));
}

async function runIngest(paths: string[], flags: IngestFlags, context: CommandContext): Promise<void> {
  // Loaded on use, like the pipeline in openRag: the other commands should not pay for importing it.
  const { resolveSources } = await import("../../ingest/sources.js");
  // Checked before the database is opened, so a typo never creates an empty database.
  const resolved = await resolveSources(paths, process.cwd());
  const chunking = chunkingFromFlags(flags);
  if (resolved.files.length === 0 && resolved.skipped.length === 0) {
    throw new UsageError(
      `No supported file matches ${resolved.missing.map((p) => JSON.stringify(p)).join(", ")}: expected files, folders or globs of ${SUPPORTED_EXTENSIONS.join(" ")} or ${PLAIN_TEXT_NAMES_HELP} (each may be gzip-compressed, .gz).`,
    );
  }
  const rag = await openRag(flags, flags.collection, flags.embedder, { vectorIndex: flags.vectorIndex === true, chunking });
  const progress = createProgress({ enabled: flags.progress && !flags.quiet && !flags.json });
  let report: IngestReport;
  try {
    report = await rag.ingest(paths, {
      ...(flags.prune ? { prune: true } : {}),
      ...(flags.keepSourceCopies ? { keepSourceCopies: true } : {}),
      ...(flags.followIncludes ? {} : { followIncludes: false }),
      ...(flags.root !== undefined ? { root: resolve(flags.root) } : {}),
      onProgress: ingestProgressHandler(progress),
      signal: context.signal,
    });
  } catch (error) {
    progress.stop();
    if (!isRagError(error, "ABORTED")) throw error;
    // Each document is written in one transaction, so what the store holds now is complete.
    // The count is a courtesy: if the store cannot give it now, the interrupt is still reported as one.
    const written = await rag.collection.stats().then(
      (stats) => stats.documents,
      () => undefined,
    );
    const count = written === undefined ? "" : `: ${written} document${written === 1 ? "" : "s"} written`;
    throw new ExitError(`Interrupted${count}; run the same command again to finish.`, EXIT_INTERRUPTED);
  } finally {
    progress.stop();
    // Waits for the embedder's workers to finish the batch they are in (see useLiteEmbedder's close).
    await rag.close();
  }

  if (flags.json) {
    printJson({ db: rag.store.url, collection: flags.collection, embedder: rag.embedder.id, ...report, chunksPerSecond: chunksPerSecond(report) });
  } else {
    if (!flags.quiet) {
      print(`Ingested into collection "${flags.collection}" of ${rag.store.url} with ${rag.embedder.id}`);
      print(formatIngestReport(report));
    }
    for (const f of report.failures) warn(`failed: ${f.source}: ${f.reason} [${f.code}]`);
  }
  if (flags.strict && report.documents.failed > 0) {
    throw new ExitError(`${report.documents.failed} document${report.documents.failed === 1 ? "" : "s"} failed (--strict).`, EXIT_FAILURE);
  }
}
