/** Progress throttling: at most one emission per interval, the latest state always gets out. */
import { describe, expect, it } from 'vitest';
import type { ImportProgressEvent } from '../../shared/api';
import { JobProgress, type ProgressClock } from '../../electron/services/intake-progress';

function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: ProgressClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      const k = timers.findIndex((t) => t.id === id);
      if (k >= 0) timers.splice(k, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      now = next.at;
      next.fn();
    }
    now = end;
  };
  return { clock, advance };
}

describe('JobProgress', () => {
  it('emits at most ten times a second however often bytes arrive, ending on the latest', () => {
    const { clock, advance } = fakeClock();
    const out: ImportProgressEvent[] = [];
    const p = new JobProgress('j', ['/e/a.gpx'], [10_000_000], (e) => out.push(e), 100, clock);
    // 1,000 chunk reports over 2 s (every 2 ms).
    for (let i = 1; i <= 1000; i++) {
      p.bytes(0, i * 10_000, 10_000_000);
      advance(2);
    }
    advance(200);
    expect(out.length).toBeGreaterThanOrEqual(19);
    expect(out.length).toBeLessThanOrEqual(21);
    expect(out.at(-1)).toMatchObject({ bytesRead: 10_000_000, state: 'reading', name: 'a.gpx' });
  });

  it('sends a file reaching its end at once, and nothing after close', () => {
    const { clock, advance } = fakeClock();
    const out: ImportProgressEvent[] = [];
    const p = new JobProgress(
      'j',
      ['/e/a.gpx', '/e/b.csv'],
      [100, 50],
      (e) => out.push(e),
      100,
      clock,
    );
    p.bytes(0, 10, 100);
    p.bytes(1, 5, 50);
    expect(out).toHaveLength(1);
    p.finish(1, 'done');
    expect(out.map((e) => [e.fileIndex, e.state])).toEqual([
      [0, 'reading'],
      [1, 'done'],
    ]);
    expect(out[1]).toMatchObject({
      bytesRead: 50,
      jobBytesRead: 60,
      jobTotalBytes: 150,
      fileCount: 2,
    });
    p.finish(0, 'cancelled');
    expect(out.at(-1)).toMatchObject({ fileIndex: 0, state: 'cancelled', bytesRead: 10 });
    // A late chunk report of a finished file changes nothing.
    p.bytes(0, 90, 100);
    p.close();
    advance(500);
    expect(out).toHaveLength(3);
  });
});
