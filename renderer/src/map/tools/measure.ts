/** The measure tool's geometry: the clicked points as a line and dots, with running distances. */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { haversineM } from '../../../../shared/geo/distance';

export type LonLat = [number, number];

export interface MeasureSummary {
  totalM: number;
  lastLegM: number;
  points: number;
}

export function measureSummary(points: readonly LonLat[]): MeasureSummary {
  let totalM = 0;
  let lastLegM = 0;
  for (let i = 1; i < points.length; i++) {
    const [lon1, lat1] = points[i - 1]!;
    const [lon2, lat2] = points[i]!;
    lastLegM = haversineM(lat1, lon1, lat2, lon2);
    totalM += lastLegM;
  }
  return { totalM, lastLegM, points: points.length };
}

export function measureFeatures(points: readonly LonLat[]): FeatureCollection<LineString | Point> {
  const features: Feature<LineString | Point>[] = points.map((p, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: p },
    properties: { n: i + 1 },
  }));
  if (points.length > 1) {
    features.unshift({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: points.map((p) => [...p]) },
      properties: {},
    });
  }
  return { type: 'FeatureCollection', features };
}
