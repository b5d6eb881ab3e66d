// Compiles src/search/kernels/*.wat to WebAssembly and writes each as a base64 TypeScript module next to it.
// Usage: npx tsx scripts/build-kernels.ts [--check]   (--check fails when a generated file is stale)
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { compileWat, kernelModuleSource } from "./kernels.js";

const dir = join("src", "search", "kernels");
const check = process.argv.includes("--check");
let stale = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".wat"))) {
  const wasm = await compileWat(join(dir, file));
  const target = join(dir, file.replace(/\.wat$/, ".wasm.ts"));
  const source = kernelModuleSource(file, wasm);
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current === source) continue;
  if (check) {
    console.error(`${target} is stale; run: npx tsx scripts/build-kernels.ts`);
    stale++;
  } else {
    writeFileSync(target, source);
    console.log(`wrote ${target} (${wasm.byteLength} bytes of WebAssembly)`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
