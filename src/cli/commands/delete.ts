import { Command, Option } from "commander";
import { RagError } from "../../errors.js";
import { matchesEverything, parseFilter, type Filter } from "../../filter/index.js";
import { openExisting, withStore } from "../context.js";
import { UsageError } from "../errors.js";
import { collectIds, collectionOption, dbOption, filterOption, jsonOption } from "../options.js";
import { print, printJson } from "../output.js";

interface DeleteFlags {
  db?: string;
  collection: string;
  ids?: string[];
  filter?: Filter;
  all?: boolean;
  drop?: boolean;
  json?: boolean;
}

const SELECTORS = ["ids", "filter", "all", "drop"] as const;

export function deleteCommand(): Command {
  const exclusive = (name: (typeof SELECTORS)[number]) => SELECTORS.filter((s) => s !== name);
  return new Command("delete")
    .description("delete records by id or filter, every record, or the whole collection")
    .addOption(dbOption())
    .addOption(collectionOption({ required: true }))
    .addOption(new Option("--ids <ids>", "comma-separated record ids (repeatable)").argParser(collectIds).conflicts(exclusive("ids")))
    .addOption(filterOption().conflicts(exclusive("filter")))
    .addOption(new Option("--all", "delete every record but keep the collection").conflicts(exclusive("all")))
    .addOption(new Option("--drop", "remove the collection with its tables and indexes").conflicts(exclusive("drop")))
    .addOption(jsonOption())
    .action((flags: DeleteFlags) => runDelete(flags));
}

async function runDelete(flags: DeleteFlags): Promise<void> {
  const name = flags.collection;
  if (!SELECTORS.some((s) => flags[s] !== undefined)) {
    throw new UsageError(`delete needs one of --ids, --filter, --all or --drop; refusing to guess what to delete from "${name}".`);
  }
  if (flags.filter !== undefined && matchesEverything(parseFilter(flags.filter))) {
    throw new UsageError(`--filter ${JSON.stringify(flags.filter)} matches every record of "${name}"; use --all to delete everything.`);
  }
  await withStore(flags, async (store) => {
    if (flags.drop) {
      if (!(await store.dropCollection(name))) {
        throw new RagError("NOT_FOUND", `Collection ${JSON.stringify(name)} does not exist in ${store.url}; nothing was dropped.`);
      }
      if (flags.json) printJson({ db: store.url, collection: name, dropped: true });
      else print(`Dropped collection "${name}".`);
      return;
    }
    const collection = await openExisting(store, name);
    const deleted = await collection.delete(flags.ids !== undefined ? { ids: flags.ids } : flags.all ? { all: true } : { filter: flags.filter! });
    if (flags.json) printJson({ db: store.url, collection: name, deleted });
    else print(`Deleted ${deleted} record${deleted === 1 ? "" : "s"} from "${name}".`);
  });
}
