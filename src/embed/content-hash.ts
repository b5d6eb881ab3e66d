import { createHash } from "node:crypto";

/** SHA-256 of a text or bytes, hex. Keys the embedding cache and the documents table. */
export function contentHash(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
