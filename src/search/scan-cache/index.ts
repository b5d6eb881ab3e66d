// The scan cache as the rest of the library uses it; the kernel, row layout and heap stay inside the folder.
export { ScanCache } from "./scan-cache.js";
export type { ScanCacheOptions, ScanCacheState } from "./settings.js";
export type { SnapshotFiles, SnapshotReader } from "./snapshot.js";
