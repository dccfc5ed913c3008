/**
 * The printable exhibit page (a second Vite entry). It is opened by a browser engine that
 * prints it (Chromium through playwright-core in the CLI and tests, Electron's printToPDF in
 * the app), fetches its document from the local server that serves it, draws the map image,
 * lays out the pages, and reports on `window.__itineraExhibit` when it is ready to print.
 */
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-mono/400.css';
import './exhibit.css';
import {
  EXHIBIT_BASEMAP_PATH,
  EXHIBIT_DOCUMENT_PATH,
  EXHIBIT_PHOTO_PATH,
  type ExhibitDocument,
  type ExhibitPageStatus,
} from '../../shared/exhibit/document';
import { decodeWire } from '../../shared/wire';
import type { StyleSpecification } from 'maplibre-gl';
import { composeStyle } from '../src/basemaps/composeStyle';
import { FALLBACK_STYLE } from '../src/map/fallbackStyle';
import { registerBasemap, registerMbtilesProtocol } from '../src/map/basemapProtocol';
import { createAppStore } from '../src/store/store';
import { StoreProvider } from '../src/store/StoreContext';
import type { SourceEntry } from '../src/store/sourcesSlice';
import { thumbnailMarker } from '../src/photos/markerImages';
import { ExhibitPage } from './ExhibitPage';
import { readCanvasLimits, routeColourOf } from './MapImage';

declare global {
  interface Window {
    __itineraExhibit?: ExhibitPageStatus;
  }
}

function report(status: ExhibitPageStatus): void {
  window.__itineraExhibit = status;
  document.documentElement.dataset.exhibitState = status.state;
  if (status.state === 'error') console.error(`exhibit: ${status.message ?? 'failed'}`);
}

/** The renderer's root: the page is `exhibit/exhibit.html` under it. */
const ROOT = new URL('../', location.href);

function hostUrl(path: string): string {
  return new URL(path, ROOT).href;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The basemap, read through the serving host (byte ranges or tiles), and the style for it. */
function mapStyle(doc: ExhibitDocument): StyleSpecification {
  const info = doc.map.basemap;
  if (!info) return FALLBACK_STYLE;
  const api = {
    readBasemapRange: (req: { basemapId: string; offset: number; length: number }) =>
      fetchBytes(
        hostUrl(
          `${EXHIBIT_BASEMAP_PATH}/range?id=${encodeURIComponent(req.basemapId)}` +
            `&offset=${req.offset}&length=${req.length}`,
        ),
      ),
    readBasemapTile: (req: { basemapId: string; z: number; x: number; y: number }) =>
      fetchBytes(
        hostUrl(
          `${EXHIBIT_BASEMAP_PATH}/tile?id=${encodeURIComponent(req.basemapId)}` +
            `&z=${req.z}&x=${req.x}&y=${req.y}`,
        ),
      ),
  };
  if (info.kind === 'pmtiles') registerBasemap(api, info);
  else registerMbtilesProtocol(api);
  return composeStyle(info, doc.mapStyle, null) ?? FALLBACK_STYLE;
}

/** The store the photo layer reads (it is joined to the app's store like every map layer). */
function exhibitStore(doc: ExhibitDocument) {
  const store = createAppStore({ locale: 'en' });
  const entries: SourceEntry[] = doc.map.routes.map((r) => ({
    kind: 'source',
    key: r.key,
    path: r.source.label,
    source: r.source,
    colour: routeColourOf(r),
    demo: false,
  }));
  store.setState({
    entries,
    photoTracks: doc.map.photoTracks,
    cameraClocks: doc.map.cameraClocks,
    timeRange: doc.map.timeRange,
  });
  store.setState((s) => ({
    timelineSettings: { ...s.timelineSettings, perSource: doc.map.perSource },
  }));
  return store;
}

/** Thumbnails decoded at most; past it a photo keeps the camera placeholder (10,000 photos). */
const MAX_THUMBNAILS = 1500;
const THUMBNAIL_FETCHES = 6;

/**
 * Every photo marker decoded before the map is drawn: a thumbnail the host serves for a photo
 * of this exhibit (its embedded preview or the small JPEG itself). A photo whose picture cannot
 * be read keeps the camera placeholder; that is no reason to fail the exhibit.
 */
async function loadPhotoMarkers(doc: ExhibitDocument): Promise<Map<string, ImageData>> {
  const out = new Map<string, ImageData>();
  if (!doc.show.photos) return out;
  const wanted = (doc.map.photos ?? [])
    .filter((p) => p.thumbnail && p.position === 'own')
    .slice(0, MAX_THUMBNAILS);
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const photo = wanted[next++]!;
      try {
        const response = await fetch(
          hostUrl(`${EXHIBIT_PHOTO_PATH}?key=${encodeURIComponent(photo.key)}`),
        );
        if (!response.ok) continue;
        const bitmap = await createImageBitmap(await response.blob());
        out.set(photo.key, thumbnailMarker(bitmap));
        bitmap.close();
      } catch (err) {
        console.warn(`exhibit: no thumbnail for photo ${photo.key}`, err);
      }
    }
  };
  await Promise.all(Array.from({ length: THUMBNAIL_FETCHES }, worker));
  return out;
}

async function start(): Promise<void> {
  report({ state: 'loading' });
  const response = await fetch(hostUrl(EXHIBIT_DOCUMENT_PATH));
  if (!response.ok) throw new Error(`the exhibit document: HTTP ${response.status}`);
  const text = await response.text();
  const doc = decodeWire(text) as ExhibitDocument;
  document.documentElement.lang = doc.lang;
  document.title = doc.title;
  // The sheets are exactly one printed page each; the engine adds no margins of its own.
  const page = document.createElement('style');
  page.textContent = `@page { size: ${doc.page.widthMm}mm ${doc.page.heightMm}mm; margin: 0; }`;
  document.head.append(page);
  await Promise.allSettled([
    document.fonts.load('400 10pt "Noto Sans"'),
    document.fonts.load('700 10pt "Noto Sans"'),
    document.fonts.load('400 10pt "Noto Sans Mono"'),
  ]);
  await document.fonts.ready;
  const maxTile = Number(new URLSearchParams(location.search).get('maxTile') ?? NaN);
  const limits = readCanvasLimits(Number.isFinite(maxTile) && maxTile > 0 ? maxTile : undefined);
  const photoImages = await loadPhotoMarkers(doc);
  const root = createRoot(document.getElementById('exhibit')!);
  root.render(
    <StoreProvider store={exhibitStore(doc)}>
      <ExhibitPage
        doc={doc}
        style={mapStyle(doc)}
        limits={limits}
        onStatus={report}
        photoImages={photoImages}
      />
    </StoreProvider>,
  );
}

start().catch((err: unknown) => {
  report({ state: 'error', message: err instanceof Error ? err.message : String(err) });
});
