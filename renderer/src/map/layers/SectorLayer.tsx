/**
 * Cell coverage of call detail records: a wedge per sector (azimuth, beam width, range) or a
 * circle where the direction is unknown, outlined solid when the operator stated the range
 * and dashed when it was assumed, with a dot at each site. A cell stays bright while any of
 * its records falls inside the time range; the cells in range are found from the records'
 * times and applied as one paint expression, so a slider drag never rebuilds the polygons.
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
  setPaint,
} from './layerSupport';
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
  const data = useMemo(() => sectorFeatures(cdr), [cdr]);
  const inRange = useMemo(
    () => (timeRange ? cellsUsedIn(cdr, timeRange.start, timeRange.end) : null),
    [cdr, timeRange],
  );
  const latest = useRef({ data, visible, inRange });
  latest.current = { data, visible, inRange };

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
        paint: { 'fill-color': ['get', 'c'], 'fill-opacity': dimmed(FILL_OPACITY, now.inRange) },
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
          'line-opacity': dimmed(LINE_OPACITY, now.inRange),
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
          'line-opacity': dimmed(LINE_OPACITY, now.inRange),
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
        'circle-opacity': dimmed(1, now.inRange),
        'circle-stroke-opacity': dimmed(1, now.inRange),
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

  useEffect(() => {
    if (!map) return;
    setPaint(map, IDS.fill, 'fill-opacity', dimmed(FILL_OPACITY, inRange));
    setPaint(map, IDS.stated, 'line-opacity', dimmed(LINE_OPACITY, inRange));
    setPaint(map, IDS.assumed, 'line-opacity', dimmed(LINE_OPACITY, inRange));
    setPaint(map, IDS.siteDots, 'circle-opacity', dimmed(1, inRange));
    setPaint(map, IDS.siteDots, 'circle-stroke-opacity', dimmed(1, inRange));
  }, [map, generation, inRange]);

  return null;
}

/** `base` for cells used inside the range (all cells when there is no range), dimmed otherwise. */
function dimmed(base: number, inRange: readonly string[] | null) {
  if (!inRange) return base;
  return ['case', ['in', ['get', 'k'], ['literal', inRange]], base, base * DIM_FACTOR] as never;
}
