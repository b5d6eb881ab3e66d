/**
 * `fn` with its results kept, keyed by its argument, for as long as the returned function is: a promise is kept
 * too, so that callers asking at once share one read.
 */
export function memoized<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}
