/**
 * `fn` with its results kept, keyed by its argument, for as long as the returned function is: a promise is kept
 * too, so that callers asking at once share one read.
 */
export function memoized<T>(fn: (key: string) => T): (key: string) => T {
  return keptIn(new Map<string, T>(), fn);
}

/**
 * `fn` with its result kept per object for as long as the object lives (a `WeakMap`): a fact of a parsed page's
 * element (a table's, a list's, a parent's), found once however many of its children ask.
 */
export function memoizedPer<K extends object, T>(fn: (key: K) => T): (key: K) => T {
  return keptIn(new WeakMap<K, T>(), fn);
}

/** `fn`, each result kept in `cache` under its argument (a result of `undefined` is asked for again). */
function keptIn<K, T>(cache: { get(key: K): T | undefined; set(key: K, value: T): unknown }, fn: (key: K) => T): (key: K) => T {
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}
