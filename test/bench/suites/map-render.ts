/**
 * Map responsiveness with the generated 1M-point GPX: the built renderer in headless Debian
 * Chromium against the test host, the file imported through the UI, then a scripted pan/zoom
 * sequence. Measures click → route drawn, the page's JS heap, frame times (rAF) and long
 * tasks (PerformanceObserver) while moving, and time-to-idle per step. Reports; never gates.
 *
 * The renderer is built from the working tree into a cache directory on every run, so the
 * numbers describe the current code; `ITINERA_BENCH_RENDERER_DIR=<dir>` measures another
 * build instead (e.g. one made from an older commit, for a before/after comparison).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startTestHost } from '../../e2e/host';
import { BENCH_CACHE_DIR, driveFixes, ensureBenchGpx } from '../gen-gpx';
import { benchPhotoSource, isSyntheticPhotosPath, syntheticPhotosPath } from '../gen-photo-source';
import type { ImportResult } from '../../../shared/api';
import type { Source } from '../../../shared/model';
import type { ImportJob } from '../../../electron/services/intake';
import type { BenchOptions, BenchReport, BenchRow, BenchSuite } from './suite';

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1400, height: 900 };
const STEP_DURATION_MS = 400;
/** Quiet time after the last render before a step counts as settled. */
const SETTLE_QUIET_MS = 400;
const LONG_TIMEOUT_MS = 300_000;
/** Photos imported with the track (`ITINERA_BENCH_PHOTOS=0` leaves them out). */
const DEFAULT_BENCH_PHOTOS = 10_000;

/** One scripted camera move: an eased zoom around the probe point, or a pan in pixels. */
type Step = { kind: 'zoom'; zoom: number } | { kind: 'pan'; dx: number; dy: number };

const STEPS: Step[] = [
  { kind: 'zoom', zoom: 9 },
  { kind: 'zoom', zoom: 11 },
  { kind: 'zoom', zoom: 13 },
  { kind: 'zoom', zoom: 15 },
  { kind: 'zoom', zoom: 17 },
  { kind: 'pan', dx: 400, dy: 0 },
  { kind: 'pan', dx: 0, dy: 300 },
  { kind: 'pan', dx: -400, dy: 0 },
  { kind: 'pan', dx: 0, dy: -300 },
  { kind: 'zoom', zoom: 14 },
  { kind: 'pan', dx: 500, dy: 200 },
  { kind: 'pan', dx: -500, dy: -200 },
  { kind: 'zoom', zoom: 12 },
  { kind: 'pan', dx: 300, dy: -250 },
  { kind: 'zoom', zoom: 10 },
  { kind: 'pan', dx: -300, dy: 250 },
  { kind: 'zoom', zoom: 8 },
  { kind: 'pan', dx: 250, dy: 150 },
  { kind: 'zoom', zoom: 6.5 },
  { kind: 'pan', dx: -250, dy: -150 },
];

interface StepResult {
  label: string;
  toIdleMs: number;
  maxFrameMs: number;
  longTaskMaxMs: number;
}

interface InPageSequence {
  steps: StepResult[];
  frames: number[];
  longTasks: number[];
}

