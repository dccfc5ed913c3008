/**
 * PMTiles v3 tile ids: tiles are numbered zoom by zoom, and inside a zoom along a Hilbert curve, so
 * that tiles close on the map are close in the archive (and runs of identical tiles compress into
 * one directory entry).
 */

const MAX_ZOOM = 26; // 4^27 exceeds Number.MAX_SAFE_INTEGER

/** Number of tiles in all zoom levels below `z`: (4^z - 1) / 3. */
function tilesBelowZoom(z: number): number {
  return (4 ** z - 1) / 3;
}

export function zxyToTileId(z: number, x: number, y: number): number {
  if (!Number.isInteger(z) || z < 0 || z > MAX_ZOOM)
    throw new RangeError(`zoom ${z} out of range 0..${MAX_ZOOM}`);
  const n = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`tile ${z}/${x}/${y} outside its zoom level`);
  }
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve stays continuous (classic xy2d, over the whole n).
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      const t = tx;
      tx = ty;
      ty = t;
    }
  }
  return tilesBelowZoom(z) + d;
}

export function tileIdToZxy(tileId: number): [z: number, x: number, y: number] {
  if (!Number.isSafeInteger(tileId) || tileId < 0) throw new RangeError(`bad tile id ${tileId}`);
  let z = 0;
  while (z <= MAX_ZOOM && tilesBelowZoom(z + 1) <= tileId) z++;
  if (z > MAX_ZOOM) throw new RangeError(`tile id ${tileId} beyond zoom ${MAX_ZOOM}`);
  const n = 2 ** z;
  let t = tileId - tilesBelowZoom(z);
  let x = 0;
  let y = 0;
  for (let s = 1; s < n; s *= 2) {
    // Arithmetic rather than bitwise on t: ids pass 2^32 from zoom 16 on.
    const rx = Math.floor(t / 2) % 2;
    const ry = (t % 2) ^ rx;
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const tmp = x;
      x = y;
      y = tmp;
    }
    x += s * rx;
    y += s * ry;
    t = Math.floor(t / 4);
  }
  return [z, x, y];
}
