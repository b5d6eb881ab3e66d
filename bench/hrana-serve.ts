/**
 * The project's Hrana test server in a process of its own, for benchmarks that measure a remote client: the
 * server's CPU and event loop are then apart from the client's, as with a real server.
 *
 *   node --import tsx bench/hrana-serve.ts --db PATH     # prints {"url": "..."} on one line, serves until stdin ends
 */
import { parseArgs } from "node:util";
import { startHranaServer } from "../test/support/hrana-server.js";

const { values } = parseArgs({ options: { db: { type: "string" } } });
if (!values.db) throw new Error("usage: hrana-serve.ts --db PATH");
const server = await startHranaServer({ dbPath: values.db });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
