/**
 * Import jobs through the shared API handlers: progress events (throttled, validated), cancel
 * (a large file stopped mid-way yields `import.cancelled` and no source), per-file mappings and
 * assumed dates, the table inspection of the mapping step, and validation of every new payload.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventChannels,
  IMPORT_CANCELLED,
  ImportProgressEvent,
  type ImportResult,
  type TableInspection,
} from '../../shared/api';
import {
  ApiError,
  createApiHandlers,
  invokeChannel,
  type ApiServices,
} from '../../electron/services/api-handlers';
import { BasemapRegistry } from '../../electron/services/basemaps';
import { importEvidence } from '../../electron/services/intake';
import { PresetStore } from '../../electron/services/intake-presets';
import { writeGpx } from '../bench/gen-gpx';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(repoRoot, '../shared/fixtures');
const holux = join(fixtures, 'fleet-csv', 'gpsbabel_holux_m241_logger.csv');
const gpxFixture = join(fixtures, 'gpx', 'gpxpy_around-visnjan-with-car.gpx');
const haveFixtures = existsSync(holux) && existsSync(gpxFixture);
if (!haveFixtures)
  console.warn('skipping fixture-based import job tests: ../shared/fixtures not present');

const BIG_POINTS = 300_000;

function nmea(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`;
}

let dir: string;
let bigGpx: string;
let ggaOnly: string;
let services: ApiServices;
let handlers: ReturnType<typeof createApiHandlers>;
const events: unknown[] = [];
const ctx = {
  sendEvent: (channel: string, payload: unknown) => {
    expect(channel).toBe(EventChannels.importProgress);
    events.push(payload);
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itinera-jobs-'));
  bigGpx = join(dir, 'big-drive.gpx');
  await writeGpx(bigGpx, BIG_POINTS);
  ggaOnly = join(dir, 'gga-only.nmea');
  await writeFile(
    ggaOnly,
    [
      nmea('GPGGA,101500.00,5051.0000,N,00421.0000,E,1,08,0.9,50.0,M,46.0,M,,'),
      nmea('GPGGA,101501.00,5051.0010,N,00421.0010,E,1,08,0.9,50.0,M,46.0,M,,'),
      nmea('GPGGA,101502.00,5051.0020,N,00421.0020,E,1,08,0.9,50.0,M,46.0,M,,'),
    ].join('\r\n') + '\r\n',
  );
  services = {
    appInfo: () => ({ name: 'itinera', version: '0', locale: 'en', platform: 'linux' }),
    pickEvidence: async () => [],
    importEvidence: (paths, job) => importEvidence(paths, job ?? {}),
    demoEvidencePaths: [],
    basemaps: new BasemapRegistry([]),
    presets: new PresetStore(join(dir, 'userdata')),
  };
  handlers = createApiHandlers(services);
}, 120_000);

afterAll(async () => {
  await services?.basemaps.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const call = (channel: string, payload: unknown) =>
  invokeChannel(handlers, channel, payload, undefined, ctx);

describe('cancel', () => {
  it('stops a large import mid-way: import.cancelled, no source, progress shows the stop', async () => {
    events.length = 0;
    const jobId = 'cancel-big-1';
    const started = performance.now();
    const pending = call('evidence:import', { paths: [bigGpx], jobId }) as Promise<ImportResult[]>;
    // Wait until the worker has really read part of the file, then cancel.
    const deadline = Date.now() + 30_000;
    while (
      !events.some((e) => (e as { state: string; bytesRead: number }).state === 'reading') &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const reading = events.find((e) => (e as { state: string }).state === 'reading') as
      ImportProgressEvent | undefined;
    expect(reading, 'a reading progress event before the end').toBeDefined();
    expect(reading!.bytesRead).toBeGreaterThan(0);
    expect(reading!.bytesRead).toBeLessThan(reading!.totalBytes);
    expect(await call('evidence:cancel-import', { jobId })).toEqual({ cancelled: true });
    const results = await pending;
    const elapsed = performance.now() - started;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, code: IMPORT_CANCELLED, path: bigGpx });
    // The job is gone: cancelling again finds nothing.
    expect(await call('evidence:cancel-import', { jobId })).toEqual({ cancelled: false });
    const last = events.at(-1) as ImportProgressEvent;
    expect(last.state).toBe('cancelled');
    expect(last.bytesRead).toBeLessThan(last.totalBytes);
    // Every event is a valid payload.
    for (const e of events) expect(ImportProgressEvent.safeParse(e).success).toBe(true);
    console.info(
      `cancelled ${BIG_POINTS}-point GPX after ${Math.round(elapsed)} ms, at ${reading!.bytesRead} of ${reading!.totalBytes} bytes`,
    );
  }, 120_000);

  it('the same file imports completely when not cancelled, with throttled progress', async () => {
    events.length = 0;
    const results = (await call('evidence:import', {
      paths: [bigGpx],
      jobId: 'full-big-1',
    })) as ImportResult[];
    expect(results[0]!.ok).toBe(true);
    if (results[0]!.ok) expect(results[0]!.source.stats.points).toBe(BIG_POINTS);
    const typed = events as ImportProgressEvent[];
    expect(typed.at(-1)).toMatchObject({ state: 'done', fileIndex: 0, fileCount: 1 });
    expect(typed.at(-1)!.bytesRead).toBe(typed.at(-1)!.totalBytes);
    // Throttled: the read took many 1 MiB chunks, far fewer events than chunks per 100 ms.
    const reading = typed.filter((e) => e.state === 'reading');
    expect(reading.length).toBeGreaterThan(0);
    const bytes = reading.map((e) => e.bytesRead);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
  }, 120_000);

  it('a job cancelled before it starts opens no file', async () => {
    const controller = new AbortController();
    controller.abort();
    const results = await importEvidence([bigGpx, bigGpx], { signal: controller.signal });
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      IMPORT_CANCELLED,
      IMPORT_CANCELLED,
    ]);
  });

  it('cancels an in-process read between chunks too', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const results = await importEvidence([bigGpx], {
      inProcess: true,
      signal: controller.signal,
      jobId: 'inproc',
      onProgress: (e) => {
        chunks += 1;
        if (e.state === 'reading') controller.abort();
      },
    });
    expect(results[0]).toMatchObject({ ok: false, code: IMPORT_CANCELLED });
    expect(chunks).toBeGreaterThan(0);
  }, 60_000);
});

describe('request validation', () => {
  const mapping = {
    version: 1,
    kind: 'positions',
    dialect: { delimiter: ',', quote: '"', decimalComma: false, header: true, skipRows: 0 },
    columns: [
      { index: 0, role: 'datetime' },
      { index: 1, role: 'lat' },
      { index: 2, role: 'lon' },
    ],
  };
  const bad: [string, unknown][] = [
    ['evidence:import', { paths: ['/a.csv'], jobId: 'has space' }],
    ['evidence:import', { paths: ['/a.csv'], jobId: '' }],
    ['evidence:import', { paths: ['/a.csv'], files: { '/b.csv': {} } }],
    ['evidence:import', { paths: ['/a.csv'], files: { '/a.csv': { assumedDate: '2024-13-01' } } }],
    ['evidence:import', { paths: ['/a.csv'], files: { '/a.csv': { sneaky: true } } }],
    [
      'evidence:import',
      { paths: ['/a.csv'], files: { '/a.csv': { mapping: { ...mapping, version: 2 } } } },
    ],
    [
      // Schema-valid but unusable: a positions table without coordinates.
      'evidence:import',
      {
        paths: ['/a.csv'],
        files: { '/a.csv': { mapping: { ...mapping, columns: [{ index: 0, role: 'datetime' }] } } },
      },
    ],
    ['evidence:cancel-import', {}],
    ['evidence:cancel-import', { jobId: 'a', extra: 1 }],
    ['evidence:cancel-import', { jobId: '../../x' }],
    ['evidence:inspect-table', {}],
    ['evidence:inspect-table', { path: '' }],
    ['evidence:inspect-table', { path: 7 }],
    ['presets:list', { x: 1 }],
    ['presets:save', {}],
    ['presets:save', { preset: { id: 'x' } }],
    ['presets:save', { preset: { id: 'x', label: 'x', signature: {}, mapping: {} } }],
    ['presets:delete', {}],
    ['presets:delete', { id: '' }],
  ];
  it.each(bad)('%s refuses %j', async (channel, payload) => {
    const err = await call(channel, payload).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('api.invalid-request');
  });

  it('refuses a second job under a running job id', async () => {
    const first = call('evidence:import', { paths: [bigGpx], jobId: 'dup' });
    const err = await call('evidence:import', { paths: [bigGpx], jobId: 'dup' }).catch(
      (e: unknown) => e,
    );
    expect((err as ApiError).code).toBe('api.invalid-request');
    await call('evidence:cancel-import', { jobId: 'dup' });
    await first;
  }, 60_000);

  it('refuses to overwrite or delete a built-in preset', async () => {
    const list = (await call('presets:list', {})) as { preset: { id: string }; origin: string }[];
    const builtin = list.find((p) => p.origin === 'builtin')!;
    const err = await call('presets:delete', { id: builtin.preset.id }).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('presets.builtin');
    const err2 = await call('presets:save', { preset: builtin.preset }).catch((e: unknown) => e);
    expect((err2 as ApiError).code).toBe('presets.builtin');
  });
});

describe('presets persistence', () => {
  const preset = {
    id: 'user-my-portal',
    label: 'My portal',
    signature: { headers: ['when', 'y', 'x'] },
    mapping: {
      version: 1,
      kind: 'positions',
      dialect: { delimiter: ';', quote: '"', decimalComma: true, header: true, skipRows: 0 },
      columns: [
        { header: 'when', role: 'datetime' },
        { header: 'y', role: 'lat' },
        { header: 'x', role: 'lon' },
      ],
      timeZone: 'Europe/Brussels',
    },
  };

  it('saves, lists after a restart, replaces by id and deletes', async () => {
    const saved = (await call('presets:save', { preset })) as { preset: { id: string } }[];
    expect(saved.filter((p) => p.preset.id === preset.id)).toHaveLength(1);
    // A fresh store on the same directory (the app restarted) still has it.
    const reopened = new PresetStore(join(dir, 'userdata'));
    const users = await reopened.userPresets();
    expect(users).toEqual([preset]);
    await call('presets:save', { preset: { ...preset, label: 'My portal v2' } });
    expect((await reopened.userPresets()).map((p) => p.label)).toEqual(['My portal v2']);
    const afterDelete = (await call('presets:delete', { id: preset.id })) as {
      origin: string;
    }[];
    expect(afterDelete.every((p) => p.origin === 'builtin')).toBe(true);
    expect(await reopened.userPresets()).toEqual([]);
    const missing = await call('presets:delete', { id: preset.id }).catch((e: unknown) => e);
    expect((missing as ApiError).code).toBe('presets.not-found');
  });

  it('skips a damaged presets file or entry instead of failing', async () => {
    const other = join(dir, 'damaged');
    const warnings: string[] = [];
    const store = new PresetStore(other, (m) => warnings.push(m));
    await store.save(preset);
    await writeFile(store.file, '{ not json');
    expect(await store.userPresets()).toEqual([]);
    await writeFile(
      store.file,
      JSON.stringify({ version: 1, presets: [preset, { id: 'broken' }] }),
    );
    expect((await store.userPresets()).map((p) => p.id)).toEqual([preset.id]);
    expect(warnings.length).toBe(2);
  });

  it('is refused, not silently lost, in a host without a user data directory', async () => {
    const bare = createApiHandlers({ ...services, presets: undefined });
    const list = (await invokeChannel(bare, 'presets:list', {})) as unknown[];
    expect(list.length).toBeGreaterThan(0);
    const err = await invokeChannel(bare, 'presets:save', { preset }).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('presets.unavailable');
  });
});

describe('assumed date for a GGA-only NMEA log', () => {
  it('asks for the date, and reads the times on the date given', async () => {
    const [first] = (await call('evidence:import', { paths: [ggaOnly] })) as ImportResult[];
    expect(first!.ok).toBe(true);
    if (!first!.ok) return;
    expect(first!.source.needs?.[0]?.kind).toBe('date');
    const [again] = (await call('evidence:import', {
      paths: [ggaOnly],
      jobId: 'date-1',
      files: { [ggaOnly]: { assumedDate: '2024-03-01' } },
    })) as ImportResult[];
    expect(again!.ok).toBe(true);
    if (!again!.ok) return;
    expect(again!.source.needs ?? []).toEqual([]);
    expect(again!.source.stats.first).toBe(Date.UTC(2024, 2, 1, 10, 15, 0));
    expect(again!.source.stats.last).toBe(Date.UTC(2024, 2, 1, 10, 15, 2));
  });
});

describe.skipIf(!haveFixtures)('mapping step on fixtures', () => {
  it('inspects a table: detected roles, dialect, preview rows and the presets', async () => {
    const inspection = (await call('evidence:inspect-table', { path: holux })) as TableInspection;
    expect(inspection.table).toBe(true);
    if (!inspection.table) return;
    expect(inspection.format).toBe('table');
    expect(inspection.mapping.dialect).toMatchObject({ delimiter: ',', header: true, skipRows: 0 });
    const roles = Object.fromEntries(inspection.mapping.columns.map((c) => [c.index, c.role]));
    expect(roles).toMatchObject({ 2: 'date', 3: 'time', 5: 'lat', 6: 'lat-hemisphere', 7: 'lon' });
    expect(inspection.confidence).toBeGreaterThan(0.9);
    expect(inspection.notes.length).toBeGreaterThan(2);
    expect(inspection.rows).toHaveLength(21); // header + 20 data rows
    expect(inspection.rows[0]!.slice(0, 3)).toEqual(['INDEX', 'RCR', 'DATE']);
    expect(inspection.rows[1]!.slice(2, 4)).toEqual(['2008/05/04', '12:52:47.000']);
    expect(inspection.lines.slice(0, 3)).toEqual([1, 2, 3]);
    expect(inspection.presets.some((p) => p.origin === 'builtin')).toBe(true);
  });

  it('says a GPX file is not a table', async () => {
    const inspection = (await call('evidence:inspect-table', {
      path: gpxFixture,
    })) as TableInspection;
    expect(inspection).toMatchObject({ table: false, format: 'gpx' });
  });

  it('imports with the confirmed mapping: a zone chosen for naive times moves every fix', async () => {
    const inspection = (await call('evidence:inspect-table', { path: holux })) as TableInspection;
    if (!inspection.table) throw new Error('not a table');
    const asDetected = (await call('evidence:import', {
      paths: [holux],
      jobId: 'map-1',
      files: { [holux]: { mapping: inspection.mapping } },
    })) as ImportResult[];
    const inRome = (await call('evidence:import', {
      paths: [holux],
      jobId: 'map-2',
      files: { [holux]: { mapping: { ...inspection.mapping, timeZone: 'Europe/Rome' } } },
    })) as ImportResult[];
    if (!asDetected[0]!.ok || !inRome[0]!.ok) throw new Error('import failed');
    const a = asDetected[0]!.source;
    const b = inRome[0]!.source;
    expect(a.stats.points).toBe(1199);
    expect(b.stats.points).toBe(1199);
    // 2008-05-04 in Rome is CEST (UTC+2): the same wall time is two hours earlier in UTC.
    expect(a.stats.first! - b.stats.first!).toBe(2 * 3600_000);
    // Without the confirmed mapping the detection notice is attached; with it, it is not.
    expect(a.issues.some((i) => i.code === 'table.mapping.detected')).toBe(false);
  });
});
