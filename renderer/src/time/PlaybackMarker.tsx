/**
 * The subject during playback: a marker on the merged route at the playhead, as a map layer
 * (so exported images show it). Hollow when held at the nearest fix across a gap. Hidden
 * until playback has started once.
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { Source } from '../../../shared/model';
import { useFollowMarker } from '../map/followPlayback';
import { useMapHandle } from '../map/MapContext';
import { useApp } from '../store/StoreContext';
import { sourceEntries } from '../store/sourcesSlice';
import { positionAt, type SubjectPosition } from './playback';

export const PLAYBACK_LAYER_IDS = {
  source: 'playback-marker',
  halo: 'playback-marker-halo',
  dot: 'playback-marker-dot',
} as const;

const IDS = PLAYBACK_LAYER_IDS;
const MARKER_COLOUR = '#111820';

export function markerFeatures(
  position: SubjectPosition | null,
): FeatureCollection<Point, { stale: boolean; sourceId: string }> {
  return {
    type: 'FeatureCollection',
    features: position
      ? [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [position.lon, position.lat] },
            properties: { stale: position.stale, sourceId: position.sourceId },
          },
        ]
      : [],
  };
}

/**
 * The marker for the store's playhead over every imported source; while playing with follow on,
 * the map keeps it in view.
 */
export function PlaybackMarker() {
  const handle = useMapHandle();
  const entries = useApp((s) => s.entries);
  const playhead = useApp((s) => s.playhead);
  const playing = useApp((s) => s.playing);
  const follow = useApp((s) => s.follow);
  const setFollow = useApp((s) => s.setFollow);
  const sources = useMemo(() => sourceEntries(entries).map((e) => e.source as Source), [entries]);
  const position = useMemo(
    () => (playhead === null ? null : positionAt(sources, playhead)),
    [sources, playhead],
  );
  const at = useMemo<[number, number] | null>(
    () => (position ? [position.lon, position.lat] : null),
    [position],
  );
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);
  useFollowMarker({
    map: handle?.map,
    position: at,
    active: playing && follow,
    following: follow,
    onHandPan: stopFollowing,
  });
  return <PlaybackMarkerLayer position={position} />;
}

export function PlaybackMarkerLayer({ position }: { position: SubjectPosition | null }) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const data = useMemo(() => markerFeatures(position), [position]);

  useEffect(() => {
    if (!map) return;
    map.addSource(IDS.source, { type: 'geojson', data: markerFeatures(null) });
    map.addLayer({
      id: IDS.halo,
      type: 'circle',
      source: IDS.source,
      paint: {
        'circle-radius': 13,
        'circle-color': '#ffffff',
        'circle-opacity': 0.85,
        'circle-stroke-color': MARKER_COLOUR,
        'circle-stroke-width': 1,
      },
    });
    map.addLayer({
      id: IDS.dot,
      type: 'circle',
      source: IDS.source,
      paint: {
        'circle-radius': 8,
        'circle-color': ['case', ['get', 'stale'], '#ffffff', MARKER_COLOUR],
        'circle-stroke-color': MARKER_COLOUR,
        'circle-stroke-width': 3,
      },
    });
    return () => {
      if (!map.style) return;
      for (const layer of [IDS.dot, IDS.halo]) if (map.getLayer(layer)) map.removeLayer(layer);
      if (map.getSource(IDS.source)) map.removeSource(IDS.source);
    };
  }, [map, generation]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(IDS.source) as GeoJSONSource | undefined)?.setData(data);
  }, [map, generation, data]);

  return null;
}
