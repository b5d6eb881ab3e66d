import { randomUUID } from "node:crypto";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { RecordInput, StoredRecord } from "../db/records.js";
import { documentIdFrom, plainMetadata } from "./metadata.js";

/**
 * Records to upsert for LangChain documents and their vectors. Ids come from `givenIds`, then `Document.id`,
 * then a random UUID; when one id appears twice, the later document wins (in the earlier one's place in `ids`).
 */
export function recordsFromDocuments(
  vectors: number[][],
  documents: DocumentInterface[],
  givenIds: string[] | undefined,
  documentIdKey: string | undefined,
): { ids: string[]; records: RecordInput[] } {
  const ids: string[] = [];
  const byId = new Map<string, RecordInput>();
  documents.forEach((doc, i) => {
    const id = givenIds?.[i] ?? doc.id ?? randomUUID();
    ids.push(id);
    const metadata = plainMetadata(doc.metadata, i);
    byId.delete(id);
    byId.set(id, { id, documentId: documentIdFrom(metadata, documentIdKey), content: doc.pageContent ?? "", metadata, vector: vectors[i]! });
  });
  return { ids, records: [...byId.values()] };
}

/** A stored record as a LangChain `Document`; `documentIdKey` puts the record's documentId back in metadata. */
export function toDocument(record: StoredRecord, documentIdKey: string | undefined): Document {
  const metadata = { ...record.metadata };
  if (documentIdKey !== undefined && record.documentId !== null && !(documentIdKey in metadata)) metadata[documentIdKey] = record.documentId;
  return new Document({ pageContent: record.content, metadata, id: record.id });
}
