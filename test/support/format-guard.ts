/**
 * How the ingest format guard (test/ingest/format-guard.test.ts) reads the documents in the repository, which
 * bench/reading-mutants.ts reads alike to measure what the guard notices: a hash embedder of these dimensions and
 * the offline model's chunking. Data only, so that the bench can use it beside a copy of src/.
 */
export const FORMAT_GUARD = { dimensions: 16, chunking: { size: 448, overlap: 56 } } as const;
