/**
 * Places a witness or victim pointed out (issue 9, interview mode): a teal pin with its label,
 * unlike any device evidence, with a dashed circle for how sure the witness was when given.
 * Empty until interviews exist; the layer, its toggle and its legend row are already wired.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { MAP_FONT_BOLD } from '../../fonts';
import { useMapHandle } from '../MapContext';
import { pixelsAtZoom0 } from './evidenceFeatures';
import {
  removeLayersAndSources,
  setLayersVisible,
  setPaint,
  timeDimmed,
  timeProps,
} from './layerSupport';
import type { TimeSpan } from '../../store/timeSlice';

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
}

export const TESTIMONY_COLOUR = '#00897b';
export const TESTIMONY_ICON = 'itinera-testimony-pin';
export const TESTIMONY_LAYER_IDS = {
  source: 'evidence-testimony',
  uncertainty: 'evidence-testimony-uncertainty',
  pins: 'evidence-testimony-pins',
} as const;
const IDS = TESTIMONY_LAYER_IDS;
const ALL_LAYERS = [IDS.pins, IDS.uncertainty];
const PIN_RATIO = 2;

export function testimonyFeatures(pins: readonly TestimonyPin[]): FeatureCollection<Point> {
  const features: Feature<Point>[] = pins
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))
    .map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: {
        kind: 'testimony',
        id: p.id,
        label: p.label ?? '',
        witness: p.witness ?? '',
        r0: p.uncertaintyM && p.uncertaintyM > 0 ? pixelsAtZoom0(p.uncertaintyM, p.lat) : 0,
        ...timeProps(p.t ?? Number.NaN),
      },
    }));
  return { type: 'FeatureCollection', features };
}

export interface TestimonyLayerProps {
  pins: readonly TestimonyPin[];
  visible: boolean;
  timeRange: TimeSpan | null;
}

export function TestimonyLayer({ pins, visible, timeRange }: TestimonyLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const data = useMemo(() => testimonyFeatures(pins), [pins]);
  const latest = useRef({ data, visible, timeRange });
  latest.current = { data, visible, timeRange };

  useEffect(() => {
    if (!map) return;
    const now = latest.current;
    addPinImage(map);
    map.addSource(IDS.source, { type: 'geojson', data: now.data });
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
        'circle-opacity': timeDimmed(0.1, now.timeRange) as never,
        'circle-stroke-color': TESTIMONY_COLOUR,
        'circle-stroke-width': 1.5,
      },
    });
    map.addLayer({
      id: IDS.pins,
      type: 'symbol',
      source: IDS.source,
      layout: {
        'icon-image': TESTIMONY_ICON,
        'icon-anchor': 'bottom',
        'icon-allow-overlap': true,
        'text-field': ['get', 'label'],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 12,
        'text-anchor': 'top',
        'text-offset': [0, 0.3],
        'text-optional': true,
      },
      paint: {
        'icon-opacity': timeDimmed(1, now.timeRange) as never,
        'text-color': '#004d40',
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.5,
      },
    });
    setLayersVisible(map, ALL_LAYERS, now.visible);
    return () => removeLayersAndSources(map, ALL_LAYERS, [IDS.source]);
  }, [map, generation]);

  useEffect(() => {
    (map?.getSource(IDS.source) as GeoJSONSource | undefined)?.setData(data);
  }, [map, generation, data]);

  useEffect(() => {
    if (map) setLayersVisible(map, ALL_LAYERS, visible);
  }, [map, generation, visible]);

  useEffect(() => {
    if (!map) return;
    setPaint(map, IDS.pins, 'icon-opacity', timeDimmed(1, timeRange));
    setPaint(map, IDS.uncertainty, 'circle-opacity', timeDimmed(0.1, timeRange));
  }, [map, generation, timeRange]);

  return null;
}

/** A teardrop pin with a white dot, drawn once per style. */
function addPinImage(map: MapLibreMap): void {
  if (map.hasImage(TESTIMONY_ICON) || typeof OffscreenCanvas === 'undefined') return;
  const w = 22 * PIN_RATIO;
  const h = 30 * PIN_RATIO;
  const ctx = new OffscreenCanvas(w, h).getContext('2d');
  if (!ctx) return;
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
