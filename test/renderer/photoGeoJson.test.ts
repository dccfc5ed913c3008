import { describe, expect, it, vi } from 'vitest';
import {
  MAX_PLACEMENT_TIME_DISTANCE_MS,
  buildPhotoFeatures,
  parseThumbImageId,
  thumbImageId,
} from '../../renderer/src/photos/photoGeoJson';
import { sourceBounds } from '../../renderer/src/map/routeGeoJson';
import { createAppStore } from '../../renderer/src/store/store';
import { fakeSource } from './fakeSource';
import { T0, fakePhoto, fakePhotosSource, ok } from './photoFixtures';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

function setUp() {
  const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
  const photos = fakePhotosSource('phone-photos', [
    fakePhoto(0, { lat: 50.85, lon: 4.35 }),
    // No position, shot 90 s after T0: between the first two fixes of the track.
    fakePhoto(1, { t: T0 + 90_000, shutterT: T0 + 90_000 }),
    // Impossible latitude: never drawn.
    fakePhoto(2, { lat: 95, lon: 4 }),
    // No position, far from any fix.
    fakePhoto(3, { t: T0 + 5 * 3_600_000, shutterT: T0 + 5 * 3_600_000 }),
    fakePhoto(4, { lat: 51.05, lon: 3.72, make: 'Canon' }),
  ]);
  const track = fakeSource('car', [
    [50.0, 4.0, T0],
    [50.2, 4.0, T0 + 120_000],
    [50.2, 4.4, T0 + 240_000],
  ]);
  const [p, tr] = store.getState().addResults([ok(photos), ok(track)], { demo: false });
  return { store, photosKey: p!.key, trackKey: tr!.key };
}

describe('buildPhotoFeatures', () => {
  it('draws photos with a valid own position, keyed by source and index', () => {
    const { store, photosKey } = setUp();
    const { own, placed } = buildPhotoFeatures(store.getState().entries, {}, {});
    expect(own.features.map((f) => [f.properties.i, ...f.geometry.coordinates])).toEqual([
      [0, 4.35, 50.85],
      [4, 3.72, 51.05],
    ]);
    expect(own.features[0]!.properties).toEqual({
      s: photosKey,
      i: 0,
      img: thumbImageId(photosKey, 0),
      // Its time, for the time window's dimming.
      t: store
        .getState()
        .entries.flatMap((e) =>
          e.key === photosKey && e.kind === 'source' ? [e.source.photos![0]!.t] : [],
        )[0],
    });
    expect(placed.features).toEqual([]);
  });

  it('places unpositioned photos on the chosen track by time, as inferred', () => {
    const { store, photosKey, trackKey } = setUp();
    const { placed } = buildPhotoFeatures(store.getState().entries, { [photosKey]: trackKey }, {});
    // Photo 2's impossible position counts as none (placed exactly on a fix); photo 3 is hours
    // from any fix: not placed.
    expect(placed.features.map((f) => [f.properties.i, f.properties.dt])).toEqual([
      [1, 30_000],
      [2, 0],
    ]);
    const [f] = placed.features;
    expect(f!.properties).toMatchObject({ s: photosKey, i: 1, dt: 30_000 });
    expect(f!.geometry.coordinates[0]).toBeCloseTo(4.0, 10);
    expect(f!.geometry.coordinates[1]).toBeCloseTo(50.15, 10);
    expect(MAX_PLACEMENT_TIME_DISTANCE_MS).toBe(1_800_000);
  });

  it('moves placed photos with their camera’s clock correction', () => {
    const { store, photosKey, trackKey } = setUp();
    const { placed } = buildPhotoFeatures(
      store.getState().entries,
      { [photosKey]: trackKey },
      // iPhone clock 60 s fast: the photo was really taken at T0 + 150 s.
      { 'apple|iphone 12|': { correctionMs: 60_000, trust: 'auto' } },
    );
    const [f] = placed.features;
    expect(f!.geometry.coordinates[0]).toBeCloseTo(4.1, 10);
    expect(f!.geometry.coordinates[1]).toBeCloseTo(50.2, 10);
    expect(f!.properties.dt).toBe(30_000);
  });

  it('builds 10,000 photo features quickly', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    const many = Array.from({ length: 10_000 }, (_, i) =>
      fakePhoto(i, { lat: 50 + (i % 100) / 100, lon: 4 + Math.floor(i / 100) / 100 }),
    );
    store.getState().addResults([ok(fakePhotosSource('many', many))], { demo: false });
    const started = performance.now();
    const { own } = buildPhotoFeatures(store.getState().entries, {}, {});
    expect(own.features).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('sourceBounds of a photos source', () => {
  it('covers the photos with a valid position, so an import fits the map to them', () => {
    const source = fakePhotosSource('p', [
      fakePhoto(0, { lat: 50.85, lon: 4.35 }),
      fakePhoto(1),
      fakePhoto(2, { lat: 51.05, lon: 3.72 }),
      fakePhoto(3, { lat: 95, lon: 200 }),
    ]);
    expect(sourceBounds(source)).toEqual({ west: 3.72, south: 50.85, east: 4.35, north: 51.05 });
    expect(sourceBounds(fakePhotosSource('none', [fakePhoto(0)]))).toBeNull();
  });
});

describe('thumbnail image ids', () => {
  it('round-trip, including keys with colons', () => {
    expect(parseThumbImageId(thumbImageId('e12', 345))).toEqual({ sourceKey: 'e12', index: 345 });
    expect(parseThumbImageId(thumbImageId('a:b', 0))).toEqual({ sourceKey: 'a:b', index: 0 });
    expect(parseThumbImageId('route-e1-points')).toBeNull();
  });
});
