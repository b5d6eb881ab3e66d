import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { CONFIG_FILE, configTemplate } from "../config.js";
import { ExitError } from "../errors.js";
import { DEFAULT_COLLECTION, DEFAULT_DB } from "../options.js";
import { print } from "../output.js";

interface InitFlags {
  db?: string;
  collection?: string;
  embedder?: string;
  force?: boolean;
}

/** `libsql-rag init`: writes a commented `libsql-rag.config.json` in the working folder. */
export function initCommand(): Command {
  return new Command("init")
    .description(`write a commented ${CONFIG_FILE} here, which every command then reads (flags still win)`)
    .addOption(new Option("--db <url>", "database URL to record").default(DEFAULT_DB))
    .addOption(new Option("--collection <name>", "collection to record").default(DEFAULT_COLLECTION))
    .addOption(new Option("--embedder <spec>", "embedder to record: use-lite or openai:MODEL[@DIMS]").default("use-lite"))
    .addOption(new Option("--force", `overwrite an existing ${CONFIG_FILE}`))
    .action((flags: InitFlags) => {
      const path = resolve(CONFIG_FILE);
      if (existsSync(path) && !flags.force) throw new ExitError(`${path} exists already; pass --force to overwrite it.`, 1);
      writeFileSync(path, configTemplate({ db: flags.db!, collection: flags.collection!, embedder: flags.embedder! }));
      print(`Wrote ${path}. Every libsql-rag command run in this folder (or below it) now reads it.`);
    });
}
