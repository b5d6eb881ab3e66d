// Scan-cache snapshots on disk, beside a local database: `<database file>-scan/<collection table>.snapshot`.
// Node only (node:fs); openStore hands it to the store for `file:` databases.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { SnapshotFiles, SnapshotReader } from "../search/scan-cache/index.js";

/** The folder that holds the snapshots of the database at `dbPath`. */
export function snapshotFolder(dbPath: string): string {
  return `${dbPath}-scan`;
}

/** Snapshots of the database at `dbPath`; `readOnly` never writes or deletes one. */
export function snapshotFiles(dbPath: string, readOnly: boolean): SnapshotFiles {
  const folder = snapshotFolder(dbPath);
  // Table names are checked identifiers (letters, digits, underscores), so they are safe as file names.
  const file = (table: string) => join(folder, `${table}.snapshot`);
  return {
    reader(table) {
      let fd: number;
      try {
        fd = openSync(file(table), "r");
      } catch {
        return undefined;
      }
      return openReader(fd);
    },
    write(table, parts) {
      if (readOnly) return false;
      const temporary = `${file(table)}.${process.pid}.${Date.now()}.tmp`;
      let fd: number | undefined;
      try {
        mkdirSync(folder, { recursive: true });
        fd = openSync(temporary, "w");
        for (const part of parts) {
          for (let done = 0; done < part.byteLength; ) done += writeSync(fd, part, done, part.byteLength - done);
        }
        closeSync(fd);
        fd = undefined;
        renameSync(temporary, file(table));
        return true;
      } catch {
        if (fd !== undefined) closeSync(fd);
        rmSync(temporary, { force: true });
        return false;
      }
    },
    remove(table) {
      if (readOnly) return;
      try {
        rmSync(file(table), { force: true });
      } catch {
        // Left for the next full load to replace; a snapshot is always checked before use.
      }
    },
    bytes(table) {
      try {
        return statSync(file(table)).size;
      } catch {
        return 0;
      }
    },
  };
}

function openReader(fd: number): SnapshotReader {
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch {
    size = 0;
  }
  return {
    size,
    read(position, target) {
      try {
        for (let done = 0; done < target.byteLength; ) {
          const n = readSync(fd, target, done, target.byteLength - done, position + done);
          if (n === 0) return false;
          done += n;
        }
        return true;
      } catch {
        return false;
      }
    },
    close() {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    },
  };
}
