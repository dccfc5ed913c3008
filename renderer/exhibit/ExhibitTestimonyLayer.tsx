/**
 * What a witness indicated, on the exhibit map, in the app's testimony colour and apart from
 * the device evidence: each pin as a white disc with its number (as in the pin table), its ring
 * drawn solid (certain), dashed (likely) or dotted (uncertain); the uncertainty the witness gave
 * as a shaded circle; a red halo on a pin whose time does not match the nearest stop; sketched
 * routes as lines dashed by confidence. Everything is drawn from the document, synchronously,
 * so every tile of a tiled image shows the same pins.
 */
import { useEffect } from 'react';
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type { ExhibitMapPin, ExhibitMapSketch } from '../../shared/exhibit/document';
import type { PinConfidence } from '../../shared/testimony/types';
import { MAP_FONT_BOLD } from '../src/fonts';
import { useMapHandle } from '../src/map/MapContext';

export const EXHIBIT_TESTIMONY_COLOUR = '#00897b';
const TEXT_COLOUR = '#004d40';
export const EXHIBIT_CONFLICT_COLOUR = '#d62728';
const CONFIDENCES: readonly PinConfidence[] = ['certain', 'likely', 'uncertain'];
/** Canvas dash of the ring, in image px (the image is drawn at RATIO). */
const RING_DASH: Readonly<Record<PinConfidence, number[]>> = {
  certain: [],
  likely: [9, 5],
  uncertain: [2.5, 4],
};
const LINE_DASH: Readonly<Record<PinConfidence, number[] | null>> = {
  certain: null,
  likely: [3, 2],
  uncertain: [1, 2],
};
const RATIO = 2;
const PIN_CSS = 26;

export const EXHIBIT_TESTIMONY_IDS = {
  pins: 'exhibit-testimony-pins',
  areas: 'exhibit-testimony-areas',
  sketches: 'exhibit-testimony-sketches',
  uncertainty: 'exhibit-testimony-uncertainty',
  uncertaintyLine: 'exhibit-testimony-uncertainty-line',
  sketchLine: (c: PinConfidence) => `exhibit-testimony-sketch-${c}`,
  sketchCasing: 'exhibit-testimony-sketch-casing',
  conflict: 'exhibit-testimony-conflict',
  rings: 'exhibit-testimony-rings',
  labels: 'exhibit-testimony-labels',
} as const;
const IDS = EXHIBIT_TESTIMONY_IDS;
const ringImage = (c: PinConfidence) => `exhibit-testimony-ring-${c}`;

function ring(confidence: PinConfidence): ImageData {
  const side = PIN_CSS * RATIO;
  const ctx = new OffscreenCanvas(side, side).getContext('2d');
  if (!ctx) throw new Error('2d canvas unavailable');
  const r = side / 2 - 3 * RATIO;
  ctx.beginPath();
  ctx.arc(side / 2, side / 2, r, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 2.5 * RATIO;
  ctx.strokeStyle = EXHIBIT_TESTIMONY_COLOUR;
  ctx.setLineDash(RING_DASH[confidence].map((d) => d * RATIO));
  ctx.stroke();
  return ctx.getImageData(0, 0, side, side);
}

/** A circle of `radiusM` metres around a point, as a polygon (a pin's stated uncertainty). */
export function circlePolygon(lon: number, lat: number, radiusM: number, steps = 64): Polygon {
  const ring: [number, number][] = [];
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  for (let i = 0; i <= steps; i++) {
    const a = (i / steps) * Math.PI * 2;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

export function testimonyFeatures(pins: readonly ExhibitMapPin[]): {
  pins: FeatureCollection<Point>;
  areas: FeatureCollection<Polygon>;
} {
  return {
    pins: {
      type: 'FeatureCollection',
      features: pins.map((p) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: {
          n: String(p.n),
          label: p.label,
          ring: ringImage(p.confidence),
          conflict: p.conflict,
        },
      })),
    },
    areas: {
      type: 'FeatureCollection',
      features: pins.flatMap((p): Feature<Polygon>[] =>
        p.uncertaintyM !== null
          ? [
              {
                type: 'Feature',
                geometry: circlePolygon(p.lon, p.lat, p.uncertaintyM),
                properties: {},
              },
            ]
          : [],
      ),
    },
  };
}

function sketchFeatures(sketches: readonly ExhibitMapSketch[]): FeatureCollection<LineString> {
  return {
    type: 'FeatureCollection',
    features: sketches.map((s) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: s.points },
      properties: { confidence: s.confidence, label: s.label },
    })),
  };
}

