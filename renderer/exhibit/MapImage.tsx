/**
 * The exhibit's map image: the evidence drawn by the app's own layer components on an
 * off-screen map at the exhibit's resolution, read back and shown as one image. When the
 * image needs more pixels than one WebGL draw can give (checked against the context's limits
 * and again against the drawing buffer actually obtained, since browsers clamp silently), it
 * is drawn tile by tile from the same view and stitched.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { GeoJSONSource, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type {
  ExhibitDocument,
  ExhibitMapRoute,
  ExhibitPageStatus,
} from '../../shared/exhibit/document';
import { routeColour } from '../src/map/palette';
import { planMapTiles, type CanvasLimits, type TileRect } from '../../shared/exhibit/tiles';
import { tileCenter, type Camera } from '../../shared/exhibit/view';
import type { TimelineEntry } from '../../shared/timeline/types';
import { RouteLayer, routeLayerIds } from '../src/map/RouteLayer';
import { StopLayer } from '../src/map/StopLayer';
import { AccuracyLayer } from '../src/map/layers/AccuracyLayer';
import { EventLayer } from '../src/map/layers/EventLayer';
import type { LayerSource } from '../src/map/layers/evidenceFeatures';
import { ExhibitPhotoLayer } from './ExhibitPhotoLayer';
import { ExhibitTestimonyLayer } from './ExhibitTestimonyLayer';
import { OffscreenMap } from './OffscreenMap';

/** Extra CSS px drawn around each tile, so a marker or label at a seam is drawn whole. */
const TILE_OVERLAP = 64;
/** A route built in a worker may take this long before the image is drawn without it. */
const ROUTE_WAIT_MS = 120_000;
/** The route layer rebuilds its level of detail this long after a move (RouteLayer: 60 ms). */
const AFTER_MOVE_MS = 150;

export type MapImageInfo = NonNullable<ExhibitPageStatus['map']>;

export interface MapImageProps {
  doc: ExhibitDocument;
  style: StyleSpecification;
  camera: Camera;
  /** CSS px of the box the image fills. */
  width: number;
  height: number;
  limits: CanvasLimits;
  onDone: (info: MapImageInfo) => void;
  onError: (message: string) => void;
  alt: string;
  /** Decoded photo markers by `ExhibitMapPhoto.key` (main.tsx loads them before drawing). */
  photoImages: ReadonlyMap<string, ImageData>;
}

export function routeColourOf(route: ExhibitMapRoute): string {
  return route.colour ?? routeColour(route.colourIndex);
}

const stopEntryId = (entry: TimelineEntry) =>
  entry.type === 'stop' ? `stop:${entry.key}` : `${entry.type}:${entry.start}`;

