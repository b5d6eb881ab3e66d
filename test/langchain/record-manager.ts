import { RecordManager, type ListKeyOptions, type UpdateOptions } from "@langchain/core/indexing";

/**
 * An in-memory record manager for LangChain's `index()`, with a logical clock. `@langchain/core` ships none,
 * and `@langchain/community`'s `InMemoryRecordManager` uses `Date.now()` with an inclusive `before`, so a run
 * that finishes within one millisecond can list the keys it just wrote as stale. Each `getTime()` here is a
 * new tick, and `before` is strict, as in LangChain's SQL record manager.
 */
export class TestRecordManager extends RecordManager {
  override lc_namespace = ["libsql_rag", "test", "record_manager"];
  private clock = 0;
  readonly records = new Map<string, { updatedAt: number; groupId: string | null }>();

  async createSchema(): Promise<void> {}

  async getTime(): Promise<number> {
    this.clock += 1;
    return this.clock;
  }

  async update(keys: string[], options: UpdateOptions = {}): Promise<void> {
    const now = await this.getTime();
    if (options.timeAtLeast !== undefined && now < options.timeAtLeast) throw new Error(`clock went backwards: ${now} < ${options.timeAtLeast}`);
    const groups = options.groupIds ?? keys.map(() => null);
    if (groups.length !== keys.length) throw new Error(`${keys.length} keys but ${groups.length} group ids`);
    keys.forEach((key, i) => this.records.set(key, { updatedAt: now, groupId: groups[i] ?? this.records.get(key)?.groupId ?? null }));
  }

  async exists(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.records.has(key));
  }

  async listKeys(options: ListKeyOptions = {}): Promise<string[]> {
    const { before, after, groupIds, limit } = options;
    const keys = [...this.records]
      .filter(([, r]) => (before === undefined || r.updatedAt < before) && (after === undefined || r.updatedAt > after))
      .filter(([, r]) => groupIds === undefined || groupIds.includes(r.groupId))
      .map(([key]) => key);
    return limit === undefined ? keys : keys.slice(0, limit);
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (const key of keys) this.records.delete(key);
  }
}
