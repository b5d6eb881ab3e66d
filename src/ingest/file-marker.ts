import type { KnownDocuments } from "../store/documents.js";

/**
 * The mark a file's documents get once all of them are written: the hash of its bytes and settings, and how
 * many documents it yields. Written only after the file's last document (see `CollectionDocuments.markComplete`),
 * so a file interrupted part-way, or one that lost a document since, never matches and is read again.
 */
export function fileMarker(sourceHash: string, documents: number): string {
  return `${sourceHash}/${documents}`;
}

/** The ids of a file's documents when the file, with these bytes, was completely ingested before; else undefined. */
export function unchangedFileIds(state: KnownDocuments, file: string, sourceHash: string): string[] | undefined {
  for (const [marker, ids] of state.files.get(file) ?? []) {
    const slash = marker.lastIndexOf("/");
    if (marker.slice(0, slash) === sourceHash && Number(marker.slice(slash + 1)) === ids.length) return ids;
  }
  return undefined;
}
