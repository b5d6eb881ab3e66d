import { RagError } from "../errors.js";

/** Levenshtein distance, case-insensitive, so that `authtoken` is 0 edits from `authToken`. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length]!;
}

/** The known key nearest to `key`, when it is near enough to be a likely typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Throws `INVALID_ARGUMENT` for a key of `options` that is not in `known`, naming the closest known key.
 * An unknown key is almost always a typo (`authtoken`) whose silent loss would, say, open `./rag.db`
 * instead of the server meant.
 */
export function checkOptionKeys(options: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closestKey(key, known);
    throw new RagError(
      "INVALID_ARGUMENT",
      `${where}: unknown option ${JSON.stringify(key)}. ${near ? `Did you mean ${JSON.stringify(near)}? ` : ""}Known options: ${known.join(", ")}.`,
      { details: { key, ...(near ? { suggestion: near } : {}) } },
    );
  }
}
