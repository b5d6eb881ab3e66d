/**
 * The `count` best live slots (that `accept` takes, when given) and their scores. Scores are `dots[i]`, or
 * `2·dots[i]·inv − norms[i]` when `norms` is given. A min-heap of the best so far keeps it O(n + m log count).
 */
export function topSlots(
  dots: Int32Array,
  used: number,
  count: number,
  rids: Float64Array,
  norms: Float32Array | undefined,
  inv: number,
  accept?: (slot: number) => boolean,
): { slots: Int32Array; scores: Float64Array } {
  const heapScore = new Float64Array(count);
  const heapSlot = new Int32Array(count);
  let size = 0;
  for (let i = 0; i < used; i++) {
    const rid = rids[i]!;
    if (Number.isNaN(rid)) continue; // a free slot
    const score = norms === undefined ? dots[i]! : 2 * dots[i]! * inv - norms[i]!;
    // The score test is cheap; the filter runs only for rows that would make the cut.
    if (size === count && score <= heapScore[0]!) continue;
    if (accept !== undefined && !accept(i)) continue;
    if (size < count) {
      let j = size++;
      heapScore[j] = score;
      heapSlot[j] = i;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (heapScore[p]! <= heapScore[j]!) break;
        swap(heapScore, heapSlot, p, j);
        j = p;
      }
    } else {
      heapScore[0] = score;
      heapSlot[0] = i;
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && heapScore[r]! < heapScore[l]! ? r : l;
        if (heapScore[c]! >= heapScore[j]!) break;
        swap(heapScore, heapSlot, c, j);
        j = c;
      }
    }
  }
  return { slots: heapSlot.subarray(0, size), scores: heapScore.subarray(0, size) };
}

function swap(scores: Float64Array, slots: Int32Array, a: number, b: number): void {
  const s = scores[a]!;
  scores[a] = scores[b]!;
  scores[b] = s;
  const t = slots[a]!;
  slots[a] = slots[b]!;
  slots[b] = t;
}
