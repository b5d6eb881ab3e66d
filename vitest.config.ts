import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/helpers/build-cli.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker per core minus one: a single worker here. Much of the suite waits on child
    // processes, servers and disk, so two files at a time on two cores finish in about half the time.
    maxWorkers: 2,
  },
});
