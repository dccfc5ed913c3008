/**
 * Photos on the map. Photos with their own position form one clustered source (clusters as
 * circles with counts, single photos as framed thumbnails); photos placed on a track by time
 * are inferred and drawn as hollow rings, apart from measured positions.
 *
 * Thumbnails load lazily: a symbol that needs an image MapLibre lacks fires
 * `styleimagemissing` — only for single photos in loaded tiles, never for clustered ones —
 * and gets a camera placeholder at once; the decoded thumbnail later replaces the placeholder
 * in place (same size, so no new layout). 10,000 photos cost one clustering, not 10,000 loads.
 */
import { applyOutStates, dimByState, outOfRangeFlags, withStateIds } from '../time/dimming';
import { useEffect, useMemo, useRef } from 'react';
import type {
  GeoJSONSource,
  MapLayerMouseEvent,
  MapStyleImageMissingEvent,
  Map as MapLibreMap,
} from 'maplibre-gl';
import { WORLD_FONTS } from '../../../shared/map/world-style';
import { bridge } from '../bridge';
import { useMapHandle } from '../map/MapContext';
import { claimClicks } from '../map/topmostHit';
import { useAfterRouteDraw } from '../map/routeLodGate';
import { useApp, useAppStore } from '../store/StoreContext';
import type { EvidenceEntry } from '../store/sourcesSlice';
import { MARKER_PIXEL_RATIO, placeholderMarker, thumbnailMarker } from './markerImages';
import { buildPhotoFeatures, parseThumbImageId } from './photoGeoJson';
import { loadThumbnail } from './thumbnails';

export const PHOTO_LAYER_IDS = {
  ownSource: 'photos-own',
  placedSource: 'photos-placed',
  clusters: 'photos-clusters',
  clusterCounts: 'photos-cluster-counts',
  singles: 'photos-singles',
  placed: 'photos-placed-rings',
} as const;

const IDS = PHOTO_LAYER_IDS;
const PHOTO_COLOUR = '#7b3fa0';
const PLACED_COLOUR = '#b26a00';
/** Map images held at most; beyond, the least recently requested are dropped (they reload). */
const MAX_MAP_IMAGES = 1500;

