import { z } from "zod";
import { embedQuestion } from "./embed/question.js";
import type { Embedder } from "./embed/embedder.js";
import { resolveEmbedder, type EmbedderLike } from "./embed/resolve-embedder.js";
import { useLiteEmbedder } from "./embed/use-lite/index.js";
import { RagError } from "./errors.js";
import { resolveChunkingOptions, type ChunkingOptions, type ResolvedChunkingOptions } from "./ingest/chunking/index.js";
import type { IngestLimits } from "./ingest/limits.js";
import { ingest, type IngestProgress, type IngestReport } from "./ingest/pipeline.js";
import type { IngestSource } from "./ingest/sources.js";
import { isDocumentStream, type DocumentStream } from "./ingest/stream.js";
import type { Filter } from "./filter/index.js";
import type { HybridOptions, KeywordOptions, MmrOptions, QueryOptions, SearchMode, SearchStrategy } from "./search/options.js";
import type { QueryResults } from "./search/query.js";
import type { RerankOptions } from "./search/rerank/reranker.js";
import type { Collection } from "./store/collection.js";
import type { CollectionOptions } from "./store/collection-options.js";
import { parseOptions } from "./options.js";
import { queryInQuestionOrder } from "./search/question-order.js";
import { clientWithoutConnection, storeOptionsShape, type StoreOptions } from "./store/store-options.js";
import type { Store } from "./store/store.js";
import { openStore } from "./store/open-store.js";
import type { Metric, VectorType } from "./db/vector.js";

/** Options of {@link createRag}. */
export interface RagOptions extends StoreOptions {
  /** @default "default" */
  collection?: string;
  /**
   * One of our embedders, or a LangChain `Embeddings` or a Vercel AI SDK `EmbeddingModel`, which is wrapped
   * (one probe call learns its dimensions; see `embedderFromEmbeddings` and `aiSdkEmbedder` to set id and
   * dimensions yourself).
   * @default useLiteEmbedder({ workers: "auto" }) — offline, no API key
   */
  embedder?: EmbedderLike;
  /**
   * How documents are cut. Without a `size`, one fitted to the embedder: about 3.5 characters per token of its input
   * window, from 200 to 1000 characters (with `unit: "tokens"`, their worth in tokens: 128 for a 128-token window),
   * with an `overlap` of an eighth of it unless one is given. Otherwise, and for an embedder that states no window,
   * the chunker's defaults (`size` 1000, `overlap` a fifth of the size, at most 150).
   * @default chunks sized for the embedder
   */
  chunking?: ChunkingOptions;
  /** @default "F32_BLOB" */
  vectorType?: VectorType;
  /** @default "cosine" */
  metric?: Metric;
  /**
   * Vector (DiskANN) index: options, `true` for the defaults, or `false` for none. See {@link CollectionOptions.index}.
   * @default none on local files and `:memory:` (the scan cache answers queries); the defaults elsewhere
   */
  index?: CollectionOptions["index"];
}

export interface RagSearchOptions {
  /** @default 5 */
  topK?: number;
  filter?: Filter | undefined;
  minScore?: number;
  /**
   * `"hybrid"` fuses vector similarity and keyword (BM25) ranking; on documentation questions it finds the
   * right page more often than either alone (see the README's measured table).
   * @default "hybrid"
   */
  mode?: SearchMode;
  mmr?: MmrOptions | boolean;
  hybrid?: HybridOptions;
  keyword?: KeywordOptions;
  /**
   * Page-aware ranking in `"vector"` and `"keyword"` mode (hybrid's is `hybrid.documents`): a page's further
   * chunks give way to other pages, so the results show more pages than a few long ones. `false` returns plain
   * nearest neighbours (or BM25 order). See {@link QueryOptions.documents}.
   * @default true (DEFAULT_PAGE_RANKING) in vector and keyword mode
   */
  documents?: QueryOptions["documents"];
  /** Re-score the first `topN` candidates with a reranker (see `httpReranker`). */
  rerank?: RerankOptions;
  strategy?: SearchStrategy;
  /** Cancels embedding the question and a reranker call in flight. */
  signal?: AbortSignal;
  /**
   * Embed the question without an English question's lead-in ("How do I", "What is", …) and question mark, so the
   * vector side matches its subject rather than its framing (the keyword side always sees the text as given), and
   * in vector mode its content words beside it (see `questionTexts`). Measured in docs/retrieval.md. `false`
   * embeds the text exactly as given and nothing beside it: for a model that expects its own prefix ("query: …").
   * @default true
   */
  stripLeadIn?: boolean;
  /**
   * Put the hits written in the question's language first, when the question's language is clear from its words
   * (a collection of the same pages in several languages would otherwise answer an English question with French
   * and Japanese pages). A collection of one language keeps the search's order. Measured in docs/retrieval.md.
   * @default true
   */
  questionLanguageFirst?: boolean;
  /**
   * Put the hits from release histories (changelogs, NEWS files: documents ingest marks `changelog: true`) after the
   * documentation's, unless the question asks about versions or changes ("What changed in 2.39?", "When was --onto
   * added?"). A changelog names everything the documentation explains, in a line each. Measured in
   * docs/retrieval.md.
   * @default true
   */
  changelogsLast?: boolean;
}