export function ExhibitTestimonyLayer({
  pins,
  sketches,
}: {
  pins: readonly ExhibitMapPin[];
  sketches: readonly ExhibitMapSketch[];
}) {
  const map = useMapHandle()?.map;
  useEffect(() => {
    if (!map) return;
    for (const c of CONFIDENCES) {
      if (!map.hasImage(ringImage(c))) map.addImage(ringImage(c), ring(c), { pixelRatio: RATIO });
    }
    const features = testimonyFeatures(pins);
    map.addSource(IDS.pins, { type: 'geojson', data: features.pins });
    map.addSource(IDS.areas, { type: 'geojson', data: features.areas });
    map.addSource(IDS.sketches, { type: 'geojson', data: sketchFeatures(sketches) });
    map.addLayer({
      id: IDS.uncertainty,
      type: 'fill',
      source: IDS.areas,
      paint: { 'fill-color': EXHIBIT_TESTIMONY_COLOUR, 'fill-opacity': 0.12 },
    });
    map.addLayer({
      id: IDS.uncertaintyLine,
      type: 'line',
      source: IDS.areas,
      paint: { 'line-color': EXHIBIT_TESTIMONY_COLOUR, 'line-width': 1, 'line-opacity': 0.6 },
    });
    map.addLayer({
      id: IDS.sketchCasing,
      type: 'line',
      source: IDS.sketches,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': 0.8 },
    });
    for (const c of CONFIDENCES) {
      const dash = LINE_DASH[c];
      map.addLayer({
        id: IDS.sketchLine(c),
        type: 'line',
        source: IDS.sketches,
        filter: ['==', ['get', 'confidence'], c],
        layout: { 'line-cap': dash ? 'butt' : 'round', 'line-join': 'round' },
        paint: {
          'line-color': EXHIBIT_TESTIMONY_COLOUR,
          'line-width': 3.5,
          ...(dash ? { 'line-dasharray': dash } : {}),
        },
      });
    }
    map.addLayer({
      id: IDS.conflict,
      type: 'circle',
      source: IDS.pins,
      filter: ['==', ['get', 'conflict'], true],
      paint: {
        'circle-radius': 17,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': EXHIBIT_CONFLICT_COLOUR,
        'circle-stroke-width': 3.5,
      },
    });
    map.addLayer({
      id: IDS.rings,
      type: 'symbol',
      source: IDS.pins,
      layout: {
        'icon-image': ['get', 'ring'],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'text-field': ['get', 'n'],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': TEXT_COLOUR },
    });
    map.addLayer({
      id: IDS.labels,
      type: 'symbol',
      source: IDS.pins,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 11,
        'text-anchor': 'left',
        'text-offset': [1.4, 0],
        'text-max-width': 14,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': TEXT_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    return () => {
      // After map.remove() the style is gone and there is nothing left to clean up.
      if (!map.style) return;
      const layers = [
        IDS.labels,
        IDS.rings,
        IDS.conflict,
        ...CONFIDENCES.map((c) => IDS.sketchLine(c)),
        IDS.sketchCasing,
        IDS.uncertaintyLine,
        IDS.uncertainty,
      ];
      for (const id of layers) if (map.getLayer(id)) map.removeLayer(id);
      for (const id of [IDS.pins, IDS.areas, IDS.sketches]) {
        if (map.getSource(id)) map.removeSource(id);
      }
    };
  }, [map, pins, sketches]);
  return null;
}
