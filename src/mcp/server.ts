import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { embedQuestion } from "../embed/question.js";
import type { Embedder } from "../embed/embedder.js";
import { RagError } from "../errors.js";
import { parseFilter, type Filter } from "../filter/index.js";
import { PLAIN_TEXT_NAMES_HELP, SUPPORTED_EXTENSIONS } from "../ingest/loaders/extension.js";
import type { IngestReport } from "../ingest/pipeline.js";
import { MAX_TOP_K, type HybridOptions } from "../search/options.js";
import type { CollectionInfo } from "../db/collection-info.js";
import type { Collection } from "../store/collection.js";
import type { Store } from "../store/store.js";
import { deepEnough, queryInQuestionOrder } from "../search/question-order.js";
import type { RerankOptions } from "../search/rerank/reranker.js";

/** What the MCP server serves, and how it gets embedders and ingests. */
export interface RagMcpServerOptions {
  store: Store;
  /** The collection tools use when the call names none. */
  collection: string;
  /** The embedder for searching `info` (the collection's recorded one, or a flag's). Called once per collection. */
  embedderFor(info: CollectionInfo): Promise<Embedder>;
  /** Re-scores the `search` tool's first `topN` candidates with a reranker, as `rag.search`'s `rerank` does. */
  rerank?: RerankOptions;
  /** How the `search` tool's hybrid mode fuses its two rankings (`rag.search`'s `hybrid`). @default the measured defaults */
  hybrid?: HybridOptions;
  /** Present only when ingest is allowed: loads, chunks, embeds and stores the paths into the collection. */
  ingest?: (collection: string, paths: string[]) => Promise<IngestReport>;
  /** @default "libsql-rag" */
  name?: string;
  version?: string;
}

/** The most records one `get_documents` call returns. */
const MAX_GET = 1000;

const collectionField = z.string().min(1).max(128).optional().describe("Collection name; default: the server's collection.");

function json(value: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value, null, 2) }] };
}

/**
 * An MCP server exposing a libsql-rag database as tools: `search`, `get_documents`, `list_collections`, and
 * `ingest` when `options.ingest` is given. Every input is checked with zod, and every failure (a bad filter, a
 * missing collection, an unreachable database) comes back as a tool result with `isError: true`, never a crash.
 * Connect it to a transport (`StdioServerTransport` for `libsql-rag mcp`).
 */