export const mapRenderSuite: BenchSuite = {
  name: 'map-render',
  description: 'import the generated GPX through the UI, then pan/zoom: draw time, heap, frames',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const notes: string[] = [];
    const rows: BenchRow[] = [];
    if (!existsSync(CHROMIUM)) {
      return { rows, notes: [`skipped: ${CHROMIUM} not found (apt-get install chromium)`] };
    }
    const file = await ensureBenchGpx(opts.points);
    const rendererDir = process.env.ITINERA_BENCH_RENDERER_DIR ?? (await buildRenderer(opts));
    notes.push(`renderer: ${rendererDir}`);
    const probe = probePoint(opts.points);
    const photoCount = Number(process.env.ITINERA_BENCH_PHOTOS ?? DEFAULT_BENCH_PHOTOS);
    const photosPath = syntheticPhotosPath(BENCH_CACHE_DIR, photoCount);
    // Made before the click: generating it is the bench's work, not the app's (the real
    // photo intake has its own costs, measured elsewhere). Its transfer and drawing count.
    const photoSource = photoCount > 0 ? benchPhotoSource(opts.points, photoCount) : null;
    const intake = { ms: NaN };
    // As electron/main.ts does at start: the intake module loaded and one worker waiting, so
    // the click measures the import rather than tsx compiling the intake on first use.
    const intakeModule = await import('../../../electron/services/intake');
    await intakeModule.prewarmIntakeWorker();
    // The table sniffing the click asks for first: bundled into the app's main, compiled by
    // tsx here on first use (8–43 ms) unless loaded now.
    await import('../../../electron/services/intake-table');
    const host = await startTestHost({
      rendererDir,
      importEvidence: async (paths, job) => {
        const started = performance.now();
        const results = await importWithSyntheticPhotos(paths, job, photoSource);
        intake.ms = performance.now() - started;
        return results;
      },
    });
    const profileDir = await mkdtemp(join(tmpdir(), 'itinera-bench-profile-'));
    const shotsDir = join(opts.repoRoot, 'test-results');
    await mkdir(shotsDir, { recursive: true });
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
      timezoneId: 'UTC',
      locale: 'en-GB',
    });
    try {
      // tsx keeps function names with an `__name` helper that does not exist in the page.
      await context.addInitScript('globalThis.__name = (f) => f;');
      await context.addInitScript(() => {
        (window as unknown as { __ITINERA_E2E__: boolean }).__ITINERA_E2E__ = true;
        localStorage.setItem('itinera.locale', 'en');
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(msg.text());
      });
      await page.goto(host.url);
      // The demo case is drawn first; the import replaces it.
      await page.getByTestId('source-row').first().waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        () => {
          const map = (window as unknown as { __itineraMap?: { loaded(): boolean } }).__itineraMap;
          return map !== undefined && map.loaded();
        },
        undefined,
        { timeout: LONG_TIMEOUT_MS },
      );
      await installProbes(page);
      // The same moves before the import: what the basemap alone costs on this machine.
      const baseline = await page.evaluate(runSequence, {
        steps: STEPS,
        probe,
        durationMs: STEP_DURATION_MS,
        quietMs: SETTLE_QUIET_MS,
      });

      host.setPickResult(photoCount > 0 ? [file, photosPath] : [file]);
      await page.evaluate((name) => {
        const state = (window as unknown as { __bench: BenchState }).__bench;
        document.addEventListener(
          'click',
          () => {
            state.clickAt = performance.now();
          },
          { capture: true, once: true },
        );
        // When the row is in the DOM, not when Playwright gets round to noticing it.
        const observer = new MutationObserver(() => {
          const rows = document.querySelectorAll('[data-testid="source-row"]');
          if ([...rows].some((r) => r.textContent?.includes(name))) {
            state.rowAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }, basename(file));
      await page.getByTestId('open-evidence').click();
      // Awaited in the page, not polled: Playwright's waiting polls on every animation frame,
      // and the frames it forces cost this 2-core machine a third of a core during the import.
      await page.evaluate(
        (ms) =>
          new Promise<void>((done, fail) => {
            const state = (window as unknown as { __bench: BenchState }).__bench;
            const timer = setTimeout(() => fail(new Error('no source row')), ms);
            const seen = () => {
              if (Number.isNaN(state.rowAt)) return setTimeout(seen, 50);
              clearTimeout(timer);
              done();
            };
            seen();
          }),
        LONG_TIMEOUT_MS,
      );
      const draw = await page.evaluate(waitForRouteDrawn, {
        quietMs: SETTLE_QUIET_MS,
        timeoutMs: LONG_TIMEOUT_MS,
      });
      const phases = await page.evaluate(phaseMarks, draw.clickAt);
      await page
        .getByTestId('map-canvas')
        .screenshot({ path: join(shotsDir, 'bench-map-fit.png') });

      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const heap = await jsHeap(cdp);
      const processes = chromiumMemory(profileDir);
      await cdp.send('HeapProfiler.collectGarbage');
      const heapAfterGc = await jsHeap(cdp);
      const buffers = await cdp
        .send('Runtime.getHeapUsage')
        .then((u) => (u as { backingStorageSize?: number }).backingStorageSize ?? null)
        .catch(() => null);

      const sequence = await page.evaluate(runSequence, {
        steps: STEPS,
        probe,
        durationMs: STEP_DURATION_MS,
        quietMs: SETTLE_QUIET_MS,
      });
      // A close-up on the track, to check by eye that high zoom shows every fix.
      await page.evaluate(
        ({ probe: p }) =>
          new Promise<void>((done) => {
            const map = (window as unknown as { __itineraMap: ProbeMap }).__itineraMap;
            map.jumpTo({ center: p, zoom: 17 });
            setTimeout(() => {
              map.once('idle', () => done());
              map.triggerRepaint();
            }, 600);
          }),
        { probe },
      );
      await page
        .getByTestId('map-canvas')
        .screenshot({ path: join(shotsDir, 'bench-map-z17.png') });
      const drawnFeatures = await page.evaluate(countRouteFeatures);
      const drawnPhotos = await page.evaluate(countPhotoFeatures);
      // Time-window drags over the whole track: keyboard steps on the window's end handle.
      await page.evaluate(
        ({ probe: p }) => {
          const map = (window as unknown as { __itineraMap: ProbeMap }).__itineraMap;
          map.jumpTo({ center: p, zoom: 8 });
        },
        { probe },
      );
      const slider = await page.evaluate(measureSliderSteps, { steps: 12 });

      const frames = [...sequence.frames].sort((a, b) => a - b);
      const stepIdle = sequence.steps.map((s) => s.toIdleMs).sort((a, b) => a - b);
      const suite = this.name;
      const row_ = (subject: string, wallMs: number | null, note?: string, bytes?: number) =>
        rows.push({ suite, subject, wallMs, maxRssBytes: bytes ?? null, note });
      row_('click → source row', draw.rowAt - draw.clickAt, 'intake + wire + store');
      row_('click → route drawn', draw.drawnAt - draw.clickAt, 'route features rendered');
      row_('source row → route drawn', draw.drawnAt - draw.rowAt, 'map part of the above');
      row_('click → map idle', draw.idleAt - draw.clickAt, `then ${SETTLE_QUIET_MS} ms quiet`);
      // The phases, from the app's performance marks (renderer/src/perfMarks.ts).
      const requested = phases['import-requested'];
      const received = phases['import-received'];
      if (requested !== undefined && received !== undefined) {
        row_('  host intake (Node parse)', intake.ms, 'electron/services/intake, in the host');
        row_(
          '  wire: host → page',
          received - requested - intake.ms,
          'test bridge: raw binary typed arrays; Electron IPC is a structured clone',
        );
        row_('  received → route drawn', draw.drawnAt - draw.clickAt - received, 'store + map');
      }
      const preview = phases['route-preview-built'];
      const dataLoaded = phases['route-data-loaded'];
      const firstFrame = phases['route-first-frame'];
      const lodReady = phases['route-lod-ready'];
      if (preview !== undefined) row_('  click → preview line built', preview, 'every n-th fix');
      if (dataLoaded !== undefined)
        row_('  click → preview in map worker', dataLoaded, 'then the fit to the new evidence');
      if (firstFrame !== undefined)
        row_('  click → preview frame', firstFrame, 'every route tile in view drawn');
      if (lodReady !== undefined) row_('  click → level of detail ready', lodReady, 'LOD worker');
      row_(
        'longest task, click → row',
        draw.beforeRow.max,
        `${draw.beforeRow.count} long tasks, ${Math.round(draw.beforeRow.total)} ms total`,
      );
      row_(
        'longest task, row → idle',
        draw.afterRow.max,
        `${draw.afterRow.count} long tasks, ${Math.round(draw.afterRow.total)} ms total`,
      );
      row_('page JS heap after draw', null, 'CDP JSHeapUsedSize (main isolate)', heap.used);
      row_('page JS heap after GC', null, 'retained', heapAfterGc.used);
      if (buffers !== null)
        row_('page ArrayBuffer storage', null, 'typed arrays, outside the JS heap', buffers);
      if (processes) {
        row_('renderer process RSS', null, '/proc VmRSS, target < 1.5 GB', processes.renderer);
        row_('GPU process RSS', null, 'SwiftShader GL buffers live here', processes.gpu);
      }
      row_('pan/zoom frame mean', mean(frames), 'target < 50 ms');
      row_('pan/zoom frame p50', percentile(frames, 0.5), `${frames.length} frames`);
      row_('pan/zoom frame p95', percentile(frames, 0.95));
      row_('pan/zoom frame max', frames.at(-1) ?? null);
      row_(
        'pan/zoom longest task',
        Math.max(0, ...sequence.longTasks),
        `${sequence.longTasks.length} long tasks`,
      );
      row_('step time-to-idle p50', percentile(stepIdle, 0.5), `${STEPS.length} steps`);
      row_('step time-to-idle max', stepIdle.at(-1) ?? null, `animation ${STEP_DURATION_MS} ms`);
      const baseFrames = [...baseline.frames].sort((a, b) => a - b);
      const baseIdle = baseline.steps.map((s) => s.toIdleMs).sort((a, b) => a - b);
      const sliderSorted = [...slider.frame].sort((a, b) => a - b);
      const settledSorted = [...slider.settled].sort((a, b) => a - b);
      row_(
        'time-window step → frame p50',
        percentile(sliderSorted, 0.5),
        `${slider.frame.length} handle steps, keydown → next map render (target < 100 ms)`,
      );
      row_('time-window step → frame mean', mean(sliderSorted));
      row_('time-window step → frame max', sliderSorted.at(-1) ?? null);
      row_('time-window step → settled p50', percentile(settledSorted, 0.5), 'keydown → map idle');
      row_('time-window step → settled max', settledSorted.at(-1) ?? null);
      row_(
        'time-window drag end → sharp map',
        slider.sharpAfterMs,
        'steps after the first draw at the motion resolution; then full resolution',
      );
      row_('baseline frame mean', mean(baseFrames), 'same moves before import');
      row_('baseline frame p50', percentile(baseFrames, 0.5));
      row_('baseline frame p95', percentile(baseFrames, 0.95));
      row_('baseline longest task', Math.max(0, ...baseline.longTasks));
      row_('baseline time-to-idle p50', percentile(baseIdle, 0.5));

      notes.push(`input: ${file} (${opts.points.toLocaleString('en')} points)`);
      notes.push(
        'times in the "wall" column are milliseconds shown as seconds; heap rows use the RSS column',
      );
      notes.push(`route features in the z17 close-up: ${drawnFeatures}`);
      notes.push(
        `time-window steps, keydown → next map render (ms): ${slider.frame.map((v) => Math.round(v)).join(' ')}`,
      );
      notes.push(`click → route drawn: ${Math.round(draw.drawnAt - draw.clickAt)} ms`);
      notes.push(
        `photos: ${photoCount} synthetic along the drive; photo features in the z17 close-up: ${drawnPhotos}`,
      );
      notes.push('per step (time to idle incl. animation, longest frame, longest task):');
      for (const s of sequence.steps) {
        notes.push(
          `  ${s.label.padEnd(16)} ${ms(s.toIdleMs).padStart(8)}  frame ${ms(s.maxFrameMs).padStart(7)}  task ${ms(s.longTaskMaxMs).padStart(7)}`,
        );
      }
      notes.push(`screenshots: ${join(shotsDir, 'bench-map-fit.png')}, bench-map-z17.png`);
      if (pageErrors.length > 0) notes.push(`page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
      return { rows, notes };
    } finally {
      await context.close();
      await host.close();
      intakeModule.stopWarmWorker();
      await rm(profileDir, { recursive: true, force: true });
    }
  },
};

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** The app's marks (`itinera:<phase>`) after the click, in ms from it; the last of each name. */
function phaseMarks(clickAt: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const mark of performance.getEntriesByType('mark')) {
    if (!mark.name.startsWith('itinera:') || mark.startTime < clickAt) continue;
    out[mark.name.slice('itinera:'.length)] ??= mark.startTime - clickAt;
  }
  return out;
}

/** The real intake for real files; the synthetic photos path answers with the prebuilt source. */
async function importWithSyntheticPhotos(
  paths: string[],
  job: ImportJob | undefined,
  photoSource: Source | null,
): Promise<ImportResult[]> {
  const real = paths.filter((p) => !isSyntheticPhotosPath(p));
  const intake = await import('../../../electron/services/intake');
  const imported = real.length > 0 ? await intake.importEvidence(real, job ?? {}) : [];
  const results: ImportResult[] = [];
  for (const path of paths) {
    if (isSyntheticPhotosPath(path) && photoSource)
      results.push({ ok: true, path, source: photoSource });
    else results.push(imported[real.indexOf(path)]!);
  }
  return results;
}

/**
 * Resident memory of the Chromium renderer and GPU processes of this run's browser (the one
 * started with `profileDir`), from /proc; null where /proc is unavailable.
 */
function chromiumMemory(profileDir: string): { renderer: number; gpu: number } | null {
  try {
    const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const info = new Map<string, { ppid: string; cmd: string; rss: number }>();
    for (const pid of procs) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        const ppid = /PPid:\s+(\d+)/.exec(status)?.[1] ?? '';
        const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
        info.set(pid, { ppid, cmd, rss });
      } catch {
        // The process ended while being read.
      }
    }
    const browser = [...info].find(
      ([, p]) => p.cmd.includes(profileDir) && !p.cmd.includes('--type='),
    )?.[0];
    if (!browser) return null;
    const inTree = (pid: string): boolean => {
      for (let p: string | undefined = pid, hops = 0; p && hops < 8; hops++) {
        if (p === browser) return true;
        p = info.get(p)?.ppid;
      }
      return false;
    };
    let renderer = 0;
    let gpu = 0;
    for (const [pid, p] of info) {
      if (!inTree(pid)) continue;
      if (p.cmd.includes('--type=renderer') && !p.cmd.includes('--extension-process'))
        renderer = Math.max(renderer, p.rss);
      if (p.cmd.includes('--type=gpu-process')) gpu += p.rss;
    }
    return { renderer, gpu };
  } catch {
    return null;
  }
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** A fix from the middle of the generated drive: zooming in around it keeps the route in view. */
function probePoint(points: number): [number, number] {
  const target = Math.floor(points / 2);
  let i = 0;
  for (const fix of driveFixes(points)) {
    if (i++ === target) return [fix.lon, fix.lat];
  }
  return [4.3517, 50.8503];
}

async function buildRenderer(opts: BenchOptions): Promise<string> {
  const outDir = join(BENCH_CACHE_DIR, 'renderer');
  const vite = join(opts.repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', 'renderer/vite.config.ts'];
  args.push('--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.repoRoot, stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`renderer build failed (exit ${code})`);
  return outDir;
}

async function jsHeap(cdp: {
  send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
}): Promise<{ used: number; total: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
}

// --- code run in the page (serialised by Playwright: no closures over Node-side values) ---

interface ProbeMap {
  loaded(): boolean;
  isMoving(): boolean;
  getZoom(): number;
  on(event: string, f: () => void): void;
  off(event: string, f: () => void): void;
  once(event: string, f: () => void): void;
  triggerRepaint(): void;
  jumpTo(o: { center?: [number, number]; zoom?: number }): void;
  easeTo(o: { center?: [number, number]; zoom?: number; duration: number }): void;
  panBy(offset: [number, number], o: { duration: number }): void;
  getStyle(): { sources: Record<string, unknown> };
  querySourceFeatures(id: string): unknown[];
}

interface BenchState {
  clickAt: number;
  rowAt: number;
  longTasks: { start: number; duration: number }[];
}

/** Long tasks are observed from here on; the click time is set by a capture listener. */
async function installProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state: BenchState = { clickAt: NaN, rowAt: NaN, longTasks: [] };
    (window as unknown as { __bench: BenchState }).__bench = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
}

/**
 * Moves the time window's end handle `steps` times from the keyboard and returns, per step,
 * the time from the key event to the map's next rendered frame, and to the map settling
 * (idle: every source reloaded and drawn; a data-driven repaint shows only then), page clock ms.
 */
async function measureSliderSteps(args: {
  steps: number;
}): Promise<{ frame: number[]; settled: number[]; sharpAfterMs: number | null }> {
  const w = window as unknown as { __itineraMap: ProbeMap; __itineraMapReduced?: () => boolean };
  const map = w.__itineraMap;
  const handle = document.querySelector<HTMLElement>('[data-testid="time-handle-end"]');
  if (!handle) return { frame: [], settled: [], sharpAfterMs: null };
  handle.focus();
  const times: number[] = [];
  const settled: number[] = [];
  for (let k = 0; k < args.steps; k++) {
    await new Promise<void>((done) => {
      map.once('idle', () => done());
      map.triggerRepaint();
    });
    const started = performance.now();
    const rendered = new Promise<number>((done) =>
      map.once('render', () => done(performance.now())),
    );
    const idle = new Promise<number>((done) => map.once('idle', () => done(performance.now())));
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    times.push((await rendered) - started);
    settled.push((await idle) - started);
  }
  // Steps of a drag are drawn at the motion resolution; after the last one the map redraws
  // at full resolution (motionResolution.ts). Time from the last step's frame to that redraw.
  const lastDrawn = performance.now();
  let sharpAfterMs: number | null = null;
  while (performance.now() - lastDrawn < 5000) {
    if (!(w.__itineraMapReduced?.() ?? false)) {
      await new Promise<void>((done) => {
        map.once('idle', () => done());
        map.triggerRepaint();
      });
      sharpAfterMs = performance.now() - lastDrawn;
      break;
    }
    await new Promise((done) => setTimeout(done, 10));
  }
  return { frame: times, settled, sharpAfterMs };
}

function countPhotoFeatures(): number {
  const map = (window as unknown as { __itineraMap: ProbeMap }).__itineraMap;
  return map.getStyle().sources['photos-own'] ? map.querySourceFeatures('photos-own').length : 0;
}

function countRouteFeatures(): number {
  const map = (window as unknown as { __itineraMap: ProbeMap }).__itineraMap;
  const ids = Object.keys(map.getStyle().sources).filter((id) => /^route-.*-lines$/.test(id));
  return ids.reduce((n, id) => n + map.querySourceFeatures(id).length, 0);
}

/**
 * Waits until the imported route has features in the rendered tiles, then until the map has
 * been idle for `quietMs`. Times are page clock (performance.now()).
 */
async function waitForRouteDrawn(args: { quietMs: number; timeoutMs: number }): Promise<{
  clickAt: number;
  rowAt: number;
  drawnAt: number;
  idleAt: number;
  beforeRow: { max: number; count: number; total: number };
  afterRow: { max: number; count: number; total: number };
}> {
  const w = window as unknown as { __itineraMap: ProbeMap; __bench: BenchState };
  const map = w.__itineraMap;
  const started = performance.now();
  let lastRender = performance.now();
  let lastIdle = NaN;
  let drawnAt = NaN;
  const routeFeatures = () => {
    const ids = Object.keys(map.getStyle().sources).filter((id) => /^route-.*-lines$/.test(id));
    return ids.reduce((n, id) => n + map.querySourceFeatures(id).length, 0);
  };
  // Checked when the map has drawn a frame, not on every animation frame: polling frames would
  // make the page draw frames the app does not ask for, on the cores the app is using.
  const onRender = () => {
    lastRender = performance.now();
    if (Number.isNaN(drawnAt) && routeFeatures() > 0) drawnAt = lastRender;
  };
  const onIdle = () => (lastIdle = performance.now());
  map.on('render', onRender);
  map.on('idle', onIdle);
  if (routeFeatures() > 0) drawnAt = performance.now();
  let askedAt = -Infinity;
  while (performance.now() - started < args.timeoutMs) {
    await new Promise((r) => setTimeout(r, 20));
    if (
      !Number.isNaN(drawnAt) &&
      lastIdle >= lastRender &&
      performance.now() - lastRender > args.quietMs
    )
      break;
    const now = performance.now();
    if (
      !Number.isNaN(drawnAt) &&
      Number.isNaN(lastIdle) &&
      now - lastRender > 2000 &&
      now - askedAt > 2000
    ) {
      // Nothing is happening and no idle event came: ask for one (again every 2 s).
      askedAt = now;
      map.triggerRepaint();
    }
  }
  map.off('render', onRender);
  map.off('idle', onIdle);
  const { clickAt, rowAt } = w.__bench;
  const summary = (from: number, to: number) => {
    const tasks = w.__bench.longTasks.filter((t) => t.start >= from && t.start < to);
    return {
      max: Math.max(0, ...tasks.map((t) => t.duration)),
      count: tasks.length,
      total: tasks.reduce((s, t) => s + t.duration, 0),
    };
  };
  return {
    clickAt,
    rowAt,
    drawnAt,
    idleAt: lastIdle,
    beforeRow: summary(clickAt, rowAt),
    afterRow: summary(rowAt, Infinity),
  };
}

async function runSequence(args: {
  steps: Step[];
  probe: [number, number];
  durationMs: number;
  quietMs: number;
}): Promise<InPageSequence> {
  const w = window as unknown as { __itineraMap: ProbeMap; __bench: BenchState };
  const map = w.__itineraMap;
  const frames: number[] = [];
  const allLongTasks: number[] = [];
  const steps: StepResult[] = [];
  map.jumpTo({ center: args.probe });
  for (const step of args.steps) {
    const label = step.kind === 'zoom' ? `zoom → ${step.zoom}` : `pan ${step.dx},${step.dy}`;
    let lastRender = performance.now();
    let lastIdle = NaN;
    const onRender = () => (lastRender = performance.now());
    const onIdle = () => (lastIdle = performance.now());
    map.on('render', onRender);
    map.on('idle', onIdle);
    const stepStart = performance.now();
    const longTasksBefore = w.__bench.longTasks.length;
    let previous = performance.now();
    let maxFrame = 0;
    if (step.kind === 'zoom')
      map.easeTo({ center: args.probe, zoom: step.zoom, duration: args.durationMs });
    else map.panBy([step.dx, step.dy], { duration: args.durationMs });
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      const delta = now - previous;
      previous = now;
      // Only frames while something happens: idle 16.7 ms frames would hide the slow ones.
      if (now - lastRender < args.quietMs || map.isMoving()) {
        frames.push(delta);
        maxFrame = Math.max(maxFrame, delta);
      }
      if (!map.isMoving() && lastIdle >= lastRender && now - lastRender > args.quietMs) break;
      if (now - stepStart > 120_000) break;
    }
    map.off('render', onRender);
    map.off('idle', onIdle);
    const tasks = w.__bench.longTasks.slice(longTasksBefore).map((t) => t.duration);
    allLongTasks.push(...tasks);
    steps.push({
      label,
      toIdleMs: (Number.isNaN(lastIdle) ? performance.now() : lastIdle) - stepStart,
      maxFrameMs: maxFrame,
      longTaskMaxMs: Math.max(0, ...tasks),
    });
  }
  return { steps, frames, longTasks: allLongTasks };
}
