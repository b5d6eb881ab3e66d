import { Document, type DocumentInterface } from "@langchain/core/documents";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { PromptTemplate } from "@langchain/core/prompts";
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { expect, it } from "vitest";
import { LibSQLRagVectorStore, embeddingsFromEmbedder } from "../../src/langchain/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName, withStore } from "../support/targets.js";

const formatDocs = (docs: DocumentInterface[]) => docs.map((d) => `[${d.id}] ${d.pageContent}`).join("\n");

describeEachTarget(
  "LibSQLRagVectorStore.asRetriever in an LCEL chain",
  (target) => {
    it("retrieves inside a RunnableSequence and feeds the prompt", async () => {
      await withStore(target, async (store) => {
        const vs = await LibSQLRagVectorStore.fromDocuments(
          [
            new Document({ id: "wal", pageContent: "PRAGMA journal_mode=WAL turns on write ahead logging", metadata: { lang: "en" } }),
            new Document({ id: "vac", pageContent: "VACUUM rebuilds the database file", metadata: { lang: "en" } }),
            new Document({ id: "fts", pageContent: "fts5 gives full text search", metadata: { lang: "en" } }),
          ],
          embeddingsFromEmbedder(hashEmbedder({ dimensions: 64 })),
          { store, collection: uniqueName("chain") },
        );
        const retriever = vs.asRetriever({ k: 2, filter: { lang: "en" } });
        const prompts: string[] = [];
        const chain = RunnableSequence.from([
          { context: retriever.pipe(formatDocs), question: new RunnablePassthrough() },
          PromptTemplate.fromTemplate("Context:\n{context}\n\nQuestion: {question}"),
          RunnableLambda.from((p: { toString(): string }) => {
            prompts.push(p.toString());
            return p;
          }),
          new FakeListChatModel({ responses: ["Use PRAGMA journal_mode=WAL."] }),
          new StringOutputParser(),
        ]);
        const answer = await chain.invoke("how do I turn on write ahead logging (WAL)?");
        expect(answer).toBe("Use PRAGMA journal_mode=WAL.");
        expect(prompts).toHaveLength(1);
        expect(prompts[0]).toMatch(/^Context:\n\[wal\] PRAGMA journal_mode=WAL/);
        expect(prompts[0]!.split("\n").filter((l) => l.startsWith("["))).toHaveLength(2);

        const mmrChain = RunnableSequence.from([vs.asRetriever({ k: 2, searchType: "mmr", searchKwargs: { fetchK: 3 } }), formatDocs]);
        expect(await mmrChain.invoke("write ahead logging")).toMatch(/^\[wal\]/);
        expect((await retriever.batch(["vacuum", "full text search fts5"])).map((docs) => docs[0]?.id)).toEqual(["vac", "fts"]);
      });
    });
  },
  ["file", "http"],
);