export function PhotoLayer() {
  const handle = useMapHandle();
  const store = useAppStore();
  // Building and clustering 10,000 photos waits until a large import's route is on screen.
  const entries = useAfterRouteDraw(useApp((s) => s.entries));
  const photoTracks = useApp((s) => s.photoTracks);
  const cameraClocks = useApp((s) => s.cameraClocks);
  const perSource = useApp((s) => s.timelineSettings.perSource);
  const timeRange = useApp((s) => s.timeRange);
  // Numbered for feature state: the time window dims photos without a relayout (dimming.ts).
  const numbered = useMemo(() => {
    const built = buildPhotoFeatures(entries, photoTracks, cameraClocks, perSource);
    return { own: withStateIds(built.own), placed: withStateIds(built.placed) };
  }, [entries, photoTracks, cameraClocks, perSource]);
  const features = useMemo(
    () => ({ own: numbered.own.collection, placed: numbered.placed.collection }),
    [numbered],
  );
  /** The `out` states applied to each source since its data was last set (null: none). */
  const appliedOut = useRef<{ own: Uint8Array | null; placed: Uint8Array | null }>({
    own: null,
    placed: null,
  });
  const latestEntries = useRef<readonly EvidenceEntry[]>(entries);
  latestEntries.current = entries;
  const latestFeatures = useRef(features);
  latestFeatures.current = features;

  const map = handle?.map;
  const generation = handle?.styleGeneration;

  useEffect(() => {
    if (!map) return;
    const { own, placed } = latestFeatures.current;
    map.addSource(IDS.ownSource, {
      type: 'geojson',
      data: own,
      cluster: true,
      clusterRadius: 48,
      clusterMaxZoom: 17,
    });
    map.addSource(IDS.placedSource, { type: 'geojson', data: placed });
    map.addLayer({
      id: IDS.placed,
      type: 'circle',
      source: IDS.placedSource,
      paint: {
        'circle-radius': 8,
        'circle-color': 'rgba(255, 255, 255, 0.25)',
        'circle-stroke-color': PLACED_COLOUR,
        'circle-stroke-width': 3,
        'circle-stroke-opacity': dimByState(),
      },
    });
    map.addLayer({
      id: IDS.clusters,
      type: 'circle',
      source: IDS.ownSource,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': PHOTO_COLOUR,
        'circle-opacity': 0.9,
        'circle-radius': ['step', ['get', 'point_count'], 15, 10, 19, 100, 24, 1000, 30],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: IDS.clusterCounts,
      type: 'symbol',
      source: IDS.ownSource,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': [WORLD_FONTS.bold],
        'text-size': 12.5,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    });
    map.addLayer({
      id: IDS.singles,
      type: 'symbol',
      source: IDS.ownSource,
      filter: ['!', ['has', 'point_count']],
      layout: {
        'icon-image': ['get', 'img'],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-anchor': 'bottom',
      },
      paint: { 'icon-opacity': dimByState() },
    });
    appliedOut.current = { own: null, placed: null };
    return () => removePhotoLayer(map);
  }, [map, generation]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(IDS.ownSource) as GeoJSONSource | undefined)?.setData(features.own);
    (map.getSource(IDS.placedSource) as GeoJSONSource | undefined)?.setData(features.placed);
    // Ids now name other photos: the dimming is applied afresh below.
    for (const source of [IDS.ownSource, IDS.placedSource]) {
      if (map.getSource(source)) map.removeFeatureState({ source });
    }
    appliedOut.current = { own: null, placed: null };
  }, [map, generation, features]);

  // Photos outside the time bar's window are dimmed (clusters, mixing times, stay as they are).
  useEffect(() => {
    if (!map) return;
    const applied = appliedOut.current;
    applied.own = applyOutStates(
      map,
      IDS.ownSource,
      applied.own,
      outOfRangeFlags(numbered.own.times, timeRange),
    );
    applied.placed = applyOutStates(
      map,
      IDS.placedSource,
      applied.placed,
      outOfRangeFlags(numbered.placed.times, timeRange),
    );
  }, [map, generation, numbered, timeRange]);

  // Thumbnails, on demand.
  useEffect(() => {
    if (!map) return;
    const api = bridge();
    const placeholder = placeholderMarker();
    const requested = new Map<string, true>();
    let alive = true;
    const onMissing = (event: MapStyleImageMissingEvent) => {
      const ref = parseThumbImageId(event.id);
      if (!ref || map.hasImage(event.id)) return;
      map.addImage(event.id, placeholder, { pixelRatio: MARKER_PIXEL_RATIO });
      requested.delete(event.id);
      requested.set(event.id, true);
      evictImages(map, requested);
      const entry = latestEntries.current.find((e) => e.key === ref.sourceKey);
      const photo = entry?.kind === 'source' ? entry.source.photos?.[ref.index] : undefined;
      if (!api || !photo || entry?.kind !== 'source') return;
      const file = entry.source.files[photo.fileIndex];
      void loadThumbnail(api, { photo, file }).then((bitmap) => {
        if (!alive || !bitmap || !map.style || !map.hasImage(event.id)) return;
        map.updateImage(event.id, thumbnailMarker(bitmap));
      });
    };
    map.on('styleimagemissing', onMissing);
    return () => {
      alive = false;
      map.off('styleimagemissing', onMissing);
    };
  }, [map, generation]);

  // Clicks: a cluster zooms in, a photo opens the viewer.
  useEffect(() => {
    if (!map) return;
    const onCluster = (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      const clusterId = feature?.properties?.cluster_id as number | undefined;
      if (clusterId === undefined || feature?.geometry.type !== 'Point') return;
      const center = feature.geometry.coordinates as [number, number];
      const source = map.getSource(IDS.ownSource) as GeoJSONSource | undefined;
      void source?.getClusterExpansionZoom(clusterId).then((zoom) => {
        map.easeTo({ center, zoom: Math.min(zoom, map.getMaxZoom()) });
      });
    };
    const onPhoto = (event: MapLayerMouseEvent) => {
      const props = event.features?.[0]?.properties;
      if (!props || typeof props.s !== 'string') return;
      store.getState().openPhoto(props.s, Number(props.i));
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    // Only when a photo is the topmost thing clicked: a stop drawn over it takes the click.
    const releaseClusters = claimClicks(map, [IDS.clusters], onCluster);
    const releasePhotos = claimClicks(map, [IDS.singles, IDS.placed], onPhoto);
    for (const layer of [IDS.clusters, IDS.singles, IDS.placed]) {
      map.on('mouseenter', layer, pointer);
      map.on('mouseleave', layer, plain);
    }
    return () => {
      releaseClusters();
      releasePhotos();
      for (const layer of [IDS.clusters, IDS.singles, IDS.placed]) {
        map.off('mouseenter', layer, pointer);
        map.off('mouseleave', layer, plain);
      }
    };
  }, [map, store]);

  return null;
}

function evictImages(map: MapLibreMap, requested: Map<string, true>): void {
  while (requested.size > MAX_MAP_IMAGES) {
    const oldest = requested.keys().next().value as string;
    requested.delete(oldest);
    if (map.hasImage(oldest)) map.removeImage(oldest);
  }
}

function removePhotoLayer(map: MapLibreMap): void {
  if (!map.style) return;
  for (const layer of [IDS.singles, IDS.clusterCounts, IDS.clusters, IDS.placed]) {
    if (map.getLayer(layer)) map.removeLayer(layer);
  }
  for (const source of [IDS.ownSource, IDS.placedSource]) {
    if (map.getSource(source)) map.removeSource(source);
  }
  for (const id of map.listImages()) {
    if (parseThumbImageId(id)) map.removeImage(id);
  }
}