export interface RagIngestOptions {
  prune?: boolean;
  onProgress?: (event: IngestProgress) => void;
  signal?: AbortSignal;
  /** Folder that file document ids are relative to. @default process.cwd() */
  root?: string;
  /** Follow symbolic links in folders and globs that lead outside the folders given. @default false */
  followSymlinksOutside?: boolean;
  /**
   * Ingest the sources a site ships beside its pages too (Sphinx's `_sources/*.rst.txt`): by default a file a
   * folder or glob found that copies an HTML page of the same run is left out (see `IngestOptions.keepSourceCopies`).
   * @default false
   */
  keepSourceCopies?: boolean;
  /**
   * Read each source's includes where they stand (AsciiDoc's and Antora's `include::`, reStructuredText's
   * `.. include::`, MkDocs' snippets, Hugo's `include` shortcode), from inside the folders ingested, evaluate AsciiDoc's
   * conditionals, and leave out the files that a page includes (see `IngestOptions.followIncludes`). @default true
   */
  followIncludes?: boolean;
  /** Input bounds (file size, extracted characters, nesting depth, metadata size); see {@link IngestLimits}. */
  limits?: IngestLimits;
}

/** A search hit: the chunk, its document, metadata, and `score` (similarity, higher is better). */
export interface RagHit {
  id: string;
  documentId: string | null;
  content: string;
  metadata: Record<string, unknown>;
  score: number;
}

/** One-call RAG over a libSQL database. */
export interface Rag {
  /**
   * Loads, chunks, embeds and stores files, folders, globs or in-memory documents, incrementally; or the
   * documents of an (async) iterable, read a window at a time (see {@link DocumentStream}).
   */
  ingest(sources: IngestSource | readonly IngestSource[] | DocumentStream, options?: RagIngestOptions): Promise<IngestReport>;
  /** Embeds the question and searches the collection. */
  search(text: string, options?: RagSearchOptions): Promise<QueryResults>;
  readonly store: Store;
  readonly collection: Collection;
  readonly embedder: Embedder;
  /** How `ingest` cuts documents: the `chunking` given, with what it left unset fitted to the embedder. */
  readonly chunking: ResolvedChunkingOptions;
  /** Closes the store and the embedder. */
  close(): Promise<void>;
}

/** `rag.search`'s option names (their values are checked by the query): a misspelt one is refused, not ignored. */
const searchOptionsKeys = z.strictObject({
  topK: z.unknown().optional(),
  filter: z.unknown().optional(),
  minScore: z.unknown().optional(),
  mode: z.unknown().optional(),
  mmr: z.unknown().optional(),
  hybrid: z.unknown().optional(),
  keyword: z.unknown().optional(),
  documents: z.unknown().optional(),
  rerank: z.unknown().optional(),
  strategy: z.unknown().optional(),
  signal: z.unknown().optional(),
  stripLeadIn: z.boolean({ error: "a boolean" }).optional(),
  questionLanguageFirst: z.boolean({ error: "a boolean" }).optional(),
  changelogsLast: z.boolean({ error: "a boolean" }).optional(),
} satisfies Record<keyof RagSearchOptions, z.ZodType>);

/**
 * The options of {@link createRag}: the store's, checked here, and the collection, embedder and chunking
 * options, checked where they are used. Unknown keys are refused with the closest known one.
 */
const ragOptionsSchema = z
  .strictObject({
    ...storeOptionsShape,
    ...({
      collection: z.unknown().optional(),
      embedder: z.unknown().optional(),
      chunking: z.unknown().optional(),
      vectorType: z.unknown().optional(),
      metric: z.unknown().optional(),
      index: z.unknown().optional(),
    } satisfies Record<Exclude<keyof RagOptions, keyof StoreOptions>, z.ZodType>),
  })
  .superRefine(clientWithoutConnection);

