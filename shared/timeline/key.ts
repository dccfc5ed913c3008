/** Stable stop identities: a short hash, so keys survive re-derivation and fit in an edit log. */

/** FNV-1a, 32 bit, as 8 hex digits: deterministic on every platform. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The key of a stop whose earliest evidence is `sourceId` at `t`. */
export function stopKeyOf(sourceId: string, t: number): string {
  return `s${fnv1a(`${sourceId}|${Math.round(t)}`)}`;
}
