/**
 * What witnesses and victims pointed out (issue 9, interview mode), in its own colour (teal)
 * and never mixed with device evidence: a pin with its label and a ring whose line says how sure
 * the witness was (solid: certain, dashed: likely, dotted: uncertain), an optional circle for the
 * uncertainty they gave, and routes they described as dashed lines. The layer reads the
 * testimony slice itself, so it shows on the normal map and in interview mode alike; it also
 * hosts the interview screen's map tools, which need the map.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { PinConfidence, TestimonyPin as Pin } from '../../../../shared/testimony/types';
import { MAP_FONT_BOLD } from '../../fonts';
import { InterviewMapTools } from '../../interview/InterviewMapTools';
import { useApp } from '../../store/StoreContext';
import { useMapHandle } from '../MapContext';
import { pixelsAtZoom0 } from './evidenceFeatures';
import { DIM_FACTOR, removeLayersAndSources, setLayersVisible, timeProps } from './layerSupport';
import type { TimeSpan } from '../../store/timeSlice';
import { dimByState, useSpanDimming, withSpanIds } from '../../time/dimming';

/** A pin as other components may pass it (the legacy prop); the store's pins are richer. */
export interface TestimonyPin {
  id: string;
  lat: number;
  lon: number;
  label?: string;
  /** When the witness places the event, UTC ms; absent when they could not say. */
  t?: number;
  witness?: string;
  /** How far off the witness said the place could be, metres. */
  uncertaintyM?: number;
  confidence?: PinConfidence;
}

export const TESTIMONY_COLOUR = '#00897b';
export const TESTIMONY_TEXT_COLOUR = '#004d40';
export const TESTIMONY_ICON = 'itinera-testimony-pin';
const RING_ICON: Record<PinConfidence, string> = {
  certain: 'itinera-testimony-ring-certain',
  likely: 'itinera-testimony-ring-likely',
  uncertain: 'itinera-testimony-ring-uncertain',
};
export const TESTIMONY_LAYER_IDS = {
  source: 'evidence-testimony',
  sketchSource: 'evidence-testimony-sketches',
  uncertainty: 'evidence-testimony-uncertainty',
  sketches: 'evidence-testimony-sketch-lines',
  sketchLabels: 'evidence-testimony-sketch-labels',
  rings: 'evidence-testimony-rings',
  pins: 'evidence-testimony-pins',
} as const;
const IDS = TESTIMONY_LAYER_IDS;
const ALL_LAYERS = [IDS.pins, IDS.rings, IDS.sketchLabels, IDS.sketches, IDS.uncertainty];
const PIN_RATIO = 2;

function pinTime(p: TestimonyPin | Pin): { t?: number; tEnd?: number } {
  if ('window' in p && p.window) {
    const start = p.window.start ?? p.window.end ?? Number.NaN;
    return timeProps(start, p.window.end ?? start);
  }
  return timeProps('t' in p ? (p.t ?? Number.NaN) : Number.NaN);
}

export function testimonyFeatures(
  pins: readonly (TestimonyPin | Pin)[],
  selectedId: string | null = null,
): FeatureCollection<Point> {
  const features: Feature<Point>[] = pins
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))
    .map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: {
        kind: 'testimony',
        id: p.id,
        label: p.label ?? '',
        witness: ('indicatedBy' in p ? p.indicatedBy : p.witness) ?? '',
        confidence: p.confidence ?? 'likely',
        selected: p.id === selectedId,
        r0: p.uncertaintyM && p.uncertaintyM > 0 ? pixelsAtZoom0(p.uncertaintyM, p.lat) : 0,
        ...pinTime(p),
      },
    }));
  return { type: 'FeatureCollection', features };
}

export interface SketchLike {
  id: string;
  label: string;
  points: [number, number][];
  confidence: PinConfidence;
}

export function sketchFeatures(
  sketches: readonly SketchLike[],
  selectedId: string | null = null,
): FeatureCollection<LineString> {
  return {
    type: 'FeatureCollection',
    features: sketches
      .filter((s) => s.points.length >= 2)
      .map((s) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: s.points },
        properties: {
          kind: 'testimony-sketch',
          id: s.id,
          label: s.label,
          confidence: s.confidence,
          selected: s.id === selectedId,
        },
      })),
  };
}

export interface TestimonyLayerProps {
  /** Pins from elsewhere, drawn besides the store's testimony (ids already there are skipped). */
  pins?: readonly TestimonyPin[];
  visible: boolean;
  timeRange: TimeSpan | null;
}

const NO_PINS: readonly TestimonyPin[] = [];

