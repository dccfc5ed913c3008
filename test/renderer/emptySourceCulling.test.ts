import { describe, expect, it } from 'vitest';
import {
  installEmptySourceCulling,
  isEmptyGeoJson,
  type CullingMap,
} from '../../renderer/src/map/emptySourceCulling';
import { FakeMapEvents } from './fakeMapEvents';

const POINT = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [4.35, 50.85] },
  properties: {},
};
const EMPTY = { type: 'FeatureCollection', features: [] };
const ONE = { type: 'FeatureCollection', features: [POINT] };

/** Layers, sources and events: what the culling reads and writes of a MapLibre map. */
class FakeMap extends FakeMapEvents {
  layers: { id: string; source?: string; minzoom?: number; maxzoom?: number }[] = [];
  sources = new Map<string, { type: string; data: unknown }>();
  getLayersOrder() {
    return this.layers.map((l) => l.id);
  }
  getLayer(id: string) {
    return this.layers.find((l) => l.id === id);
  }
  getSource(id: string) {
    const s = this.sources.get(id);
    return s ? { type: s.type, serialize: () => ({ type: s.type, data: s.data }) } : undefined;
  }
  setLayerZoomRange(id: string, minzoom: number, maxzoom: number) {
    const layer = this.getLayer(id)!;
    layer.minzoom = minzoom;
    layer.maxzoom = maxzoom;
    // MapLibre fires styledata for a changed layer: the culling must not loop on it.
    this.fire('styledata');
    return this;
  }
  asMap(): CullingMap {
    return this as unknown as CullingMap;
  }
}

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

describe('isEmptyGeoJson', () => {
  it('is true for an empty collection or a feature without geometry', () => {
    expect(isEmptyGeoJson(EMPTY)).toBe(true);
    expect(isEmptyGeoJson({ type: 'Feature', geometry: null, properties: {} })).toBe(true);
    expect(isEmptyGeoJson(undefined)).toBe(true);
  });

  it('is false for data, and for a URL whose content is not known yet', () => {
    expect(isEmptyGeoJson(ONE)).toBe(false);
    expect(isEmptyGeoJson(POINT)).toBe(false);
    expect(isEmptyGeoJson('data/route.geojson')).toBe(false);
  });
});

describe('empty source culling', () => {
  it('leaves out the layers of empty sources and brings them back with their zoom range', async () => {
    const map = new FakeMap();
    map.sources.set('basemap', { type: 'vector', data: undefined });
    map.sources.set('accuracy', { type: 'geojson', data: EMPTY });
    map.sources.set('route', { type: 'geojson', data: ONE });
    map.layers = [
      { id: 'background' },
      { id: 'land', source: 'basemap' },
      { id: 'accuracy-fill', source: 'accuracy', minzoom: 11 },
      { id: 'route-line', source: 'route' },
    ];
    const culling = installEmptySourceCulling(map.asMap());
    await settle();
    expect(culling.culled()).toEqual(['accuracy-fill']);
    expect(map.getLayer('accuracy-fill')).toMatchObject({ minzoom: 24, maxzoom: 24 });
    expect(map.getLayer('land')!.minzoom).toBeUndefined();
    expect(map.getLayer('route-line')!.minzoom).toBeUndefined();

    map.sources.get('accuracy')!.data = ONE;
    map.fire('sourcedata');
    await settle();
    expect(culling.culled()).toEqual([]);
    expect(map.getLayer('accuracy-fill')).toMatchObject({ minzoom: 11, maxzoom: 24 });

    map.sources.get('route')!.data = EMPTY;
    map.fire('sourcedata');
    await settle();
    expect(culling.culled()).toEqual(['route-line']);
    culling.dispose();
  });

  it('checks once per burst of events, and forgets layers that were removed', async () => {
    const map = new FakeMap();
    map.sources.set('tool', { type: 'geojson', data: EMPTY });
    map.layers = [{ id: 'tool-line', source: 'tool' }];
    let reads = 0;
    const getSource = map.getSource.bind(map);
    map.getSource = (id: string) => {
      reads += 1;
      return getSource(id);
    };
    const culling = installEmptySourceCulling(map.asMap());
    for (let i = 0; i < 20; i++) map.fire('sourcedata');
    await settle();
    expect(reads).toBe(1);
    expect(culling.culled()).toEqual(['tool-line']);
    map.layers = [];
    map.fire('styledata');
    await settle();
    expect(culling.culled()).toEqual([]);
  });

  it('stops when disposed', async () => {
    const map = new FakeMap();
    map.sources.set('tool', { type: 'geojson', data: ONE });
    map.layers = [{ id: 'tool-line', source: 'tool' }];
    const culling = installEmptySourceCulling(map.asMap());
    await settle();
    culling.dispose();
    map.sources.get('tool')!.data = EMPTY;
    map.fire('sourcedata');
    await settle();
    expect(culling.culled()).toEqual([]);
  });
});
