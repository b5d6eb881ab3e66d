import { Command } from "commander";
import { withStore } from "../context.js";
import { dbOption, jsonOption } from "../options.js";
import { formatTable, print, printJson } from "../output.js";

interface CollectionsFlags {
  db?: string;
  json?: boolean;
}

export function collectionsCommand(): Command {
  return new Command("collections")
    .description("list the collections in the database, with their record counts")
    .addOption(dbOption())
    .addOption(jsonOption())
    .action((flags: CollectionsFlags) => runCollections(flags));
}

async function runCollections(flags: CollectionsFlags): Promise<void> {
  await withStore(
    flags,
    async (store) => {
      const infos = await store.listCollections();
      const collections = [];
      for (const info of infos) {
        const rows = await (await store.collection(info.name)).count();
        collections.push({ ...info, rows });
      }
      if (flags.json) {
        printJson({ db: store.url, collections });
        return;
      }
      if (collections.length === 0) {
        print(`No collections in ${store.url}.`);
        return;
      }
      print(
        formatTable(
          ["name", "rows", "dims", "embedder", "vectors", "metric", "created"],
          collections.map((c) => [c.name, String(c.rows), String(c.dimensions), c.embedderId ?? "-", c.vectorType, c.metric, c.createdAt]),
          ["left", "right", "right"],
        ),
      );
    },
    { readOnly: true },
  );
}
