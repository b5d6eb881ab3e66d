// The public surface of libsql-rag/langchain, listed by name. `@langchain/core` is a peer dependency.
export { LibSQLRagVectorStore } from "./vector-store.js";
export type { LibSQLRagVectorStoreConfig, LibSQLRagAddOptions, LibSQLRagDeleteParams } from "./vector-store.js";
export { LibSQLRagRetriever } from "./retriever.js";
export type { LibSQLRagRetrieverInput, LibSQLRagRetrieverOptions, LibSQLRagSearchOptions } from "./retriever.js";

export { embeddingsFromEmbedder, embedderFromEmbeddings, langChainEmbedderId } from "./embeddings.js";
export type { EmbedderEmbeddings, EmbedderFromEmbeddingsOptions } from "./embeddings.js";

export { importLangChainLibSQLTable } from "./import-table.js";
export type { ImportLangChainLibSQLTableOptions, ImportLangChainLibSQLTableResult } from "./import-table.js";
