/**
 * Dimming by feature state (renderer/src/time/dimming.ts): which features a window step
 * touches, the ids they are addressed by, and the opacity expression read from the state.
 */
import { describe, expect, it } from 'vitest';
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection, Point } from 'geojson';
import {
  DIMMED_OPACITY,
  applyOutStates,
  changedFlags,
  dimByState,
  outOfRangeFlags,
  withStateIds,
} from '../../renderer/src/time/dimming';
import {
  FULL_ROUTE_DETAIL,
  isSoftwareRendererName,
  mapRenderQuality,
  routeDetailFor,
} from '../../renderer/src/map/renderQuality';

function opacityFor(state: Record<string, unknown>): unknown {
  const parsed = expression.createExpression(
    dimByState(),
    'layers[0].paint.icon-opacity',
    latest.paint_symbol['icon-opacity'] as never,
  );
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate(
    { zoom: 12 },
    { type: 'Point', properties: {}, geometry: [] } as never,
    state as never,
  );
}

function recordingMap(hasSource = true) {
  const calls: { id: string | number | undefined; out: unknown }[] = [];
  const map = {
    getSource: () => (hasSource ? {} : undefined),
    setFeatureState: (feature: { id?: string | number }, state: Record<string, unknown>) => {
      calls.push({ id: feature.id, out: state.out });
    },
  };
  return { map: map as never, calls };
}

describe('dimming by feature state', () => {
  it('reads the out state: dimmed when out, bright when in or never set', () => {
    expect(opacityFor({ out: true })).toBe(DIMMED_OPACITY);
    expect(opacityFor({ out: false })).toBe(1);
    expect(opacityFor({})).toBe(1);
  });

  it('flags times outside the window, never untimed ones, none without a window', () => {
    const times = Float64Array.from([10, 20, NaN, 30, 40]);
    expect([...outOfRangeFlags(times, { start: 15, end: 30 })]).toEqual([1, 0, 0, 0, 1]);
    expect([...outOfRangeFlags(times, null)]).toEqual([0, 0, 0, 0, 0]);
    // The edges belong to the window.
    expect([...outOfRangeFlags(times, { start: 20, end: 20 })]).toEqual([1, 0, 0, 1, 1]);
  });

  it('a window step touches only the features that crossed an edge, addressed by id k + 1', () => {
    const times = Float64Array.from({ length: 10_000 }, (_, k) => k * 1000);
    const { map, calls } = recordingMap();
    const first = applyOutStates(
      map,
      's',
      null,
      outOfRangeFlags(times, { start: 0, end: 5_000_000 }),
    );
    expect(calls.length).toBe(4999); // 5001..9999 out
    expect(calls[0]).toEqual({ id: 5002, out: true });
    calls.length = 0;
    applyOutStates(map, 's', first, outOfRangeFlags(times, { start: 0, end: 5_003_000 }));
    expect(calls).toEqual([
      { id: 5002, out: false },
      { id: 5003, out: false },
      { id: 5004, out: false },
    ]);
  });

  it('does nothing when the source is gone, and lists changes both ways', () => {
    const { map, calls } = recordingMap(false);
    applyOutStates(map, 's', null, Uint8Array.from([1, 1]));
    expect(calls).toEqual([]);
    expect(changedFlags(Uint8Array.from([1, 0, 1]), Uint8Array.from([0, 0, 1]))).toEqual([0]);
    expect(changedFlags(null, Uint8Array.from([0, 1, 1]))).toEqual([1, 2]);
  });

  it('numbers features from 1 (clustering drops id 0) and collects their times', () => {
    const collection: FeatureCollection<Point, { t?: number; name: string }> = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [4, 50] },
          properties: { t: 5, name: 'a' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [5, 51] },
          properties: { name: 'b' },
        },
      ],
    };
    const { collection: numbered, times } = withStateIds(collection);
    expect(numbered.features.map((f) => f.id)).toEqual([1, 2]);
    expect(numbered.features[1]!.properties.name).toBe('b');
    expect([...times]).toEqual([5, NaN]);
    // The input is left as it was.
    expect(collection.features[0]!.id).toBeUndefined();
  });
});

describe('map render quality', () => {
  it('draws at 2x or more with MSAA on a GPU, at 1x without MSAA in software', () => {
    expect(mapRenderQuality(false, 1)).toEqual({
      pixelRatio: 2,
      antialias: true,
      reduceInMotion: false,
    });
    expect(mapRenderQuality(false, 3)).toEqual({
      pixelRatio: 3,
      antialias: true,
      reduceInMotion: false,
    });
    expect(mapRenderQuality(true, 2)).toEqual({
      pixelRatio: 1,
      antialias: false,
      reduceInMotion: true,
    });
    expect(mapRenderQuality(true, 0.8)).toEqual({
      pixelRatio: 0.8,
      antialias: false,
      reduceInMotion: true,
    });
    expect(mapRenderQuality(true, NaN)).toEqual({
      pixelRatio: 1,
      antialias: false,
      reduceInMotion: true,
    });
  });

  it('gives software GL a coarser route with bevel joins, and a GPU full detail', () => {
    expect(routeDetailFor(false)).toEqual(FULL_ROUTE_DETAIL);
    expect(FULL_ROUTE_DETAIL).toEqual({
      zoomOffset: 0,
      vertexBudget: 120_000,
      lineJoin: 'round',
      casingMinZoom: 0,
    });
    const soft = routeDetailFor(true);
    expect(soft.zoomOffset).toBeGreaterThan(0);
    expect(soft.vertexBudget).toBeLessThan(FULL_ROUTE_DETAIL.vertexBudget);
    expect(soft.lineJoin).toBe('bevel');
    expect(soft.casingMinZoom).toBeGreaterThan(8);
  });
});

describe('software renderer names', () => {
  it('recognises CPU rasterisers and not GPUs', () => {
    expect(
      isSoftwareRendererName(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareRendererName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(
      isSoftwareRendererName('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11)'),
    ).toBe(true);
    expect(
      isSoftwareRendererName('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)'),
    ).toBe(false);
    expect(isSoftwareRendererName('Apple M1')).toBe(false);
  });
});
