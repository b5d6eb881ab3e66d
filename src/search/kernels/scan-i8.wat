(module
  (memory (export "memory") 1)
  ;; scores[i] = sum_j codes[i*dp + j] * weights[j]   (int8 codes, int16 weights, int32 sums)
  (func (export "scan") (param $codes i32) (param $n i32) (param $dp i32) (param $weights i32) (param $out i32)
    (local $row i32) (local $end i32) (local $j i32) (local $acc v128) (local $a v128) (local $w i32)
    (local.set $end (i32.add (local.get $codes) (i32.mul (local.get $n) (local.get $dp))))
    (local.set $row (local.get $codes))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (local.set $w (local.get $weights))
        (loop $cols
          (local.set $a (v128.load (i32.add (local.get $row) (local.get $j))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $a)) (v128.load (local.get $w)))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $a)) (v128.load offset=16 (local.get $w)))))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $dp))))
        (i32.store (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $row (i32.add (local.get $row) (local.get $dp)))
        (br $rows))))
  ;; The same dot products for the rows listed in idx (m slot numbers, i32): out[i] = codes[idx[i]*dp ..] · weights.
  (func (export "scan_at") (param $codes i32) (param $idx i32) (param $m i32) (param $dp i32) (param $weights i32) (param $out i32)
    (local $i i32) (local $row i32) (local $j i32) (local $acc v128) (local $a v128) (local $w i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row (i32.add (local.get $codes)
          (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $dp))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (local.set $w (local.get $weights))
        (loop $cols
          (local.set $a (v128.load (i32.add (local.get $row) (local.get $j))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $a)) (v128.load (local.get $w)))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $a)) (v128.load offset=16 (local.get $w)))))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $dp))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
  ;; Hamming distances of n rows of 1-bit codes (bp bytes each, a multiple of 16, at most 496) to the query's
  ;; bits: dist[i] = popcount(bits[i] xor q), as u16. Per-byte counts add up to 8 per 16-byte chunk, so 31 chunks
  ;; fit a byte lane before widening. Rows go four at a time: each row's byte counts widen to four i32 sums, and
  ;; the four rows' sums are transposed and added, so one vector holds four distances (a horizontal sum per row
  ;; costs more than the popcounts at 384 dimensions). The last n mod 4 rows go one at a time.
  (func (export "hamming") (param $bits i32) (param $n i32) (param $bp i32) (param $q i32) (param $dist i32)
    (local $row i32) (local $end i32) (local $end4 i32) (local $j i32) (local $p i32) (local $acc v128)
    (local $x v128) (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $ab v128) (local $cd v128)
    (local.set $end (i32.add (local.get $bits) (i32.mul (local.get $n) (local.get $bp))))
    (local.set $end4 (i32.add (local.get $bits) (i32.mul (i32.and (local.get $n) (i32.const -4)) (local.get $bp))))
    (local.set $row (local.get $bits))
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.ge_u (local.get $row) (local.get $end4)))
        (local.set $a (v128.const i32x4 0 0 0 0))
        (local.set $b (v128.const i32x4 0 0 0 0))
        (local.set $c (v128.const i32x4 0 0 0 0))
        (local.set $d (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $cols4
          (local.set $x (v128.load (i32.add (local.get $q) (local.get $j))))
          (local.set $p (i32.add (local.get $row) (local.get $j)))
          (local.set $a (i8x16.add (local.get $a) (i8x16.popcnt (v128.xor (v128.load (local.get $p)) (local.get $x)))))
          (local.set $p (i32.add (local.get $p) (local.get $bp)))
          (local.set $b (i8x16.add (local.get $b) (i8x16.popcnt (v128.xor (v128.load (local.get $p)) (local.get $x)))))
          (local.set $p (i32.add (local.get $p) (local.get $bp)))
          (local.set $c (i8x16.add (local.get $c) (i8x16.popcnt (v128.xor (v128.load (local.get $p)) (local.get $x)))))
          (local.set $p (i32.add (local.get $p) (local.get $bp)))
          (local.set $d (i8x16.add (local.get $d) (i8x16.popcnt (v128.xor (v128.load (local.get $p)) (local.get $x)))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols4 (i32.lt_u (local.get $j) (local.get $bp))))
        (local.set $a (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $a))))
        (local.set $b (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $b))))
        (local.set $c (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $c))))
        (local.set $d (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $d))))
        ;; ab = (a0+a2, a1+a3, b0+b2, b1+b3), cd alike; then (a, b, c, d) = (ab0+ab1, ab2+ab3, cd0+cd1, cd2+cd3)
        (local.set $ab (i32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))
        (local.set $cd (i32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $c) (local.get $d))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c) (local.get $d))))
        (local.set $x (i32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ab) (local.get $cd))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ab) (local.get $cd))))
        (i64.store (local.get $dist) (i64x2.extract_lane 0 (i16x8.narrow_i32x4_u (local.get $x) (local.get $x))))
        (local.set $dist (i32.add (local.get $dist) (i32.const 8)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $bp) (i32.const 2))))
        (br $rows4)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $cols
          (local.set $acc (i8x16.add (local.get $acc) (i8x16.popcnt
            (v128.xor (v128.load (i32.add (local.get $row) (local.get $j))) (v128.load (i32.add (local.get $q) (local.get $j)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $bp))))
        (local.set $acc (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
        (local.set $acc (i32x4.add (local.get $acc) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc) (local.get $acc))))
        (i32.store16 (local.get $dist) (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc))))
        (local.set $dist (i32.add (local.get $dist) (i32.const 2)))
        (local.set $row (i32.add (local.get $row) (local.get $bp)))
        (br $rows))))
  ;; hist[d] (i32) += 1 for the distance d of every step-th row: the distribution of distances, from a sample.
  (func (export "histogram") (param $dist i32) (param $n i32) (param $step i32) (param $hist i32)
    (local $i i32) (local $h i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add (local.get $hist)
          (i32.shl (i32.load16_u (i32.add (local.get $dist) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 2))))
        (i32.store (local.get $h) (i32.add (i32.load (local.get $h)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (local.get $step)))
        (br $rows))))
  ;; Writes to out (i32) the index of every row whose distance is below t, and of the first `quota` rows at t,
  ;; stopping at max rows; returns how many it wrote.
  (func (export "select") (param $dist i32) (param $n i32) (param $t i32) (param $quota i32) (param $out i32) (param $max i32) (result i32)
    (local $i i32) (local $d i32) (local $c i32) (local $tv v128)
    (local.set $tv (i16x8.splat (local.get $t)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $done (i32.ge_u (local.get $c) (local.get $max)))
        ;; At each multiple of 8, skip the next 8 rows at once when none is at or below t (most are not).
        (if (i32.and (i32.eqz (i32.and (local.get $i) (i32.const 7))) (i32.le_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
          (then
            (if (i32.eqz (i16x8.bitmask (i16x8.le_u
                  (v128.load (i32.add (local.get $dist) (i32.shl (local.get $i) (i32.const 1)))) (local.get $tv))))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (br $rows)))))
        (local.set $d (i32.load16_u (i32.add (local.get $dist) (i32.shl (local.get $i) (i32.const 1)))))
        (if (i32.or (i32.lt_u (local.get $d) (local.get $t))
                    (i32.and (i32.eq (local.get $d) (local.get $t)) (i32.gt_s (local.get $quota) (i32.const 0))))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))) (local.get $i))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (if (i32.eq (local.get $d) (local.get $t)) (then (local.set $quota (i32.sub (local.get $quota) (i32.const 1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $c)))
