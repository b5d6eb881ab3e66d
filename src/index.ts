// The public surface of libsql-rag, listed by name.
export { RagError, isRagError } from "./errors.js";
export type { RagErrorCode, RagErrorOptions } from "./errors.js";

export { openStore } from "./store/open-store.js";
export type { Store } from "./store/store.js";
export type { StoreOptions } from "./store/store-options.js";
export { defaultIndexOptions } from "./store/collection-options.js";
export type { CollectionOptions } from "./store/collection-options.js";
export type { Collection, GetOptions, ListOptions, DeleteOptions } from "./store/collection.js";
export type { CollectionStats } from "./store/collection-stats.js";
export type { CollectionInfo } from "./db/collection-info.js";
export type { CheckOptions, CheckReport, CheckProblem, CheckName } from "./store/check.js";
export type { ReindexReport } from "./store/reindex.js";
export type { IvfTrainReport } from "./store/ivf-train.js";
export type { RepairOptions, RepairReport } from "./store/repair.js";
export type { ConnectionOptions, ConnectionKind } from "./db/connection.js";
export type { VectorIndexOptions, CompressNeighbors } from "./db/ddl.js";
export type { IvfOptions } from "./db/ivf.js";
export type { RecordInput, StoredRecord, QueryResult } from "./db/records.js";
export type { VectorType, Metric, VectorInput } from "./db/vector.js";

export { parseFilter, evaluateFilter } from "./filter/index.js";
export type { Filter, FieldOperators, FilterScalar } from "./filter/index.js";

export type { QueryOptions, SearchMode, SearchStrategy, MmrOptions, HybridOptions } from "./search/options.js";
export type { QueryResults, QueryExplain } from "./search/query.js";
export type { ScanCacheOptions } from "./search/scan-cache/index.js";
export { httpReranker } from "./search/rerank/http-reranker.js";
export type { HttpRerankerOptions } from "./search/rerank/http-reranker.js";
export { openAIChatReranker } from "./search/rerank/openai-chat-reranker.js";
export type { OpenAIChatRerankerOptions } from "./search/rerank/openai-chat-reranker.js";
export type { JudgeOptions } from "./search/rerank/judge.js";
export type { Reranker, RerankOptions } from "./search/rerank/reranker.js";

export type { Embedder, EmbedOptions } from "./embed/embedder.js";
export { useLiteEmbedder } from "./embed/use-lite/index.js";
export type { UseLiteEmbedderOptions, UseLiteRuntime } from "./embed/use-lite/index.js";
export { openAIEmbedder } from "./embed/openai/index.js";
export type { OpenAIEmbedderOptions } from "./embed/openai/index.js";

export { createRag } from "./rag.js";
export type { Rag, RagOptions, RagSearchOptions, RagIngestOptions, RagHit } from "./rag.js";

export { ingest } from "./ingest/pipeline.js";
export type { IngestOptions, IngestReport, IngestProgress, IngestStage, IngestFailure } from "./ingest/pipeline.js";
export type { IngestSource } from "./ingest/sources.js";
export type { InMemoryDocument } from "./ingest/in-memory.js";
export type { TextFormat } from "./ingest/loaders/index.js";
export type { DocumentStream } from "./ingest/stream.js";
export type { IngestChunkProgress } from "./ingest/report.js";
export { DEFAULT_LIMITS } from "./ingest/limits.js";
export type { IngestLimits } from "./ingest/limits.js";
export { loadFile, SUPPORTED_EXTENSIONS } from "./ingest/loaders/index.js";
export type { LoadedDocument, LoadOptions, Section } from "./ingest/loaders/index.js";
export { chunkDocument } from "./ingest/chunking/index.js";
export type { Chunk, ChunkingOptions, ResolvedChunkingOptions } from "./ingest/chunking/index.js";
// Retrieval evaluation lives in the "libsql-rag/eval" entry point.
