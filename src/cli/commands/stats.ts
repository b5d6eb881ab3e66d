import { Command } from "commander";
import { openExisting, withStore } from "../context.js";
import { collectionOption, dbOption, jsonOption } from "../options.js";
import { bytes, print, printJson } from "../output.js";

interface StatsFlags {
  db?: string;
  collection: string;
  json?: boolean;
}

export function statsCommand(): Command {
  return new Command("stats")
    .description("show a collection's settings, counts and size on disk")
    .addOption(dbOption())
    .addOption(collectionOption())
    .addOption(jsonOption())
    .action((flags: StatsFlags) => runStats(flags));
}

async function runStats(flags: StatsFlags): Promise<void> {
  await withStore(
    flags,
    async (store) => {
      const stats = await (await openExisting(store, flags.collection)).stats();
      if (flags.json) {
        printJson({ db: store.url, ...stats });
        return;
      }
      const by = stats.bytesBy;
      const lines: Array<[string, string]> = [
        ["collection", stats.name],
        ["database", store.url],
        ["records", String(stats.rows)],
        ["documents", String(stats.documents)],
        ["embedder", stats.embedderId ?? "(none recorded)"],
        ["vectors", `${stats.dimensions}-d ${stats.vectorType}, ${stats.metric}`],
        ["vector index", stats.index === false ? "none (exact search only)" : JSON.stringify(stats.index)],
        [
          "size",
          by
            ? `${bytes(stats.bytes)} (table ${bytes(by.table)}, vector index ${bytes(by.vectorIndex)}, full text ${bytes(by.fullText)}, other ${bytes(by.other)})`
            : bytes(stats.bytes),
        ],
        ["vector payload", bytes(stats.vectorBytes)],
        ["created", stats.createdAt],
      ];
      const width = Math.max(...lines.map(([key]) => key.length));
      for (const [key, value] of lines) print(`${key.padEnd(width)}  ${value}`);
    },
    { readOnly: true },
  );
}
