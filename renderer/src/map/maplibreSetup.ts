/**
 * MapLibre 6 loads its worker as an ES module next to its own script, but only from an
 * http(s) page; under `app://` it finds none. Point it at the bundled copy of the worker:
 * Vite emits it as a same-origin asset, which the CSP's `worker-src 'self'` allows.
 */
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

let done = false;

export function setUpMapLibre(): void {
  if (done) return;
  done = true;
  setWorkerUrl(new URL(workerUrl, document.baseURI).href);
}
