import { Command, Option } from "commander";
import { embedQuestion } from "../../embed/question.js";
import type { Filter } from "../../filter/index.js";
import { SEARCH_STRATEGIES, type SearchMode, type SearchStrategy } from "../../search/options.js";
import { openExisting, withStore, type CommandContext } from "../context.js";
import { chooseEmbedder, type EmbedderSpec } from "../embedders.js";
import { collectionOption, dbOption, embedderOption, filterOption, jsonOption, topKOption } from "../options.js";
import { print, printJson, snippet } from "../output.js";
import { queryInQuestionOrder } from "../../search/question-order.js";
import { UsageError } from "../errors.js";
import { addRerankOptions, rerankFromFlags, type RerankFlags } from "../rerankers.js";
import { hybridFromFlags, pageOrderOption, vectorWeightOption } from "../fusion-weights.js";

interface SearchFlags extends RerankFlags {
  db?: string;
  collection: string;
  topK: number;
  filter?: Filter;
  mode: SearchMode;
  strategy: SearchStrategy;
  /** false with --no-page-ranking. */
  pageRanking: boolean;
  /** false with --no-language-first. */
  languageFirst: boolean;
  /** false with --no-changelogs-last. */
  changelogsLast: boolean;
  /** Hybrid's vector weight, from --vector-weight or the config. */
  vectorWeight?: number;
  /** Hybrid's page order, from --page-order. */
  pageOrder?: "learned" | "fused";
  embedder?: EmbedderSpec;
  json?: boolean;
}

export function searchCommand(context: CommandContext): Command {
  const command = new Command("search")
    .description("search a collection by meaning (vector), words (keyword) or both (hybrid)")
    .argument("<text>", "the question or words to search for")
    .addOption(dbOption())
    .addOption(collectionOption())
    .addOption(topKOption(5))
    .addOption(filterOption())
    .addOption(new Option("--mode <mode>", "search mode").choices(["vector", "keyword", "hybrid"]).default("hybrid"))
    .addOption(
      new Option(
        "--strategy <strategy>",
        "vector path: auto (scan cache, partitions, index or exact scan, per query), ann (the vector index), ivf (the partitions), exact",
      )
        .choices(SEARCH_STRATEGIES)
        .default("auto"),
    )
    .addOption(
      new Option(
        "--no-page-ranking",
        "vector and keyword mode: plain nearest neighbours (or BM25 order), without letting further chunks of a page give way to other pages",
      ),
    )
    .addOption(new Option("--no-language-first", "keep the search's order when hits are in another language than the question (by default they come after)"))
    .addOption(
      new Option(
        "--no-changelogs-last",
        "keep the search's order for hits from changelogs (by default they come after, unless the question asks about changes)",
      ),
    )
    .addOption(vectorWeightOption())
    .addOption(pageOrderOption())
    .addOption(embedderOption())
    .addOption(jsonOption());
  return addRerankOptions(command, { topN: true }).action((text: string, flags: SearchFlags, self: Command) =>
    runSearch(text, flags, context, self.getOptionValueSource("vectorWeight") === "cli"),
  );
}

async function runSearch(text: string, flags: SearchFlags, { signal }: CommandContext, vectorWeightFlag: boolean): Promise<void> {
  const rerank = rerankFromFlags(flags);
  // A config's weight is for hybrid searches and left unused by the others; a flag that would do nothing is a mistake.
  if (vectorWeightFlag && flags.mode !== "hybrid") {
    throw new UsageError(`--vector-weight sets hybrid's fusion, and --mode is ${flags.mode}: leave it out, or use --mode hybrid.`);
  }
  if (flags.pageOrder !== undefined && flags.mode !== "hybrid") {
    throw new UsageError(`--page-order orders hybrid's pages, and --mode is ${flags.mode}: leave it out, or use --mode hybrid.`);
  }
  if (flags.rerankTopN !== undefined && flags.rerankTopN < flags.topK) {
    throw new UsageError(`--rerank-top-n ${flags.rerankTopN} is below -k ${flags.topK}: the reranker must score at least the hits it returns.`);
  }
  await withStore(
    flags,
    async (store) => {
      const collection = await openExisting(store, flags.collection);
      // Keyword search needs no vectors, so it never loads a model or needs an API key.
      const embedder = flags.mode === "keyword" ? undefined : await chooseEmbedder({ flag: flags.embedder, collection: collection.info, workload: "query" });
      try {
        const vector = embedder ? await embedQuestion(embedder, text, { mode: flags.mode, signal }) : undefined;
        const hybrid = flags.mode === "hybrid" ? hybridFromFlags(flags.vectorWeight, flags.pageOrder) : undefined;
        const query = {
          mode: flags.mode,
          text,
          topK: flags.topK,
          strategy: flags.strategy,
          ...(hybrid !== undefined ? { hybrid } : {}),
          ...(rerank ? { rerank } : {}),
          // Page-aware, as rag.search ranks (hybrid ranks by page in its fusion).
          ...(flags.mode !== "hybrid" ? { documents: flags.pageRanking } : {}),
          ...(vector ? { vector } : {}),
          ...(flags.filter !== undefined ? { filter: flags.filter } : {}),
          ...(embedder ? { embedderId: embedder.id } : {}),
          // Ctrl-C ends a reranker call in flight.
          signal,
        };
        // As rag.search orders them: hits in the question's language first, hits from changelogs last.
        const order = { languageFirst: flags.languageFirst, changelogsLast: flags.changelogsLast };
        const hits = await queryInQuestionOrder((o) => collection.query(o), query, order);
        if (flags.json) {
          printJson({
            query: text,
            mode: flags.mode,
            collection: collection.name,
            topK: flags.topK,
            ...(rerank ? { reranker: rerank.reranker.id } : {}),
            hits,
            explain: hits.explain,
          });
          return;
        }
        if (hits.length === 0) {
          print("No results.");
          return;
        }
        hits.forEach((hit, i) => {
          const headings = Array.isArray(hit.metadata.headings) ? (hit.metadata.headings as unknown[]).map(String) : [];
          const where = [String(hit.metadata.source ?? hit.documentId ?? hit.id), ...headings].join(" › ");
          const { startOffset: start, endOffset: end } = hit.metadata;
          const span = typeof start === "number" && typeof end === "number" ? `  [characters ${start}–${end}]` : "";
          print(`${String(i + 1).padStart(2)}. ${hit.score.toFixed(4)}  ${where}${span}`);
          print(`    ${snippet(hit.content, 160)}`);
        });
      } finally {
        await embedder?.close?.();
      }
    },
    { readOnly: true },
  );
}