export function MapImage(props: MapImageProps) {
  const { doc, style, camera, width, height, limits, alt } = props;
  const [image, setImage] = useState<string | null>(null);
  const pixelRatio = doc.dpi / 96;
  const callbacks = useRef(props);
  callbacks.current = props;

  const firstPlan = useMemo(
    () => planWithOverlap(width, height, pixelRatio, limits),
    [width, height, pixelRatio, limits],
  );
  const first = firstPlan.tiles[0]!;

  const layerSources = useMemo<LayerSource[]>(
    () =>
      doc.map.routes.map((r) => ({
        key: r.key,
        source: r.source,
        colour: routeColourOf(r),
        clockOffsetMs: doc.map.perSource[r.source.id]?.clockOffsetMs ?? 0,
      })),
    [doc],
  );

  const onReady = useCallback(
    (map: MapLibreMap) => {
      drawImage(map, doc, camera, width, height, pixelRatio, limits).then(
        ({ url, info }) => {
          setImage(url);
          callbacks.current.onDone(info);
        },
        (err: unknown) =>
          callbacks.current.onError(err instanceof Error ? err.message : String(err)),
      );
    },
    [doc, camera, width, height, pixelRatio, limits],
  );
  const onError = useCallback((message: string) => callbacks.current.onError(message), []);

  const show = doc.show;
  const timeRange = doc.map.timeRange;
  const testimony = show.testimony ? doc.map.testimony : undefined;
  const testimonyLayer = testimony ? (
    <ExhibitTestimonyLayer pins={testimony.pins} sketches={testimony.sketches} />
  ) : null;
  // On an interview map the pins are the subject: drawn over the device evidence's stops.
  const pinsOnTop = doc.kind === 'interview';
  return (
    <>
      {image ? (
        <img className="map-image" src={image} alt={alt} width={width} height={height} />
      ) : null}
      {image
        ? null
        : createPortal(
            <div className="offscreen-host">
              <OffscreenMap
                style={style}
                width={first.width + 2 * firstPlan.overlap}
                height={first.height + 2 * firstPlan.overlap}
                camera={{ center: tileCenter(camera, width, height, first), zoom: camera.zoom }}
                pixelRatio={pixelRatio}
                maxCanvasSize={[limits.maxViewportDims[0], limits.maxViewportDims[1]]}
                onReady={onReady}
                onError={onError}
              >
                {/* Mount order is drawing order, as in the main view's EvidenceMap. */}
                {doc.map.routes
                  .filter((r) => r.route)
                  .map((r) => (
                    <RouteLayer
                      key={r.key}
                      source={r.source}
                      color={routeColourOf(r)}
                      layerKey={r.key}
                      timeRange={timeRange}
                      visible={show.route}
                    />
                  ))}
                {show.accuracy ? (
                  <AccuracyLayer sources={layerSources} visible timeRange={timeRange} />
                ) : null}
                {show.events ? (
                  <EventLayer
                    sources={layerSources}
                    visible
                    timeRange={timeRange}
                    selectedId={null}
                  />
                ) : null}
                {show.photos && doc.map.photos && doc.map.photos.length > 0 ? (
                  <ExhibitPhotoLayer photos={doc.map.photos} images={props.photoImages} />
                ) : null}
                {pinsOnTop ? null : testimonyLayer}
                {show.stops ? (
                  <StopLayer
                    timeline={doc.map.timeline}
                    timeRange={null}
                    selectedId={null}
                    entryIdOf={stopEntryId}
                  />
                ) : null}
                {pinsOnTop ? testimonyLayer : null}
              </OffscreenMap>
            </div>,
            document.body,
          )}
    </>
  );
}

function planWithOverlap(
  width: number,
  height: number,
  pixelRatio: number,
  limits: CanvasLimits,
): { tiles: TileRect[]; overlap: number } {
  const whole = planMapTiles(width, height, pixelRatio, limits, 0);
  if (whole.length === 1) return { tiles: whole, overlap: 0 };
  return {
    tiles: planMapTiles(width, height, pixelRatio, limits, TILE_OVERLAP),
    overlap: TILE_OVERLAP,
  };
}

async function drawImage(
  map: MapLibreMap,
  doc: ExhibitDocument,
  camera: Camera,
  width: number,
  height: number,
  pixelRatio: number,
  initialLimits: CanvasLimits,
): Promise<{ url: string; info: MapImageInfo }> {
  const t0 = performance.now();
  const lap = (what: string) =>
    console.debug(`${what} after ${Math.round(performance.now() - t0)} ms`);
  await routesDrawn(map, doc);
  lap('routes ready');
  let limits = initialLimits;
  let clamped = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    const plan = planWithOverlap(width, height, pixelRatio, limits);
    const out = document.createElement('canvas');
    out.width = Math.floor(width * pixelRatio);
    out.height = Math.floor(height * pixelRatio);
    // A software canvas: drawing a WebGL canvas onto an accelerated one stalled for minutes
    // under SwiftShader; reading the pixels and putting them is a copy.
    const ctx = out.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas to assemble the map image on');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    let shortfall: { width: number; height: number } | null = null;
    // Tiles are drawn twice: images a layer adds on first sight (photo markers) and labels
    // settle in the first pass, so every tile of the second shows the same map.
    const passes = plan.tiles.length > 1 ? [false, true] : [true];
    for (const read of passes) {
      for (const tile of plan.tiles) {
        const cssWidth = tile.width + 2 * plan.overlap;
        const cssHeight = tile.height + 2 * plan.overlap;
        const container = map.getContainer();
        container.style.width = `${cssWidth}px`;
        container.style.height = `${cssHeight}px`;
        map.resize();
        map.jumpTo({ center: tileCenter(camera, width, height, tile), zoom: camera.zoom });
        await settle(map);
        if (!read) continue;
        lap(`tile ${tile.x},${tile.y} drawn`);
        const gl = webgl(map.getCanvas());
        const got = gl
          ? { width: gl.drawingBufferWidth, height: gl.drawingBufferHeight }
          : { width: 0, height: 0 };
        const wanted = {
          width: Math.floor(cssWidth * pixelRatio),
          height: Math.floor(cssHeight * pixelRatio),
        };
        if (!gl || got.width < wanted.width || got.height < wanted.height) {
          shortfall = got;
          break;
        }
        const dx = Math.round(tile.x * pixelRatio);
        const dy = Math.round(tile.y * pixelRatio);
        const dw = Math.min(out.width, Math.round((tile.x + tile.width) * pixelRatio)) - dx;
        const dh = Math.min(out.height, Math.round((tile.y + tile.height) * pixelRatio)) - dy;
        const sx = Math.round(plan.overlap * pixelRatio);
        ctx.putImageData(readPixels(gl, sx, sx, dw, dh), dx, dy);
      }
      if (shortfall) break;
    }
    if (!shortfall) {
      lap('image assembled');
      const url = URL.createObjectURL(await pngOf(out));
      return {
        url,
        info: {
          cssWidth: width,
          cssHeight: height,
          pixelWidth: out.width,
          pixelHeight: out.height,
          pixelRatio,
          tiles: plan.tiles.length,
          clamped,
          limits: {
            maxRenderbufferSize: limits.maxRenderbufferSize,
            maxViewportDims: [limits.maxViewportDims[0], limits.maxViewportDims[1]],
          },
        },
      };
    }
    // What the browser actually gave is the real limit: plan again within it.
    clamped = true;
    limits = {
      maxRenderbufferSize: Math.min(limits.maxRenderbufferSize, shortfall.width, shortfall.height),
      maxViewportDims: [
        Math.min(limits.maxViewportDims[0], shortfall.width),
        Math.min(limits.maxViewportDims[1], shortfall.height),
      ],
      ...(limits.maxTileSize !== undefined ? { maxTileSize: limits.maxTileSize } : {}),
    };
  }
  throw new Error('the map image could not be drawn at the requested resolution');
}

