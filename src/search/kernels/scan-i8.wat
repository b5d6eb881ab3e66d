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
        (br $rows)))))
