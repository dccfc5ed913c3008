/**
 * Cell coverage of call detail records: a wedge per sector (azimuth, beam width, range) or a
 * circle where the direction is unknown, outlined solid when the operator stated the range
 * and dashed when it was assumed, with a dot at each site. A cell stays bright while any of
 * its records falls inside the time range; the cells in range are found from the records'
 * times and set as feature state on just the cells whose side changed, so a slider drag
 * never rebuilds the polygons nor lays them out again.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { GeoJSONSource } from 'maplibre-gl';
import { useMapHandle } from '../MapContext';
import { cellsUsedIn, sectorFeatures, type LayerSource } from './evidenceFeatures';
import {
  DIM_FACTOR,
  basemapLabelLayer,
  removeLayersAndSources,
  setLayersVisible,
} from './layerSupport';
import { dimByState, useOutStates, withStateIds } from '../../time/dimming';
import type { TimeSpan } from '../../store/timeSlice';

export const SECTOR_LAYER_IDS = {
  areas: 'evidence-sectors',
  sites: 'evidence-sector-sites',
  fill: 'evidence-sectors-fill',
  stated: 'evidence-sectors-outline',
  assumed: 'evidence-sectors-outline-assumed',
  siteDots: 'evidence-sector-sites-dot',
} as const;

const IDS = SECTOR_LAYER_IDS;
const ALL_LAYERS = [IDS.siteDots, IDS.assumed, IDS.stated, IDS.fill];
const FILL_OPACITY = 0.12;
const LINE_OPACITY = 0.85;

export interface SectorLayerProps {
  sources: readonly LayerSource[];
  visible: boolean;
  timeRange: TimeSpan | null;
}

export function SectorLayer({ sources, visible, timeRange }: SectorLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const cdr = useMemo(() => sources.filter((s) => s.source.cells && s.source.fixCells), [sources]);
  // Numbered for feature state (dimming.ts); a cell is dimmed by its use, not its first–last span.
  const data = useMemo(() => {
    const { areas, sites } = sectorFeatures(cdr);
    return { areas: withStateIds(areas).collection, sites: withStateIds(sites).collection };
  }, [cdr]);
  const inRange = useMemo(
    () => (timeRange ? new Set(cellsUsedIn(cdr, timeRange.start, timeRange.end)) : null),
    [cdr, timeRange],
  );
  const areaFlags = useMemo(() => unusedFlags(data.areas.features, inRange), [data, inRange]);
  const siteFlags = useMemo(() => unusedFlags(data.sites.features, inRange), [data, inRange]);
  const latest = useRef({ data, visible });
  latest.current = { data, visible };

  useEffect(() => {
    if (!map) return;
    const now = latest.current;
    const beforeId = basemapLabelLayer(map);
    map.addSource(IDS.areas, { type: 'geojson', data: now.data.areas });
    map.addSource(IDS.sites, { type: 'geojson', data: now.data.sites });
    map.addLayer(
      {
        id: IDS.fill,
        type: 'fill',
        source: IDS.areas,
        paint: { 'fill-color': ['get', 'c'], 'fill-opacity': dimmed(FILL_OPACITY) },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: IDS.stated,
        type: 'line',
        source: IDS.areas,
        filter: ['!', ['get', 'rangeAssumed']],
        paint: {
          'line-color': ['get', 'c'],
          'line-width': 1.5,
          'line-opacity': dimmed(LINE_OPACITY),
        },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: IDS.assumed,
        type: 'line',
        source: IDS.areas,
        filter: ['get', 'rangeAssumed'],
        paint: {
          'line-color': ['get', 'c'],
          'line-width': 1.5,
          'line-dasharray': [3, 2],
          'line-opacity': dimmed(LINE_OPACITY),
        },
      },
      beforeId,
    );
    map.addLayer({
      id: IDS.siteDots,
      type: 'circle',
      source: IDS.sites,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 2.5, 14, 5],
        'circle-color': '#ffffff',
        'circle-stroke-color': ['get', 'c'],
        'circle-stroke-width': 2,
        'circle-opacity': dimmed(1),
        'circle-stroke-opacity': dimmed(1),
      },
    });
    setLayersVisible(map, ALL_LAYERS, now.visible);
    return () => removeLayersAndSources(map, ALL_LAYERS, [IDS.areas, IDS.sites]);
  }, [map, generation]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(IDS.areas) as GeoJSONSource | undefined)?.setData(data.areas);
    (map.getSource(IDS.sites) as GeoJSONSource | undefined)?.setData(data.sites);
  }, [map, generation, data]);

  useEffect(() => {
    if (map) setLayersVisible(map, ALL_LAYERS, visible);
  }, [map, generation, visible]);

  useOutStates(map, generation, IDS.areas, data.areas, areaFlags);
  useOutStates(map, generation, IDS.sites, data.sites, siteFlags);

  return null;
}

/** `base` for cells used inside the range (all cells when there is no range), dimmed otherwise. */
function dimmed(base: number) {
  return dimByState(base, base * DIM_FACTOR);
}

/** Per feature: 1 when its cell is not used inside the range; all 0 without a range. */
function unusedFlags(
  features: readonly { properties: { k: string } }[],
  inRange: ReadonlySet<string> | null,
): Uint8Array {
  const flags = new Uint8Array(features.length);
  if (!inRange) return flags;
  features.forEach((f, k) => {
    if (!inRange.has(f.properties.k)) flags[k] = 1;
  });
  return flags;
}
