/**
 * Photos on the exhibit map, from the document alone: each photo with its own position as its
 * thumbnail in a white frame (the app's marker), a photo placed on a track by time as a hollow
 * ring (inferred, as in the app). Unlike the app's photo layer nothing loads lazily and nothing
 * is clustered: every marker image is decoded before the map is drawn (main.tsx), so every
 * tile of a tiled image shows the same markers. Mounted before the stops, which stay on top.
 */
import { useEffect } from 'react';
import type { FeatureCollection, Point } from 'geojson';
import type { ExhibitMapPhoto } from '../../shared/exhibit/document';
import { useMapHandle } from '../src/map/MapContext';
import { MARKER_PIXEL_RATIO, placeholderMarker } from '../src/photos/markerImages';

export const EXHIBIT_PHOTO_IDS = {
  source: 'exhibit-photos',
  singles: 'exhibit-photos-own',
  placed: 'exhibit-photos-placed',
  placeholder: 'exhibit-photo-placeholder',
} as const;
const IDS = EXHIBIT_PHOTO_IDS;
export const EXHIBIT_PHOTO_COLOUR = '#7b3fa0';
const PLACED_COLOUR = '#b26a00';

export const photoImageId = (key: string) => `exhibit-photo:${key}`;

export function photoFeatures(
  photos: readonly ExhibitMapPhoto[],
  images: ReadonlyMap<string, ImageData>,
): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: photos.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: {
        key: p.key,
        placed: p.position === 'track',
        icon: images.has(p.key) ? photoImageId(p.key) : IDS.placeholder,
      },
    })),
  };
}

export function ExhibitPhotoLayer({
  photos,
  images,
}: {
  photos: readonly ExhibitMapPhoto[];
  images: ReadonlyMap<string, ImageData>;
}) {
  const map = useMapHandle()?.map;
  useEffect(() => {
    if (!map) return;
    const added: string[] = [];
    const addImage = (id: string, data: ImageData) => {
      if (map.hasImage(id)) return;
      map.addImage(id, data, { pixelRatio: MARKER_PIXEL_RATIO });
      added.push(id);
    };
    addImage(IDS.placeholder, placeholderMarker());
    for (const [key, data] of images) addImage(photoImageId(key), data);
    map.addSource(IDS.source, { type: 'geojson', data: photoFeatures(photos, images) });
    map.addLayer({
      id: IDS.placed,
      type: 'circle',
      source: IDS.source,
      filter: ['==', ['get', 'placed'], true],
      paint: {
        'circle-radius': 7,
        'circle-color': 'rgba(255,255,255,0.6)',
        'circle-stroke-color': PLACED_COLOUR,
        'circle-stroke-width': 2.5,
      },
    });
    map.addLayer({
      id: IDS.singles,
      type: 'symbol',
      source: IDS.source,
      filter: ['==', ['get', 'placed'], false],
      layout: {
        'icon-image': ['get', 'icon'],
        'icon-size': 0.8,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // A marker cut by a tile's edge is drawn in both tiles (its anchor may be in either).
        'symbol-avoid-edges': false,
      },
    });
    return () => {
      // After map.remove() the style is gone and there is nothing left to clean up.
      if (!map.style) return;
      for (const id of [IDS.singles, IDS.placed]) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(IDS.source)) map.removeSource(IDS.source);
      for (const id of added) if (map.hasImage(id)) map.removeImage(id);
    };
  }, [map, photos, images]);
  return null;
}
