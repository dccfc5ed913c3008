/**
 * The renderer's only way to the Node side: `window.itinera`, exposed by the Electron
 * preload or by the end-to-end test host's injected bridge.
 */
import type { ItineraApi } from '../../shared/api';

declare global {
  interface Window {
    itinera?: ItineraApi;
    /** Set by the end-to-end tests before the page loads; exposes the map for inspection. */
    __ITINERA_E2E__?: boolean;
    __itineraMap?: unknown;
    /** E2E only: whether the map is drawn at its lower motion resolution right now. */
    __itineraMapReduced?: () => boolean;
  }
}

export function bridge(): ItineraApi | null {
  return window.itinera ?? null;
}

export function requireBridge(): ItineraApi {
  const api = window.itinera;
  if (!api) throw new Error('window.itinera is not available');
  return api;
}
