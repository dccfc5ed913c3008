/**
 * `deriveTimeline` speed, in process, on deterministic generated sources: the 1 Hz synthetic car
 * journey as a tracker, the same journey as a noisy phone every 2 s and a third source every
 * 6 s (1,000,000 fixes in all, target < 1 s); and the adversarial case, 1,000,000 fixes at 1 Hz
 * drifting at 0.5 m/s so no stay window ever qualifies (target < 2 s).
 */
import { M_PER_DEG } from '../../../shared/geo/distance';
import type { Source, SourceKind } from '../../../shared/model';
import { deriveTimeline } from '../../../shared/timeline/derive';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type { Timeline } from '../../../shared/timeline/types';
import { columnsSource } from '../../shared/timeline/helpers';
import { driveFixes, seededRandom } from '../gen-common';
import type { BenchOptions, BenchReport, BenchSuite } from './suite';

function columns(id: string, kind: SourceKind, t: number[], lat: number[], lon: number[]): Source {
  return columnsSource(id, kind, 'bench', {
    t: Float64Array.from(t),
    lat: Float64Array.from(lat),
    lon: Float64Array.from(lon),
  });
}

/** Three sources on one journey, `total` fixes in all (6 : 3 : 1). */
export function threeSources(total: number): Source[] {
  const seconds = Math.round(total * 0.6);
  const random = seededRandom(7);
  const a = { t: [] as number[], lat: [] as number[], lon: [] as number[] };
  const b = { t: [] as number[], lat: [] as number[], lon: [] as number[] };
  const c = { t: [] as number[], lat: [] as number[], lon: [] as number[] };
  let i = 0;
  for (const fix of driveFixes(seconds)) {
    a.t.push(fix.t);
    a.lat.push(fix.lat);
    a.lon.push(fix.lon);
    const noise = () => (random() - 0.5) * (30 / M_PER_DEG);
    if (i % 2 === 0) {
      b.t.push(fix.t + 500);
      b.lat.push(fix.lat + noise());
      b.lon.push(fix.lon + noise());
    }
    if (i % 6 === 0) {
      c.t.push(fix.t + 1500);
      c.lat.push(fix.lat + noise());
      c.lon.push(fix.lon + noise());
    }
    i++;
  }
  return [
    columns('tracker', 'tracker', a.t, a.lat, a.lon),
    columns('phone', 'phone', b.t, b.lat, b.lon),
    columns('camera-phone', 'phone', c.t, c.lat, c.lon),
  ];
}

/** 1 Hz fixes drifting east at 0.5 m/s with 2 m jitter: never 5 min within 100 m. */
export function slowDrift(count: number): Source {
  const random = seededRandom(11);
  const t: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const start = Date.UTC(2024, 2, 1, 6);
  const mPerDegLon = M_PER_DEG * Math.cos((50.85 * Math.PI) / 180);
  for (let k = 0; k < count; k++) {
    t.push(start + k * 1000);
    lat.push(50.85 + ((random() - 0.5) * 4) / M_PER_DEG);
    lon.push(4.35 + (k * 0.5 + (random() - 0.5) * 4) / mPerDegLon);
  }
  return columns('drift', 'tracker', t, lat, lon);
}

function timed(f: () => Timeline, repeat: number): { ms: number; timeline: Timeline } {
  let best = Infinity;
  let timeline!: Timeline;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    const started = performance.now();
    timeline = f();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, timeline };
}

function summary(tl: Timeline): string {
  const count = (type: string) => tl.entries.filter((e) => e.type === type).length;
  return `${count('stop')} stops, ${count('move')} moves, ${count('gap')} gaps, ${tl.conflicts?.length ?? 0} conflicts`;
}

export const timelineSuite: BenchSuite = {
  name: 'timeline',
  description:
    'deriveTimeline on 1M generated fixes (three sources) and on a 1M-fix adversarial drift',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const total = opts.points;
    const settings = defaultTimelineSettings('Europe/Brussels');
    const sources = threeSources(total);
    const fixes = sources.reduce((n, s) => n + s.fixes.count, 0);
    const full = timed(
      () =>
        deriveTimeline(sources, {
          ...settings,
          coPresence: [{ a: 'tracker', b: 'phone', distanceM: 100 }],
        }),
      opts.repeat,
    );
    const drift = slowDrift(total);
    const adversarial = timed(() => deriveTimeline([drift], settings), opts.repeat);
    const rss = process.memoryUsage().rss;
    return {
      rows: [
        {
          suite: 'timeline',
          subject: `${fixes.toLocaleString('en')} fixes, 3 sources`,
          wallMs: full.ms,
          maxRssBytes: rss,
          note: `target < 1 s; ${summary(full.timeline)}`,
        },
        {
          suite: 'timeline',
          subject: `${total.toLocaleString('en')} fixes, slow drift`,
          wallMs: adversarial.ms,
          maxRssBytes: rss,
          note: `target < 2 s; ${summary(adversarial.timeline)}`,
        },
      ],
      notes: [
        `best of ${opts.repeat} in-process runs; RSS is the bench process after both cases`,
        `full: ${full.ms.toFixed(0)} ms (${full.ms < 1000 ? 'meets' : 'MISSES'} < 1 s); drift: ${adversarial.ms.toFixed(0)} ms (${adversarial.ms < 2000 ? 'meets' : 'MISSES'} < 2 s)`,
      ],
    };
  },
};