type GL = WebGLRenderingContext | WebGL2RenderingContext;

/** The map's own context (asking a canvas for its context type again returns the same one). */
function webgl(canvas: HTMLCanvasElement): GL | null {
  return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as GL | null;
}

/**
 * A rectangle of what the map last drew (top-left origin), read from the drawing buffer
 * (kept by preserveDrawingBuffer). MapLibre's framebuffer binding is put back afterwards.
 */
function readPixels(gl: GL, x: number, y: number, width: number, height: number): ImageData {
  const bound = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  const pixels = new Uint8Array(width * height * 4);
  // WebGL rows run bottom-up.
  gl.readPixels(
    x,
    gl.drawingBufferHeight - y - height,
    width,
    height,
    gl.RGBA,
    gl.UNSIGNED_BYTE,
    pixels,
  );
  gl.bindFramebuffer(gl.FRAMEBUFFER, bound);
  const image = new ImageData(width, height);
  const row = width * 4;
  for (let r = 0; r < height; r++) {
    image.data.set(pixels.subarray((height - 1 - r) * row, (height - r) * row), r * row);
  }
  return image;
}

/** Resolves after the map has drawn everything it has (tiles, layers, labels). */
async function settle(map: MapLibreMap): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, AFTER_MOVE_MS));
  await new Promise<void>((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

/** Waits until every route with a line has its line data (large ones are built in a worker). */
async function routesDrawn(map: MapLibreMap, doc: ExhibitDocument): Promise<void> {
  if (!doc.show.route) return;
  const deadline = Date.now() + ROUTE_WAIT_MS;
  for (const route of doc.map.routes) {
    if (!route.route || route.source.fixes.count < 2) continue;
    const id = routeLayerIds(route.key).linesSource;
    for (;;) {
      const source = map.getSource(id) as GeoJSONSource | undefined;
      const data = source ? await source.getData() : null;
      const count = data && 'features' in data ? data.features.length : 0;
      if (count > 0) break;
      if (Date.now() > deadline) {
        throw new Error(`the route of ${route.source.label} was not ready in time`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function pngOf(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    );
  });
}

/** The WebGL limits of this browser, from a throwaway context. */
export function readCanvasLimits(maxTileSize?: number): CanvasLimits {
  const canvas = document.createElement('canvas');
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as
    WebGLRenderingContext | WebGL2RenderingContext | null;
  if (!gl) throw new Error('WebGL is not available: the map image cannot be drawn');
  const renderbuffer = Number(gl.getParameter(gl.MAX_RENDERBUFFER_SIZE));
  const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return {
    maxRenderbufferSize: renderbuffer,
    maxViewportDims: [viewport[0]!, viewport[1]!],
    ...(maxTileSize !== undefined ? { maxTileSize } : {}),
  };
}
