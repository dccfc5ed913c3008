import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it, vi } from 'vitest';
import { markerRadius, numberPriority } from '../../renderer/src/map/StopLayer';
import { evaluate } from './layersEval';

vi.mock('maplibre-gl', () => ({ LngLatBounds: vi.fn() }));

describe('stop number priority', () => {
  it('places the selected stop first, then longer stays before shorter ones', () => {
    const key = numberPriority('stop-3');
    const long = evaluate(key, { id: 'stop-1', durationMin: 240 }) as number;
    const short = evaluate(key, { id: 'stop-2', durationMin: 12 }) as number;
    const selected = evaluate(key, { id: 'stop-3', durationMin: 5 }) as number;
    expect(selected).toBeLessThan(long);
    expect(long).toBeLessThan(short);
  });

  it('has no favourite when nothing is selected', () => {
    const key = numberPriority('');
    expect(evaluate(key, { id: 'stop-1', durationMin: 30 })).toBe(-30);
  });
});

/** A circle radius expression evaluated at `zoom` for a stop of `durationMin`, by MapLibre's code. */
function radiusAt(expr: unknown, zoom: number, durationMin: number): number {
  const parsed = expression.createExpression(
    expr,
    'layers[0].paint.circle-radius',
    latest.paint_circle['circle-radius'] as never,
  );
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom }, {
    type: 'Point',
    properties: { durationMin },
    geometry: [],
  } as never) as number;
}

describe('stop marker size', () => {
  it('grows with the stay, full size at street scale and half at region scale', () => {
    const r = markerRadius();
    expect(radiusAt(r, 14, 0)).toBe(8);
    expect(radiusAt(r, 14, 1440)).toBe(24);
    expect(radiusAt(r, 11, 60)).toBe(13);
    expect(radiusAt(r, 6, 60)).toBe(6.5);
    expect(radiusAt(r, 3, 1440)).toBe(12);
    expect(radiusAt(r, 8.5, 1440)).toBeCloseTo(18);
    expect(radiusAt(r, 12, 5)).toBeLessThan(radiusAt(r, 12, 60));
  });

  it('keeps the selection ring the same width at every zoom', () => {
    for (const zoom of [4, 6, 9, 11, 16])
      expect(radiusAt(markerRadius(6), zoom, 90) - radiusAt(markerRadius(), zoom, 90)).toBeCloseTo(
        6,
      );
  });
});
