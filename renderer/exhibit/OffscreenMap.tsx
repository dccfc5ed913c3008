/**
 * A MapLibre map for drawing the exhibit image, not for looking at: it lives in a container
 * outside the page, draws at the exhibit's resolution (pixelRatio = dpi / 96), keeps its
 * drawing buffer for reading back, has no controls and no interaction, and hands the app's
 * layer components the map through MapContext like the main view does.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Map as MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import type { Camera } from '../../shared/exhibit/view';
import { loadMapFonts } from '../src/fonts';
import { MapContext, type MapHandle } from '../src/map/MapContext';
import { setUpMapLibre } from '../src/map/maplibreSetup';

export interface OffscreenMapProps {
  style: StyleSpecification;
  /** CSS px of the first draw (the caller resizes the container for each tile). */
  width: number;
  height: number;
  camera: Camera;
  pixelRatio: number;
  /** MapLibre lowers its pixel ratio to keep the canvas within this; set to the GPU's limits. */
  maxCanvasSize: [number, number];
  /** Called once the style has loaded and the layers are mounted. */
  onReady: (map: MapLibreMap) => void;
  onError: (message: string) => void;
  children?: ReactNode;
}

export function OffscreenMap({
  style,
  width,
  height,
  camera,
  pixelRatio,
  maxCanvasSize,
  onReady,
  onError,
  children,
}: OffscreenMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<MapHandle | null>(null);
  const initial = useRef({ style, camera, pixelRatio, maxCanvasSize, onError });

  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | null = null;
    setUpMapLibre();
    void loadMapFonts().then(() => {
      if (cancelled || !container.current) return;
      const first = initial.current;
      map = new MapLibreMap({
        container: container.current,
        style: first.style,
        center: first.camera.center,
        zoom: first.camera.zoom,
        minZoom: 0,
        maxZoom: 24,
        interactive: false,
        attributionControl: false,
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
        fadeDuration: 0,
        pixelRatio: first.pixelRatio,
        maxCanvasSize: first.maxCanvasSize,
        // Every tile of the image must show the same labels: no cross-fading, no local glyphs
        // in an unknown font (the fonts above are loaded first).
        renderWorldCopies: false,
      });
      const current = map;
      current.on('style.load', () => setHandle({ map: current, styleGeneration: 1 }));
      current.on('error', (event) => {
        const message = event.error?.message ?? 'map error';
        console.warn('exhibit map error', message);
        // A missing tile leaves a hole in the basemap but is no reason to fail the exhibit.
        if (!/tile|range|fetch/i.test(message)) first.onError(message);
      });
    });
    return () => {
      cancelled = true;
      map?.remove();
      setHandle(null);
    };
  }, []);

  // Layers add themselves in effects that run before this one (children first), so the map is
  // handed on only once they are on it.
  const notified = useRef(false);
  useEffect(() => {
    if (!handle || notified.current) return;
    notified.current = true;
    onReady(handle.map);
  }, [handle, onReady]);

  return (
    <div className="offscreen-map" ref={container} style={{ width, height }} aria-hidden="true">
      <MapContext.Provider value={handle}>{handle ? children : null}</MapContext.Provider>
    </div>
  );
}
