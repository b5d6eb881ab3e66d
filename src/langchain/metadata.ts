import { RagError, describeValue } from "../errors.js";

/** LangChain metadata as plain JSON: what `JSON.stringify` keeps (dates become strings, undefined is dropped). */
export function plainMetadata(metadata: unknown, index: number): Record<string, unknown> {
  if (metadata === undefined || metadata === null) return {};
  let json: string | undefined;
  try {
    json = JSON.stringify(metadata);
  } catch (error) {
    throw new RagError("INVALID_ARGUMENT", `Document ${index}: metadata cannot be stored as JSON (${(error as Error).message}).`, { cause: error });
  }
  const value: unknown = json === undefined ? undefined : JSON.parse(json);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new RagError("INVALID_ARGUMENT", `Document ${index}: metadata must be a plain object, got ${describeValue(metadata)}.`);
  }
  return value as Record<string, unknown>;
}

/** The `documentId` a metadata key names: a non-empty string, or a finite number as text; otherwise null. */
export function documentIdFrom(metadata: Record<string, unknown>, key: string | undefined): string | null {
  if (key === undefined) return null;
  const value = metadata[key];
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
