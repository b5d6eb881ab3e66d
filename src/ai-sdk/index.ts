// libsql-rag/ai-sdk: the Vercel AI SDK adapter.
export { aiSdkEmbedder } from "./embedder.js";
export type { AiSdkEmbedderOptions } from "./embedder.js";
export { aiSdkReranker } from "./reranker.js";
export type { AiSdkRerankerOptions } from "./reranker.js";
export { languageModelReranker } from "./language-model-reranker.js";
export type { LanguageModelRerankerOptions } from "./language-model-reranker.js";
export { retrievalTool } from "./retrieval-tool.js";
export type { RetrievalToolOptions, RetrievalToolInput, RetrievalToolHit } from "./retrieval-tool.js";
