import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { glob } from "tinyglobby";

/** Where the suite's compiled copy of `src/` lives (git-ignored). The CLI tests run `cli/main.js` from there. */
export const TEST_DIST = ".test-dist";

/**
 * Vitest global setup: turns `src/` into JavaScript once, so the CLI tests start `node .test-dist/cli/main.js`
 * (0.9 s a run here) instead of compiling the TypeScript on every start with tsx (2.6 s); the suite spawns the
 * CLI about a hundred times. esbuild strips the types file by file (under a second; tsc took 14 s), which is
 * all the tests need: `npm test` type-checks with tsc before Vitest starts, and `npm run build` still emits
 * with tsc.
 */
export default async function setup(): Promise<void> {
  const repo = fileURLToPath(new URL("../../", import.meta.url));
  const out = `${repo}${TEST_DIST}`;
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: await glob("src/**/*.ts", { cwd: repo, absolute: true, ignore: ["**/*.d.ts"] }),
    outdir: out,
    outbase: `${repo}src`,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
  });
}
