import { type Command, Option } from "commander";
import { isRagError } from "../errors.js";
import { httpReranker } from "../search/rerank/http-reranker.js";
import { openAIChatReranker } from "../search/rerank/openai-chat-reranker.js";
import { MAX_RERANK_TOP_N, type Reranker, type RerankOptions } from "../search/rerank/reranker.js";
import { UsageError } from "./errors.js";
import { parseCount } from "./options.js";

/** The reranker flags of `search`, `eval` and `mcp`. */
export interface RerankFlags {
  rerankUrl?: string;
  rerankModel?: string;
  rerankFormat?: "cohere" | "tei";
  rerankLlm?: string;
  /** `search` and `mcp` only. */
  rerankTopN?: number;
  /** False with `--no-rerank-header`. */
  rerankHeader?: boolean;
}

/**
 * Adds `--rerank-url`, `--rerank-model` and `--rerank-format` to `command` (a `/rerank` server re-scores the
 * candidates), `--rerank-llm` (a chat model judges them), `--no-rerank-header`, and `--rerank-top-n` when the
 * command lets the user choose how many.
 */
export function addRerankOptions(command: Command, options: { topN: boolean }): Command {
  command
    .addOption(
      new Option(
        "--rerank-url <url>",
        "re-score the candidates with the /rerank server at this API root, e.g. http://localhost:8080/v1 (Cohere, Jina, Voyage, vLLM, Infinity, text-embeddings-inference); RERANK_API_KEY is sent as its bearer token",
      ),
    )
    .addOption(new Option("--rerank-model <name>", "the reranking model the server runs, e.g. BAAI/bge-reranker-base (needed with --rerank-url)"))
    .addOption(
      new Option(
        "--rerank-format <format>",
        "the request body: cohere ({ model, query, documents }) or tei (text-embeddings-inference's own /rerank); default: cohere",
      ).choices(["cohere", "tei"]),
    )
    .addOption(
      new Option(
        "--rerank-llm <model>",
        "re-score the candidates with a chat model as the judge, e.g. gpt-4.1-mini, through the OpenAI API or a compatible server (OPENAI_API_KEY, OPENAI_BASE_URL)",
      ),
    )
    .addOption(new Option("--no-rerank-header", "give the reranker each passage alone, without its page title and headings above it"));
  if (options.topN) {
    command.addOption(
      new Option("--rerank-top-n <n>", `candidates the reranker re-scores, from -k to ${MAX_RERANK_TOP_N} (default: 4 × k, at least 20)`).argParser((value) =>
        parseCount(value, MAX_RERANK_TOP_N),
      ),
    );
  }
  return command;
}

/**
 * The `rerank` option of a search as the flags ask it (the reranker, `--rerank-top-n`, `--no-rerank-header`), or
 * undefined without a reranker.
 */
export function rerankFromFlags(flags: RerankFlags): RerankOptions | undefined {
  const reranker = rerankerFromFlags(flags);
  if (reranker === undefined) return undefined;
  return { reranker, ...(flags.rerankTopN !== undefined ? { topN: flags.rerankTopN } : {}), contextHeader: flags.rerankHeader !== false };
}

/**
 * The reranker the flags name, or undefined without `--rerank-url` and `--rerank-model` or `--rerank-llm`. A flag
 * that needs them given without them is a usage error, not ignored.
 */
function rerankerFromFlags(flags: RerankFlags): Reranker | undefined {
  const { rerankUrl: baseURL, rerankModel: model, rerankLlm: llm } = flags;
  if (llm !== undefined) {
    if (baseURL !== undefined || model !== undefined || flags.rerankFormat !== undefined) {
      throw new UsageError("--rerank-llm names a reranker of its own: give it or --rerank-url with --rerank-model (and --rerank-format), not both.");
    }
    if (llm.trim() === "") throw new UsageError("--rerank-llm needs a model name, e.g. gpt-4.1-mini.");
    try {
      return openAIChatReranker({ model: llm });
    } catch (error) {
      // Said in the CLI's terms: it has no apiKey option.
      if (isRagError(error, "INVALID_ARGUMENT") && error.details?.missing === "apiKey") {
        throw new UsageError("--rerank-llm: no API key for api.openai.com. Set OPENAI_API_KEY, or OPENAI_BASE_URL to another server's API root.");
      }
      throw error;
    }
  }
  if (baseURL === undefined && model === undefined) {
    const orphan =
      flags.rerankTopN !== undefined
        ? "--rerank-top-n"
        : flags.rerankFormat !== undefined
          ? "--rerank-format"
          : flags.rerankHeader === false
            ? "--no-rerank-header"
            : undefined;
    if (orphan !== undefined) {
      throw new UsageError(`${orphan} needs a reranker: --rerank-url and --rerank-model (a /rerank server and its model), or --rerank-llm.`);
    }
    return undefined;
  }
  if (baseURL === undefined) throw new UsageError("--rerank-model needs --rerank-url, the API root of the server that runs the model.");
  if (model === undefined) throw new UsageError("--rerank-url needs --rerank-model, the reranking model to ask for (e.g. BAAI/bge-reranker-base).");
  const apiKey = process.env.RERANK_API_KEY?.trim();
  return httpReranker({ baseURL, model, format: flags.rerankFormat ?? "cohere", ...(apiKey ? { apiKey } : {}) });
}