export function createRagMcpServer(options: RagMcpServerOptions): McpServer {
  const server = new McpServer({ name: options.name ?? "libsql-rag", version: options.version ?? "0.0.0" });
  const embedders = new Map<string, Promise<Embedder>>();
  const open = async (name: string | undefined): Promise<Collection> => {
    const wanted = name ?? options.collection;
    const all = await options.store.listCollections();
    if (!all.some((info) => info.name === wanted)) {
      const known = all.length === 0 ? "it has none" : `it has ${all.map((info) => JSON.stringify(info.name)).join(", ")}`;
      throw new RagError(
        "NOT_FOUND",
        `Collection ${JSON.stringify(wanted)} does not exist in ${options.store.url} (${known}). Call list_collections to see them.`,
      );
    }
    return options.store.collection(wanted);
  };
  const embedderOf = (collection: Collection): Promise<Embedder> => {
    const key = `${collection.name}\u0000${collection.info.embedderId ?? ""}`;
    let embedder = embedders.get(key);
    if (!embedder) {
      embedder = options.embedderFor(collection.info);
      embedders.set(key, embedder);
      embedder.catch(() => embedders.delete(key));
    }
    return embedder;
  };

  server.registerTool(
    "search",
    {
      description:
        "Search the knowledge base. Returns the best passages as JSON: id, documentId, content, metadata (source, title, headings) and score (higher is better).",
      inputSchema: {
        query: z.string().trim().min(1).max(10_000).describe("The question or words to search for."),
        topK: z.number().int().min(1).max(MAX_TOP_K).optional().describe("How many passages to return (default 5)."),
        filter: z
          .record(z.string(), z.unknown())
          .optional()
          .describe(
            'Metadata filter, MongoDB style: {"lang":"en"}, {"source":{"$contains":"guide"}}; $eq $ne $gt $gte $lt $lte $in $nin $exists $contains $and $or $not.',
          ),
        mode: z.enum(["hybrid", "vector", "keyword"]).optional().describe("hybrid (default) fuses meaning and keywords; vector: meaning; keyword: BM25 words."),
        collection: collectionField,
      },
    },
    async ({ query, topK, filter, mode = "hybrid", collection: name }, { signal }) => {
      if (filter !== undefined) parseFilter(filter);
      const collection = await open(name);
      const embedder = mode === "keyword" ? undefined : await embedderOf(collection);
      const vector = embedder ? await embedQuestion(embedder, query, { mode, signal }) : undefined;
      const asked = topK ?? 5;
      const { rerank } = options;
      const search = {
        mode,
        text: query,
        topK: asked,
        // The server's topN, raised to what this call asks for (the model cannot change the server's flags).
        ...(rerank ? { rerank, ...deepEnough({ rerank }, asked) } : {}),
        ...(mode === "hybrid" && options.hybrid ? { hybrid: options.hybrid } : {}),
        // Page-aware, as rag.search ranks: more pages in the results than a few long ones (hybrid does it itself).
        ...(mode !== "hybrid" ? { documents: true } : {}),
        ...(vector ? { vector } : {}),
        ...(filter !== undefined ? { filter: filter as Filter } : {}),
        ...(embedder ? { embedderId: embedder.id } : {}),
        // A call the client cancels ends its reranker call in flight.
        signal,
      };
      // As rag.search orders them: hits in the question's language first, hits from changelogs last.
      const hits = await queryInQuestionOrder((o) => collection.query(o), search);
      return json(hits.map(({ id, documentId, content, metadata, score }) => ({ id, documentId, content, metadata, score })));
    },
  );

  server.registerTool(
    "get_documents",
    {
      description: "Fetch stored passages by id (the ids search returns), or every passage of whole documents by documentId.",
      inputSchema: {
        ids: z.array(z.string().min(1)).max(MAX_GET).optional().describe("Passage ids, as search returns them."),
        documentIds: z.array(z.string().min(1)).max(MAX_GET).optional().describe("Document ids: returns all their passages, in order."),
        collection: collectionField,
      },
    },
    async ({ ids, documentIds, collection: name }) => {
      if ((ids?.length ?? 0) === 0 && (documentIds?.length ?? 0) === 0) {
        throw new RagError("INVALID_ARGUMENT", "get_documents needs ids (passage ids from search) or documentIds, and got neither.");
      }
      const collection = await open(name);
      const byId = ids && ids.length > 0 ? await collection.get({ ids }) : [];
      const byDocument = documentIds && documentIds.length > 0 ? await collection.list({ filter: { documentId: { $in: documentIds } }, limit: MAX_GET }) : [];
      const seen = new Set<string>();
      const records = [...byId, ...byDocument].filter((r) => !seen.has(r.id) && seen.add(r.id));
      return json(records.map(({ id, documentId, content, metadata }) => ({ id, documentId, content, metadata })));
    },
  );

  server.registerTool(
    "list_collections",
    { description: "List the collections in the database, with their row counts, dimensions and embedder.", inputSchema: {} },
    async () => {
      const infos = await options.store.listCollections();
      const out = [];
      for (const info of infos) {
        const rows = await (await options.store.collection(info.name)).count();
        out.push({ name: info.name, rows, dimensions: info.dimensions, embedder: info.embedderId, default: info.name === options.collection });
      }
      return json(out);
    },
  );

  const ingest = options.ingest;
  if (ingest) {
    server.registerTool(
      "ingest",
      {
        description: "Load, chunk, embed and store files, folders or globs on the server's machine (incremental: unchanged files are skipped).",
        inputSchema: {
          paths: z
            .array(z.string().min(1))
            .min(1)
            .max(1000)
            .describe(`Files, folders or globs (${SUPPORTED_EXTENSIONS.join(" ")}; ${PLAIN_TEXT_NAMES_HELP}; each also gzip-compressed: .html.gz).`),
          collection: collectionField,
        },
      },
      async ({ paths, collection }) => {
        const report = await ingest(collection ?? options.collection, paths);
        return json({
          documents: report.documents,
          chunks: report.chunks,
          failures: report.failures,
          sourceCopies: report.sourceCopies,
          repeatedPassages: report.repeatedPassages,
          includedFiles: report.includedFiles,
          frontMatterPages: report.frontMatterPages,
          aliasPages: report.aliasPages,
          navigationFiles: report.navigationFiles,
        });
      },
    );
  }
  return server;
}
