/**
 * A MapLibre map filling its container. Children are layer components; they get the map
 * through MapContext once the style has loaded.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type StyleSpecification,
} from 'maplibre-gl';
import type { BoundingBox } from '../../../shared/model';
import { loadMapFonts } from '../fonts';
import { MapContext, type MapHandle } from './MapContext';
import { setUpMapLibre } from './maplibreSetup';
import { installEmptySourceCulling, type EmptySourceCulling } from './emptySourceCulling';
import {
  installMotionResolution,
  SOFTWARE_MOTION,
  type MotionResolution,
} from './motionResolution';
import { clearPadding, fitPadding } from './followView';
import { skipFramesUntilRouteData } from './routeLodGate';
import { detectSoftwareGl, mapRenderQuality, routeDetailFor } from './renderQuality';

export interface MapViewProps {
  style: StyleSpecification;
  initialView: { center: [number, number]; zoom: number };
  fitRequest?: { bounds: BoundingBox; seq: number } | null;
  onViewChange?: (view: { center: [number, number]; zoom: number }) => void;
  ariaLabel: string;
  children?: ReactNode;
}

export const FIT_PADDING = 56;

export function MapView({
  style,
  initialView,
  fitRequest,
  onViewChange,
  ariaLabel,
  children,
}: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<MapHandle | null>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const styleRef = useRef(style);
  const viewChange = useRef(onViewChange);
  viewChange.current = onViewChange;
  const pendingFit = useRef(fitRequest);
  pendingFit.current = fitRequest;

  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | null = null;
    let motion: MotionResolution | null = null;
    let culling: EmptySourceCulling | null = null;
    let resumeFrames: (() => void) | null = null;
    setUpMapLibre();
    // Labels are drawn once with whatever font is ready: load Noto Sans first.
    void loadMapFonts().then(() => {
      if (cancelled || !container.current) return;
      const softwareGl = detectSoftwareGl();
      const quality = mapRenderQuality(softwareGl, window.devicePixelRatio);
      const routeDetail = routeDetailFor(softwareGl);
      map = new MapLibreMap({
        container: container.current,
        style: styleRef.current,
        center: initialView.center,
        zoom: initialView.zoom,
        maxZoom: 18,
        attributionControl: { compact: false },
        // Exports read the canvas back after drawing.
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: quality.antialias },
        fadeDuration: 0,
        // Labels are SDF glyphs drawn locally from Noto Sans; at 1x, below ~12 px the gap
        // between the dot and stem of i and j is under a pixel and the dot merges into the
        // stem ("Pazln" for "Pazin"). With a GPU the map renders at least at 2x; software GL
        // (renderQuality.ts) cannot afford 4x the pixels and draws at 1x.
        pixelRatio: quality.pixelRatio,
      });
      mapRef.current = map;
      culling = installEmptySourceCulling(map);
      resumeFrames = skipFramesUntilRouteData(map);
      if (quality.reduceInMotion) {
        motion = installMotionResolution(map, {
          ...SOFTWARE_MOTION,
          restRatio: quality.pixelRatio,
        });
      }
      map.getCanvas().setAttribute('data-testid', 'map-canvas');
      map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
      map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
      if (window.__ITINERA_E2E__) {
        window.__itineraMap = map;
        window.__itineraMapReduced = () => motion?.reduced() ?? false;
      }

      let generation = 0;
      const current = map;
      const currentMotion = motion;
      current.on('style.load', () => {
        generation += 1;
        setHandle({
          map: current,
          styleGeneration: generation,
          routeDetail,
          ...(currentMotion ? { motion: currentMotion } : {}),
        });
      });
      current.on('moveend', () => {
        const c = current.getCenter();
        viewChange.current?.({ center: [c.lng, c.lat], zoom: current.getZoom() });
      });
      current.on('error', (event) => {
        console.warn('map error', event.error?.message ?? event);
      });
    });
    return () => {
      cancelled = true;
      motion?.dispose();
      culling?.dispose();
      resumeFrames?.();
      map?.remove();
      mapRef.current = null;
      if (window.__itineraMap === map) {
        window.__itineraMap = undefined;
        window.__itineraMapReduced = undefined;
      }
      setHandle(null);
    };
    // The map is created once; style changes and fit requests are applied below.
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || styleRef.current === style) return;
    styleRef.current = style;
    map.setStyle(style, { diff: false });
  }, [style]);

  const fitSeq = fitRequest?.seq;
  useEffect(() => {
    const map = handle?.map;
    const request = pendingFit.current;
    if (!map || !request) return;
    const { west, south, east, north } = request.bounds;
    const canvas = map.getCanvas();
    const size = { width: canvas.clientWidth, height: canvas.clientHeight };
    map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding: fitPadding(clearPadding(map), size, FIT_PADDING), maxZoom: 15, duration: 0 },
    );
  }, [handle?.map, fitSeq]);

  return (
    <div className="map-view" ref={container} role="region" aria-label={ariaLabel}>
      <MapContext.Provider value={handle}>{handle ? children : null}</MapContext.Provider>
    </div>
  );
}
