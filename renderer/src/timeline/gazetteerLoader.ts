/**
 * Fetches the bundled gazetteer once, from the app's own origin (never a remote one: the
 * URL is built by Vite next to the app's scripts). A missing or unreadable file only costs
 * place names: the timeline is derived without them and says nothing it does not know.
 */
import type { Gazetteer } from '../../../shared/timeline/types';

/** Where the build puts the gazetteer; null where it cannot be served (unit tests). */
export function bundledGazetteerUrl(): string | null {
  try {
    const url = new URL('../../../assets/gazetteer/places.bin', import.meta.url);
    return url.protocol === 'file:' ? null : url.href;
  } catch {
    return null;
  }
}

export function gazetteerLoader(
  parse: (bytes: Uint8Array) => Gazetteer,
): (url: string | null) => Promise<Gazetteer | null> {
  let loaded: Promise<Gazetteer | null> | null = null;
  return (url) => {
    loaded ??= url
      ? fetch(url)
          .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))))
          .then((bytes) => parse(new Uint8Array(bytes)))
          .catch((err: unknown) => {
            console.warn('gazetteer not available; places stay unnamed', err);
            return null;
          })
      : Promise.resolve(null);
    return loaded;
  };
}
