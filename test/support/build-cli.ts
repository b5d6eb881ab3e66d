import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Where the suite's compiled copies live (git-ignored): `cli/main.js` and the child scripts in `support/`. */
export const TEST_DIST = ".test-dist";

/** The compiled copy of a child script in test/support (for example "ingest-child"), to run with plain `node`. */
export function supportChild(name: string): string {
  return join(fileURLToPath(new URL("../../", import.meta.url)), TEST_DIST, "support", `${name}.js`);
}

/**
 * Vitest global setup: compiles the CLI and the child scripts once, so tests start `node .test-dist/cli/main.js`
 * instead of compiling TypeScript on every start with tsx. The suite starts about 130 processes, and most of a
 * start is module loading, so each entry is one bundle: a start takes about half the time of the file-by-file
 * copy. Code splitting keeps the lazy `import()`s lazy (the MCP SDK, the OpenAI SDK, the offline model).
 * Packages with native code or worker files of their own stay outside the bundle. Each folder gets its own build
 * and its own copy of the embedding worker, because the worker pool finds `worker.js` beside the code that runs
 * it; `cli/` is two levels down, like `dist/cli/`, so the CLI still finds `package.json` at `../../`.
 * `npm test` type-checks with tsc before Vitest starts, and `npm run build` still emits the package with tsc.
 */
export default async function setup(): Promise<void> {
  const repo = fileURLToPath(new URL("../../", import.meta.url));
  const out = join(repo, TEST_DIST);
  rmSync(out, { recursive: true, force: true });
  const worker = join(repo, "src/embed/use-lite/worker.ts");
  const bundles: Record<string, Record<string, string>> = {
    cli: { main: join(repo, "src/cli/main.ts"), worker },
    support: { "ingest-child": join(repo, "test/support/ingest-child.ts"), "writer-child": join(repo, "test/support/writer-child.ts"), worker },
  };
  await Promise.all(
    Object.entries(bundles).map(([folder, entryPoints]) =>
      build({
        entryPoints,
        outdir: join(out, folder),
        bundle: true,
        splitting: true,
        format: "esm",
        platform: "node",
        target: "node20",
        external: ["libsql", "onnxruntime-node", "@tensorflow/*", "@energetic-ai/*", "tinypool"],
        // Bundled CommonJS dependencies (ws, for one) call `require` for Node's own modules.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
        sourcemap: true,
        logLevel: "warning",
      }),
    ),
  );
}
