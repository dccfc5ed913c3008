/**
 * Bringing a selected timeline entry into view: nothing moves when it is already in plain
 * view, a short move eases, a long one flies, bounds are fitted; the map's overlays (the
 * layers box, the zoom buttons, the time bar) count as hidden ground.
 */
import { describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  bringIntoView,
  clearOffset,
  fitPadding,
  insideClear,
  overlayPadding,
  planFocus,
  type Padding,
} from '../../renderer/src/map/followView';

const size = { width: 1000, height: 700 };
const canvas = { left: 100, top: 50, ...size };

describe('overlayPadding', () => {
  it('counts a box on the left, buttons on the right and a bar along the bottom', () => {
    const pad = overlayPadding(canvas, [
      // The layers box, top-left: 10 px in, 180 px wide.
      { left: 110, top: 60, right: 290, bottom: 560 },
      // The zoom buttons, top-right.
      { left: 1060, top: 60, right: 1090, bottom: 160 },
      // The time bar across the bottom, 74 px high.
      { left: 100, top: 676, right: 1100, bottom: 750 },
    ]);
    expect(pad).toEqual({ top: 0, left: 190, right: 40, bottom: 74 });
  });

  it('counts the attribution line and basemap button at the bottom right against the bottom', () => {
    const pad = overlayPadding(canvas, [{ left: 720, top: 690, right: 1095, bottom: 720 }]);
    expect(pad).toEqual({ top: 0, left: 0, right: 0, bottom: 60 });
  });

  it('ignores what lies outside the canvas and caps each side', () => {
    const pad = overlayPadding(canvas, [
      { left: 0, top: 0, right: 90, bottom: 40 },
      { left: 100, top: 50, right: 650, bottom: 700 },
    ]);
    expect(pad.left).toBe(450);
    expect(pad.top + pad.right + pad.bottom).toBe(0);
  });
});

describe('fitPadding', () => {
  it('keeps fitted evidence clear of the overlays, and at least the minimum from each edge', () => {
    const clear = { top: 24, right: 80, bottom: 150, left: 300 };
    expect(fitPadding(clear, size, 56)).toEqual({ top: 56, right: 80, bottom: 150, left: 300 });
  });

  it('falls back to the minimum when the overlays would leave too little map', () => {
    const clear = { top: 24, right: 80, bottom: 150, left: 300 };
    expect(fitPadding(clear, { width: 450, height: 700 }, 56)).toEqual({
      top: 56,
      right: 56,
      bottom: 56,
      left: 56,
    });
    expect(fitPadding({ ...clear, left: 24 }, { width: 1000, height: 200 }, 56)).toEqual({
      top: 56,
      right: 56,
      bottom: 56,
      left: 56,
    });
  });
});

describe('planFocus', () => {
  const pad: Padding = { top: 20, right: 60, bottom: 100, left: 220 };
  it('stays when a point is in the clear area at a useful zoom', () => {
    expect(planFocus({ points: [{ x: 600, y: 300 }], size, pad, zoom: 12, minZoom: 11 })).toBe(
      'stay',
    );
  });
  it('eases in on a point in view at an overview zoom', () => {
    expect(planFocus({ points: [{ x: 600, y: 300 }], size, pad, zoom: 6, minZoom: 11 })).toBe(
      'ease',
    );
  });
  it('eases to a point under the layers box or just off screen, flies to a far one', () => {
    expect(planFocus({ points: [{ x: 100, y: 300 }], size, pad, zoom: 12, minZoom: 11 })).toBe(
      'ease',
    );
    expect(planFocus({ points: [{ x: 1300, y: 300 }], size, pad, zoom: 12, minZoom: 11 })).toBe(
      'ease',
    );
    expect(planFocus({ points: [{ x: 9000, y: -4000 }], size, pad, zoom: 12, minZoom: 11 })).toBe(
      'fly',
    );
  });
  it('stays on bounds in view, fits bounds partly hidden or too small to read', () => {
    const inView = [
      { x: 300, y: 100 },
      { x: 800, y: 500 },
    ];
    expect(planFocus({ points: inView, size, pad, zoom: 8, minZoom: 11 })).toBe('stay');
    const underBar = [
      { x: 300, y: 100 },
      { x: 800, y: 650 },
    ];
    expect(planFocus({ points: underBar, size, pad, zoom: 8, minZoom: 11 })).toBe('fit');
    const dot = [
      { x: 500, y: 300 },
      { x: 505, y: 303 },
    ];
    expect(planFocus({ points: dot, size, pad, zoom: 5, minZoom: 11 })).toBe('fit');
  });
  it('centres in the clear area', () => {
    expect(clearOffset(pad)).toEqual([80, -40]);
    expect(insideClear({ x: 220, y: 20 }, size, pad)).toBe(true);
    expect(insideClear({ x: 219, y: 20 }, size, pad)).toBe(false);
  });
});

/** A map that projects lon/lat linearly (1° = 100 px, centre at 4°E 50°N) and records moves. */
function fakeMap(zoom: number) {
  const calls: { kind: string; options: Record<string, unknown> }[] = [];
  const map = {
    getCanvas: () => ({ clientWidth: size.width, clientHeight: size.height }),
    getContainer: () => ({
      getBoundingClientRect: () => ({ left: 0, top: 0, ...size }),
      closest: () => null,
      parentElement: null,
    }),
    getZoom: () => zoom,
    project: ([lon, lat]: [number, number]) => ({
      x: size.width / 2 + (lon - 4) * 100,
      y: size.height / 2 - (lat - 50) * 100,
    }),
    easeTo: (options: Record<string, unknown>) => calls.push({ kind: 'ease', options }),
    flyTo: (options: Record<string, unknown>) => calls.push({ kind: 'fly', options }),
    fitBounds: (bounds: unknown, options: Record<string, unknown>) =>
      calls.push({ kind: 'fit', options: { ...options, bounds } }),
  };
  return { map: map as unknown as MapLibreMap, calls };
}

describe('bringIntoView on a map', () => {
  it('does not move the map for a stop already in view', () => {
    const { map, calls } = fakeMap(12);
    expect(bringIntoView(map, [4.5, 50.5], { minZoom: 11 })).toBe('stay');
    expect(calls).toEqual([]);
  });
  it('eases to an off-screen stop at street level, keeping a closer zoom', () => {
    const { map, calls } = fakeMap(14);
    expect(bringIntoView(map, [10, 50], { minZoom: 11 })).toBe('ease');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.options).toMatchObject({ center: [10, 50], zoom: 14, offset: [0, 0] });
  });
  it('fits bounds that reach off screen, with the clear area as padding', () => {
    const { map, calls } = fakeMap(9);
    expect(
      bringIntoView(
        map,
        [
          [3, 49],
          [12, 51],
        ],
        { maxZoom: 13 },
      ),
    ).toBe('fit');
    expect(calls[0]!.kind).toBe('fit');
    expect(calls[0]!.options).toMatchObject({ maxZoom: 13, padding: { left: 24, top: 24 } });
  });
});
