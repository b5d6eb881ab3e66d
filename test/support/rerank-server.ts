import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat completions request as the judge sends it. */
interface ChatBody {
  model: string;
  temperature?: number;
  response_format?: { type: string };
  messages: { role: string; content: string }[];
}

/**
 * A reranking server on a real port, for tests that run the CLI as a child process (where `msw`, which
 * `rerank-double.ts` uses, cannot reach), and for the `openai` SDK's own requests. It prefers the documents that
 * hold the word `prefer`, whatever was asked, so its order shows that the reranker ran:
 * - `POST …/rerank` answers `{ results: [{ index, relevance_score }] }`, best first: 1 for such a document, else 0;
 * - `POST …/chat/completions` plays a relevance judge: it reads the passages between the prompt's numbered fences
 *   and answers `{"scores": [...]}` as the message's content, 10 for such a passage, else 1.
 */
export interface RerankServer {
  /** Pass as `--rerank-url` or as the judge's `baseURL`: `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  /** Every `/rerank` request's JSON body and `authorization` header, in arrival order. */
  readonly requests: { body: { model?: string; query: string; documents: string[] }; authorization?: string }[];
  /** Every `/chat/completions` request's JSON body and `authorization` header, in arrival order. */
  readonly chats: { body: ChatBody; authorization?: string }[];
  /**
   * Failures to answer the next chat requests with, one each, before answering normally: a status with
   * `retry-after-ms: 1`, or a status with the headers to send instead. A 401's message quotes the key it was
   * sent, as some servers do.
   */
  readonly chatFailures: (number | { status: number; headers: Record<string, string> })[];
  /**
   * The next chat replies, one each, instead of the scores: the message's content, or the content (null for none)
   * with a refusal or a finish reason.
   */
  readonly chatReplies: (string | { content: string | null; refusal?: string; finish_reason?: string })[];
  /** Never answer, as a stalled server; set it before the requests it should apply to. */
  hang: boolean;
  /** Send a chat reply's headers and then nothing more, as a server that stalls mid-body. */
  stallBody: boolean;
  /** Requests whose client gave up (closed the connection) before they were answered. */
  readonly abandoned: number;
  close(): Promise<void>;
}

export async function startRerankServer(prefer: string): Promise<RerankServer> {
  const requests: RerankServer["requests"] = [];
  const chats: RerankServer["chats"] = [];
  let abandoned = 0;
  const json = (response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
    response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(value));
  const server = createServer(async (request, response) => {
    const path = request.url ?? "";
    const route = path.endsWith("/rerank") ? "rerank" : path.endsWith("/chat/completions") ? "chat" : undefined;
    if (request.method !== "POST" || route === undefined) {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await text(request));
    const authorization = request.headers.authorization ? { authorization: request.headers.authorization } : {};
    if (route === "rerank") requests.push({ body, ...authorization });
    else chats.push({ body, ...authorization });
    if (self.hang) {
      response.on("close", () => abandoned++);
      return;
    }
    const preferred = (document: string) => document.toLowerCase().includes(prefer);
    if (route === "rerank") {
      const results = (body.documents as string[])
        .map((document, index) => ({ index, relevance_score: preferred(document) ? 1 : 0 }))
        .sort((a, b) => b.relevance_score - a.relevance_score);
      json(response, 200, { results });
      return;
    }
    const failure = self.chatFailures.shift();
    if (failure !== undefined) {
      const { status, headers } = typeof failure === "number" ? { status: failure, headers: { "retry-after-ms": "1" } } : failure;
      const message = status === 401 ? `Incorrect API key provided: ${request.headers.authorization ?? ""}` : `scripted ${status}`;
      json(response, status, { error: { message, type: "server_error" } }, headers);
      return;
    }
    if (self.stallBody) {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id": "chat-stalled", ');
      response.on("close", () => abandoned++);
      return;
    }
    const prompt = (body as ChatBody).messages.find((m) => m.role === "user")?.content ?? "";
    const passages = [...prompt.matchAll(/<passage (\d+)>\n([\s\S]*?)\n<\/passage \1>/g)].map((m) => m[2]!);
    const scripted = self.chatReplies.shift();
    const reply = typeof scripted === "object" ? scripted : { content: scripted ?? JSON.stringify({ scores: passages.map((p) => (preferred(p) ? 10 : 1)) }) };
    json(response, 200, {
      id: `chat-${chats.length}`,
      object: "chat.completion",
      created: 0,
      model: (body as ChatBody).model,
      choices: [
        {
          index: 0,
          finish_reason: reply.finish_reason ?? "stop",
          message: { role: "assistant", content: reply.content, ...(reply.refusal ? { refusal: reply.refusal } : {}) },
        },
      ],
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const self: RerankServer = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chats,
    chatFailures: [],
    chatReplies: [],
    hang: false,
    stallBody: false,
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
