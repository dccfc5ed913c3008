/**
 * Douglas–Peucker line simplification over columnar coordinates, iterative (an explicit stack,
 * so a million points cannot overflow the call stack) and deterministic (ties go to the first
 * point).
 *
 * Rather than simplifying once per tolerance, `dpImportance` runs the algorithm to the end
 * and records, for every point, the largest tolerance at which it is still kept. Keeping the
 * points whose importance exceeds a tolerance then gives exactly what Douglas–Peucker with
 * that tolerance gives, so one pass serves every zoom level.
 */

/** Squared distance from P to the segment AB (to A when A and B coincide). */
export function segmentDistanceSq(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  let dx = bx - ax;
  let dy = by - ay;
  let x = ax;
  let y = ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

/**
 * Importance of each point of the polyline `order[from..to)` (indices into `x`/`y`), written
 * to `out[from..to)`: both ends get Infinity; an inner point gets its distance to the chord
 * that selected it, capped by the importance of the point that split its parent range (a
 * point is only reached when its parent was kept). Point k survives Douglas–Peucker with
 * tolerance `tol` iff `out[k] > tol`.
 */
export function dpImportance(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  order: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const n = to - from;
  if (n <= 0) return;
  out[from] = Infinity;
  out[to - 1] = Infinity;
  if (n <= 2) return;
  // Ranges on the stack are disjoint and each has an inner point: at most n / 2 of them.
  const capacity = (n >> 1) + 2;
  const stackA = new Int32Array(capacity);
  const stackB = new Int32Array(capacity);
  const stackCap = new Float64Array(capacity);
  let top = 0;
  stackA[0] = from;
  stackB[0] = to - 1;
  stackCap[0] = Infinity;
  top = 1;
  while (top > 0) {
    top -= 1;
    const a = stackA[top]!;
    const b = stackB[top]!;
    const cap = stackCap[top]!;
    const ia = order[a]!;
    const ib = order[b]!;
    const ax = x[ia]!;
    const ay = y[ia]!;
    const bx = x[ib]!;
    const by = y[ib]!;
    let maxSq = -1;
    let split = a + 1;
    for (let k = a + 1; k < b; k++) {
      const i = order[k]!;
      const d = segmentDistanceSq(x[i]!, y[i]!, ax, ay, bx, by);
      if (d > maxSq) {
        maxSq = d;
        split = k;
      }
    }
    if (maxSq <= 0) {
      // Every inner point lies on the chord: none is ever needed.
      out.fill(0, a + 1, b);
      continue;
    }
    const importance = Math.min(Math.sqrt(maxSq), cap);
    out[split] = importance;
    if (split - a > 1) {
      stackA[top] = a;
      stackB[top] = split;
      stackCap[top] = importance;
      top += 1;
    }
    if (b - split > 1) {
      stackA[top] = split;
      stackB[top] = b;
      stackCap[top] = importance;
      top += 1;
    }
  }
}

/**
 * Douglas–Peucker with a tolerance (same units as x and y) over all points: the indices of
 * the points kept, ascending; both ends are always kept.
 */
export function simplify(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  tolerance: number,
): Int32Array {
  const n = Math.min(x.length, y.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const importance = new Float64Array(n);
  dpImportance(x, y, order, 0, n, importance);
  let kept = 0;
  for (let i = 0; i < n; i++) if (importance[i]! > tolerance) kept++;
  const result = new Int32Array(kept);
  let j = 0;
  for (let i = 0; i < n; i++) if (importance[i]! > tolerance) result[j++] = i;
  return result;
}
