/**
 * Layering rules for src/ (docs/architecture.md draws the picture). Run with `npm run lint:deps`.
 *
 * Imports point down this list; a folder may import its own files and any layer below it, never one above.
 * Adapters are peers of one another: none of them is below another.
 */
const LAYERS = [
  { name: "errors", path: "^src/(errors|random|options|words)\\.ts$" },
  { name: "filter", path: "^src/filter/" },
  { name: "db", path: "^src/db/" },
  { name: "search", path: "^src/search/" },
  { name: "store", path: "^src/store/" },
  { name: "embed", path: "^src/embed/" },
  { name: "ingest", path: "^src/ingest/" },
  { name: "rag", path: "^src/rag\\.ts$" },
  { name: "eval", path: "^src/eval/" },
  { name: "adapters", path: "^src/(langchain|ai-sdk|llamaindex|mcp|web|testing)/" },
  { name: "cli", path: "^src/cli/" },
  { name: "entry", path: "^src/index\\.ts$" },
];

/** One rule per layer: nothing in it may import a layer above it. */
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} sits below ${LAYERS.slice(i + 1).map((l) => l.name).join(", ")}: it may import only layers below it.`,
  severity: "error",
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle ties its files into one unit that cannot be read, tested or moved alone. Type-only imports count.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...upward,
    {
      // Embedders are a leaf beside db/: the pipeline (ingest) and rag compose them with the store. The
      // embedding cache is a table in the same database, so embed/ may use db/'s driver-error translation,
      // identifier quoting, vector codec and table names, and nothing else of the library.
      name: "embed-is-a-leaf",
      comment: "embed/ may import errors.ts, options.ts, random.ts, words.ts and db/ only.",
      severity: "error",
      from: { path: "^src/embed/" },
      to: { path: "^src/", pathNot: ["^src/embed/", "^src/(errors|random|options|words)\\.ts$", "^src/db/"] },
    },
    {
      name: "cli-is-not-imported",
      comment: "The CLI is the outermost layer: the library and its entry points never import it.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports are dependencies too: an upward `import type` still couples the layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.d\\.ts$" },
  },
};
