import { describe, expect, it, vi } from 'vitest';
import { numberPriority } from '../../renderer/src/map/StopLayer';
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
