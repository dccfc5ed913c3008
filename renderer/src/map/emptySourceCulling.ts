/**
 * Layers whose GeoJSON source holds nothing are taken out of the frame.
 *
 * MapLibre draws a tile-clipping mask into the stencil buffer, one draw per visible tile,
 * every time the layer being drawn comes from another source than the one before, whether or
 * not that source has anything in it. The app keeps a layer per evidence kind on the map for
 * its whole life (sectors, accuracy, testimony, conflicts, the measure tool, the playback
 * marker…), most of them empty in any one case: on a software rasteriser their masks alone
 * were a third of a frame (measured: 166 ms → 116 ms a frame at zoom 8 on the 1M-fix bench
 * case with those layers left out).
 *
 * A layer is left out through its zoom range, which the layer components set once when they
 * add a layer and never change, so their own visibility toggles stay theirs; the range is put
 * back as soon as the source has data again.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/** A zoom range no map reaches: the layer is never drawn. */
const NEVER = { minzoom: 24, maxzoom: 24 } as const;

export type CullingMap = Pick<
  MapLibreMap,
  'on' | 'off' | 'getLayersOrder' | 'getLayer' | 'getSource' | 'setLayerZoomRange'
>;

/** True when a GeoJSON value (as a source holds it) has no geometry to draw. */
export function isEmptyGeoJson(data: unknown): boolean {
  if (data === null || data === undefined) return true;
  if (typeof data !== 'object') return false; // a URL: unknown until loaded, keep it drawn
  const value = data as { type?: unknown; features?: unknown; geometry?: unknown };
  if (value.type === 'FeatureCollection') {
    return Array.isArray(value.features) && value.features.length === 0;
  }
  if (value.type === 'Feature') return value.geometry === null || value.geometry === undefined;
  return false;
}

function sourceIsEmpty(map: CullingMap, sourceId: string): boolean {
  const source = map.getSource(sourceId) as GeoJSONSource | undefined;
  if (!source || source.type !== 'geojson') return false;
  return isEmptyGeoJson(source.serialize().data);
}

export interface EmptySourceCulling {
  /** Ids of the layers left out now. */
  culled(): string[];
  dispose(): void;
}

export function installEmptySourceCulling(map: CullingMap): EmptySourceCulling {
  /** Culled layers and the zoom range each had. */
  const saved = new Map<string, { minzoom: number; maxzoom: number }>();
  let scheduled = false;
  let applying = false;

  const apply = () => {
    scheduled = false;
    applying = true;
    try {
      const present = new Set<string>();
      const emptiness = new Map<string, boolean>();
      for (const id of map.getLayersOrder()) {
        const layer = map.getLayer(id);
        if (!layer || !('source' in layer) || typeof layer.source !== 'string') continue;
        present.add(id);
        let empty = emptiness.get(layer.source);
        if (empty === undefined) {
          empty = sourceIsEmpty(map, layer.source);
          emptiness.set(layer.source, empty);
        }
        const range = saved.get(id);
        if (empty && !range) {
          saved.set(id, { minzoom: layer.minzoom ?? 0, maxzoom: layer.maxzoom ?? 24 });
          map.setLayerZoomRange(id, NEVER.minzoom, NEVER.maxzoom);
        } else if (!empty && range) {
          saved.delete(id);
          map.setLayerZoomRange(id, range.minzoom, range.maxzoom);
        }
      }
      // Layers removed meanwhile (a new style, an unmounted component) are forgotten.
      for (const id of saved.keys()) if (!present.has(id)) saved.delete(id);
    } finally {
      applying = false;
    }
  };

  // Data events come in bursts (every tile of every source): one check after the burst.
  const schedule = () => {
    if (applying || scheduled) return;
    scheduled = true;
    queueMicrotask(apply);
  };

  map.on('sourcedata', schedule);
  map.on('styledata', schedule);
  schedule();
  return {
    culled: () => [...saved.keys()],
    dispose: () => {
      map.off('sourcedata', schedule);
      map.off('styledata', schedule);
    },
  };
}
