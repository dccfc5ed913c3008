/**
 * Named points in the import → draw path (`itinera:<name>` in the page's performance
 * timeline), so the map bench can tell intake, transfer, store and map apart. A mark costs
 * microseconds; nothing in the app reads them.
 */
export function markPhase(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') {
    performance.mark(`itinera:${name}`);
  }
}
