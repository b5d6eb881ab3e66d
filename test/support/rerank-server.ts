import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A `/rerank` server on a real port, for tests that run the CLI as a child process (where `msw`, which
 * `rerank-double.ts` uses, cannot reach). It answers `{ results: [{ index, relevance_score }] }`, best first:
 * a document holding the word `prefer` scores 1, any other 0, so its order shows that the reranker ran.
 */
export interface RerankServer {
  /** Pass as `--rerank-url`: `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  /** Every request's JSON body and `authorization` header, in arrival order. */
  readonly requests: { body: { model?: string; query: string; documents: string[] }; authorization?: string }[];
  /** Never answer, as a stalled server; set it before the requests it should apply to. */
  hang: boolean;
  /** Requests whose client gave up (closed the connection) before they were answered. */
  readonly abandoned: number;
  close(): Promise<void>;
}

export async function startRerankServer(prefer: string): Promise<RerankServer> {
  const requests: RerankServer["requests"] = [];
  let abandoned = 0;
  const server = createServer(async (request, response) => {
    if (request.method !== "POST" || !request.url?.endsWith("/rerank")) {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await text(request)) as RerankServer["requests"][number]["body"];
    requests.push({ body, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
    if (self.hang) {
      response.on("close", () => abandoned++);
      return;
    }
    const results = body.documents
      .map((document, index) => ({ index, relevance_score: document.toLowerCase().includes(prefer) ? 1 : 0 }))
      .sort((a, b) => b.relevance_score - a.relevance_score);
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ results }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const self: RerankServer = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    hang: false,
    get abandoned() {
      return abandoned;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return self;
}

async function text(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}
