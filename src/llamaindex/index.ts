// libsql-rag/llamaindex: a LlamaIndex.TS vector store on libSQL.
export { LibSQLRagVectorStore } from "./vector-store.js";
export type { LibSQLRagVectorStoreOptions } from "./vector-store.js";
export { translateFilters } from "./filters.js";