export function TestimonyLayer({ pins = NO_PINS, visible, timeRange }: TestimonyLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const testimony = useApp((s) => s.testimony);
  const selectedId = useApp((s) => s.interview.selectedId);
  // Numbered for feature state: the time window dims pins without a relayout (dimming.ts).
  const numbered = useMemo(() => {
    const ids = new Set(testimony.pins.map((p) => p.id));
    return withSpanIds(
      testimonyFeatures([...testimony.pins, ...pins.filter((p) => !ids.has(p.id))], selectedId),
    );
  }, [testimony.pins, pins, selectedId]);
  const data = numbered.collection;
  const sketchData = useMemo(
    () => sketchFeatures(testimony.sketches, selectedId),
    [testimony.sketches, selectedId],
  );
  const latest = useRef({ data, sketchData, visible, timeRange });
  latest.current = { data, sketchData, visible, timeRange };

  useEffect(() => {
    if (!map) return;
    const now = latest.current;
    addPinImages(map);
    map.addSource(IDS.source, { type: 'geojson', data: now.data });
    map.addSource(IDS.sketchSource, { type: 'geojson', data: now.sketchData });
    map.addLayer({
      id: IDS.uncertainty,
      type: 'circle',
      source: IDS.source,
      filter: ['>', ['get', 'r0'], 0],
      paint: {
        'circle-radius': [
          'interpolate',
          ['exponential', 2],
          ['zoom'],
          0,
          ['get', 'r0'],
          24,
          ['*', ['get', 'r0'], 2 ** 24],
        ],
        'circle-color': TESTIMONY_COLOUR,
        'circle-opacity': dimByState(0.1, 0.1 * DIM_FACTOR),
        'circle-stroke-color': TESTIMONY_COLOUR,
        'circle-stroke-width': 1.5,
      },
    });
    map.addLayer({
      id: IDS.sketches,
      type: 'line',
      source: IDS.sketchSource,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': TESTIMONY_COLOUR,
        'line-width': ['case', ['get', 'selected'], 5, 3.5],
        'line-dasharray': [2, 1.5],
        'line-opacity': ['match', ['get', 'confidence'], 'certain', 0.95, 'likely', 0.85, 0.65],
      },
    });
    map.addLayer({
      id: IDS.sketchLabels,
      type: 'symbol',
      source: IDS.sketchSource,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'label'],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 13,
        'text-offset': [0, -0.9],
      },
      paint: {
        'text-color': TESTIMONY_TEXT_COLOUR,
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.5,
      },
    });
    map.addLayer({
      id: IDS.rings,
      type: 'symbol',
      source: IDS.source,
      layout: {
        'icon-image': [
          'match',
          ['get', 'confidence'],
          'certain',
          RING_ICON.certain,
          'uncertain',
          RING_ICON.uncertain,
          RING_ICON.likely,
        ],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Raised so the ring surrounds the pin rather than its tip.
        'icon-offset': [0, -20],
        'icon-size': ['case', ['get', 'selected'], 1.25, 1],
      },
      paint: { 'icon-opacity': dimByState(1, DIM_FACTOR) },
    });
    map.addLayer({
      id: IDS.pins,
      type: 'symbol',
      source: IDS.source,
      layout: {
        'icon-image': TESTIMONY_ICON,
        'icon-anchor': 'bottom',
        'icon-allow-overlap': true,
        'icon-size': ['case', ['get', 'selected'], 1.2, 1],
        'text-field': ['get', 'label'],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 13,
        'text-anchor': 'top',
        'text-offset': [0, 0.9],
        'text-optional': true,
      },
      paint: {
        'icon-opacity': dimByState(1, DIM_FACTOR),
        'text-color': TESTIMONY_TEXT_COLOUR,
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.5,
      },
    });
    setLayersVisible(map, ALL_LAYERS, now.visible);
    return () => removeLayersAndSources(map, ALL_LAYERS, [IDS.source, IDS.sketchSource]);
  }, [map, generation]);

  useEffect(() => {
    (map?.getSource(IDS.source) as GeoJSONSource | undefined)?.setData(data);
  }, [map, generation, data]);

  useEffect(() => {
    (map?.getSource(IDS.sketchSource) as GeoJSONSource | undefined)?.setData(sketchData);
  }, [map, generation, sketchData]);

  useEffect(() => {
    if (map) setLayersVisible(map, ALL_LAYERS, visible);
  }, [map, generation, visible]);

  useSpanDimming(map, generation, IDS.source, numbered, timeRange);

  return <InterviewMapTools />;
}

/** A teardrop pin with a white dot, and the three confidence rings, drawn once per style. */
function addPinImages(map: MapLibreMap): void {
  if (typeof OffscreenCanvas === 'undefined') return;
  if (!map.hasImage(TESTIMONY_ICON)) {
    const w = 22 * PIN_RATIO;
    const h = 30 * PIN_RATIO;
    const ctx = new OffscreenCanvas(w, h).getContext('2d');
    if (ctx) {
      const r = w / 2 - PIN_RATIO;
      ctx.beginPath();
      ctx.arc(w / 2, r + PIN_RATIO, r, Math.PI * 0.8, Math.PI * 0.2);
      ctx.lineTo(w / 2, h - PIN_RATIO);
      ctx.closePath();
      ctx.fillStyle = TESTIMONY_COLOUR;
      ctx.fill();
      ctx.lineWidth = 2 * PIN_RATIO;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(w / 2, r + PIN_RATIO, r * 0.38, 0, Math.PI * 2);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      map.addImage(TESTIMONY_ICON, ctx.getImageData(0, 0, w, h), { pixelRatio: PIN_RATIO });
    }
  }
  const dashes: Record<PinConfidence, number[]> = {
    certain: [],
    likely: [8, 5],
    uncertain: [0.5, 5.5],
  };
  for (const confidence of ['certain', 'likely', 'uncertain'] as const) {
    const id = RING_ICON[confidence];
    if (map.hasImage(id)) continue;
    const size = 44 * PIN_RATIO;
    const ctx = new OffscreenCanvas(size, size).getContext('2d');
    if (!ctx) continue;
    ctx.beginPath();
    ctx.arc(size / 2, size / 2, size / 2 - 4 * PIN_RATIO, 0, Math.PI * 2);
    ctx.setLineDash(dashes[confidence].map((d) => d * PIN_RATIO));
    ctx.lineCap = 'round';
    // A white casing under the teal line keeps the ring readable on any basemap.
    ctx.lineWidth = 4.5 * PIN_RATIO;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.stroke();
    ctx.lineWidth = 3 * PIN_RATIO;
    ctx.strokeStyle = TESTIMONY_COLOUR;
    ctx.stroke();
    map.addImage(id, ctx.getImageData(0, 0, size, size), { pixelRatio: PIN_RATIO });
  }
}
