import { expect, it } from "vitest";
import type { Store } from "../../src/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const vector = (i: number) => Float32Array.from({ length: 4 }, (_, j) => (j === i % 4 ? 1 : 0.1));

/** A 4-d collection with two rows, whose registry row is then edited by hand. */
async function damaged(store: Store, column: string, value: unknown): Promise<string> {
  const name = uniqueName("reg");
  const col = await store.collection(name, { dimensions: 4 });
  await col.upsert([0, 1].map((i) => ({ id: `r${i}`, content: `row ${i}`, vector: vector(i) })));
  await store.client.execute({ sql: `UPDATE rag_collections SET ${column} = ? WHERE name = ?`, args: [value as string, name] });
  return name;
}

async function openError(store: Store, name: string): Promise<{ code: string; message: string }> {
  const error = await store.collection(name).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error(`collection ${name} opened despite its damaged registry row`);
  return error as { code: string; message: string };
}

describeEachTarget("collection registry (rag_collections) damage", (target) => {
  it("changed dimensions are CORRUPT, with the SQL that sets them back, instead of queries that find nothing", async () => {
    await withStore(target, async (store) => {
      const name = await damaged(store, "dimensions", 8);
      const error = await openError(store, name);
      expect(error.code).toBe("CORRUPT");
      expect(error.message).toMatch(
        /rag_collections\) says collection .* has 8 dimensions \(column dimensions\), but its table rag_\w+ stores F32_BLOB\(4\) vectors/,
      );
      expect(error.message).toContain(`UPDATE rag_collections SET dimensions = 4 WHERE name = '${name}'`);
    });
  });

  it("a vector type that differs from the table's column is CORRUPT", async () => {
    await withStore(target, async (store) => {
      const error = await openError(store, await damaged(store, "vector_type", "F16_BLOB"));
      expect(error.code).toBe("CORRUPT");
      expect(error.message).toMatch(/stores F16_BLOB vectors \(column vector_type\), but its table .* declares F32_BLOB\(4\)/);
    });
  });

  it("bad index_options JSON, an unknown metric or vector type are CORRUPT naming table, column and value", async () => {
    await withStore(target, async (store) => {
      const cases: Array<[string, unknown, RegExp]> = [
        ["index_options", "{not json", /column index_options is "\{not json", expected NULL or a JSON object of index options/],
        ["index_options", '{"compressNeighbours":"float8"}', /column index_options is .*compressNeighbours/],
        ["metric", "cosinus", /column metric is "cosinus", expected "cosine" or "l2"/],
        ["vector_type", "F33_BLOB", /column vector_type is "F33_BLOB", expected one of F32_BLOB/],
        ["dimensions", "many", /column dimensions is "many", expected an integer from 1 to 65536/],
        ["indexed_fields", "[1]", /column indexed_fields is "\[1\]"/],
      ];
      for (const [column, value, pattern] of cases) {
        const name = await damaged(store, column, value);
        const error = await openError(store, name);
        expect(error.code, column).toBe("CORRUPT");
        expect(error.message, column).toMatch(/The collection registry \(table rag_collections\) has an invalid value for collection/);
        expect(error.message, column).toMatch(pattern);
        expect(error.message, column).toContain(`WHERE name = '${name}'`);
        await expect(store.listCollections(), column).rejects.toBeRagError("CORRUPT");
        // A damaged row can still be dropped, which is one of the repairs the message offers.
        expect(await store.dropCollection(name), column).toBe(true);
      }
      await expect(store.listCollections()).resolves.toBeDefined();
    });
  });
});