/**
 * Characters per token assumed when sizing chunks for an embedder's input window. USE lite's tokenizer gives
 * fewer characters per token than this on documentation, so some chunks overrun its 128 tokens a little, but
 * smaller chunks did not improve hybrid search (docs/retrieval.md), so the size stays.
 */
const CHARS_PER_TOKEN = 3.5;

/**
 * The chunking options given, with a size fitted to the embedder's input window where none is: turning the context
 * header off (`{ contextHeader: false }`) keeps chunks the model reads whole, rather than falling back to 1000
 * characters.
 */
function fittedChunking(embedder: Embedder, given: ChunkingOptions = {}): ChunkingOptions {
  if (given.size !== undefined || !embedder.maxInputTokens) return given;
  const characters = Math.max(200, Math.min(1000, Math.floor(embedder.maxInputTokens * CHARS_PER_TOKEN)));
  // In tokens, the same size: the window's tokens up to the 1000 characters' worth.
  const size = given.unit === "tokens" ? Math.floor(characters / CHARS_PER_TOKEN) : characters;
  return { overlap: Math.floor(size / 8), ...given, size };
}

/**
 * Opens (or creates) a database and a collection with an embedder, ready to ingest and search.
 *
 * @example
 * const rag = await createRag({ url: "file:rag.db" });
 * await rag.ingest(["docs/"]);
 * const hits = await rag.search("how do I enable WAL mode?", { topK: 5 });
 * await rag.close();
 */
export async function createRag(options: RagOptions = {}): Promise<Rag> {
  parseOptions(ragOptionsSchema, options, { caller: "createRag" });
  // Checked now, so that a misspelt chunking option fails here rather than at the first ingest.
  if (options.chunking !== undefined) resolveChunkingOptions(options.chunking);
  const given = options.embedder === undefined ? undefined : await resolveEmbedder(options.embedder, "createRag");
  const { collection: name = "default", embedder: _given, chunking, vectorType, metric, index, ...storeOptions } = options;
  const embedder = given ?? useLiteEmbedder({ workers: "auto" });
  const store = await openStore(storeOptions);
  try {
    const collection = await store.collection(name, {
      dimensions: embedder.dimensions,
      embedderId: embedder.id,
      ...(vectorType !== undefined ? { vectorType } : {}),
      ...(metric !== undefined ? { metric } : {}),
      ...(index !== undefined ? { index } : {}),
    });
    const chunkingOptions = resolveChunkingOptions(fittedChunking(embedder, chunking));
    return {
      store,
      collection,
      embedder,
      chunking: chunkingOptions,
      ingest: (sources, ingestOptions = {}) =>
        ingest({
          collection,
          embedder,
          sources: Array.isArray(sources) || isDocumentStream(sources) ? (sources as readonly IngestSource[] | DocumentStream) : [sources as IngestSource],
          chunking: chunkingOptions,
          ...ingestOptions,
        }),
      async search(text, options = {}) {
        if (typeof text !== "string") throw new RagError("INVALID_ARGUMENT", "search expects the question as a string.");
        parseOptions(searchOptionsKeys, options, { caller: "search" });
        const { stripLeadIn = true, questionLanguageFirst = true, changelogsLast = true, ...searchOptions } = options;
        const mode = searchOptions.mode ?? "hybrid";
        // Not awaited: the query checks its options and runs hybrid's keyword side while the question is embedded.
        const vector =
          mode === "keyword"
            ? undefined
            : embedQuestion(embedder, text, { mode, stripLeadIn, ...(searchOptions.signal ? { signal: searchOptions.signal } : {}) });
        // Marked handled here, for the case where the options fail their check before the query awaits it.
        vector?.catch(() => {});
        const query = {
          ...searchOptions,
          topK: searchOptions.topK ?? 5,
          mode,
          ...(mode !== "hybrid" && searchOptions.documents === undefined ? { documents: true } : {}),
          text,
          ...(vector ? { vector } : {}),
          embedderId: embedder.id,
        };
        return queryInQuestionOrder((o) => collection.query(o), query, { languageFirst: questionLanguageFirst, changelogsLast });
      },
      async close() {
        await store.close();
        await embedder.close?.();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
