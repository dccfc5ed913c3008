/**
 * The channel handlers shared by the IPC binding and the test host: every channel reaches its
 * service with a validated payload, bad payloads never reach a service, and errors leave with
 * a safe message.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Channels, type ImportResult } from '../../shared/api';
import {
  ALL_CHANNELS,
  ApiError,
  createApiHandlers,
  invokeChannel,
  isChannel,
  RequestSchemas,
  type ApiServices,
} from '../../electron/services/api-handlers';
import { BasemapRegistry, type BasemapEntry } from '../../electron/services/basemaps';

const failed = (path: string): ImportResult => ({
  ok: false,
  path,
  name: path.split('/').pop()!,
  code: 'test.fake',
  message: 'fake',
});

describe('api handlers', () => {
  let dir: string;
  let archive: Uint8Array;
  let services: ApiServices;
  let importCalls: string[][];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-api-'));
    // The registry only checks the PMTiles v3 magic; the rest of the bytes are arbitrary.
    archive = new Uint8Array(4096);
    archive.set(new TextEncoder().encode('PMTiles'), 0);
    archive[7] = 3;
    for (let i = 8; i < archive.length; i++) archive[i] = (i * 7) & 255;
    await writeFile(join(dir, 'world.pmtiles'), archive);
  });
  afterAll(async () => {
    await services.basemaps.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeAll(() => {
    importCalls = [];
    const world: BasemapEntry = {
      id: 'world',
      name: 'World',
      origin: 'bundled',
      kind: 'pmtiles',
      path: join(dir, 'world.pmtiles'),
      attribution: 'NE',
    };
    services = {
      appInfo: () => ({ name: 'itinera', version: '0.1.0', locale: 'nl-BE', platform: 'linux' }),
      pickEvidence: async () => ['/evidence/a.gpx', '/evidence/b.gpx'],
      importEvidence: async (paths) => {
        importCalls.push(paths);
        return paths.map(failed);
      },
      demoEvidencePaths: ['/app/assets/demo/demo-truck.gpx'],
      basemaps: new BasemapRegistry([world]),
    };
  });

  it('has a handler and a schema for every channel of shared/api.ts', () => {
    const handlers = createApiHandlers(services);
    expect(Object.keys(handlers).sort()).toEqual(Object.values(Channels).sort());
    expect(Object.keys(RequestSchemas).sort()).toEqual(Object.values(Channels).sort());
    expect([...ALL_CHANNELS].sort()).toEqual(Object.values(Channels).sort());
    expect(isChannel('app:info')).toBe(true);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
  });

  it('answers every channel', async () => {
    const handlers = createApiHandlers(services);
    expect(await invokeChannel(handlers, Channels.appInfo, {})).toEqual({
      name: 'itinera',
      version: '0.1.0',
      locale: 'nl-BE',
      platform: 'linux',
    });
    expect(await invokeChannel(handlers, Channels.pickEvidence, undefined)).toEqual([
      '/evidence/a.gpx',
      '/evidence/b.gpx',
    ]);
    expect(await invokeChannel(handlers, Channels.importEvidence, { paths: ['/x.gpx'] })).toEqual([
      failed('/x.gpx'),
    ]);
    expect(await invokeChannel(handlers, Channels.demoEvidence, {})).toEqual([
      failed('/app/assets/demo/demo-truck.gpx'),
    ]);
    expect(importCalls).toEqual([['/x.gpx'], ['/app/assets/demo/demo-truck.gpx']]);
    // The fake archive is not a readable PMTiles file: it is listed, as unreadable.
    expect(await invokeChannel(handlers, Channels.listBasemaps, {})).toEqual([
      expect.objectContaining({
        id: 'world',
        name: 'World',
        origin: 'bundled',
        kind: 'pmtiles',
        size: 4096,
        attribution: 'NE',
      }),
    ]);
    const bytes = await invokeChannel(handlers, Channels.readBasemapRange, {
      basemapId: 'world',
      offset: 100,
      length: 50,
    });
    expect(new Uint8Array(bytes as ArrayBuffer)).toEqual(archive.subarray(100, 150));
  });

  it.each([
    [Channels.appInfo, { extra: 1 }],
    [Channels.appInfo, 'hello'],
    [Channels.pickEvidence, { paths: ['/etc/passwd'] }],
    [Channels.demoEvidence, []],
    [Channels.listBasemaps, null],
    [Channels.importEvidence, {}],
    [Channels.importEvidence, { paths: [] }],
    [Channels.importEvidence, { paths: [''] }],
    [Channels.importEvidence, { paths: 'a.gpx' }],
    [Channels.importEvidence, { paths: [42] }],
    [Channels.importEvidence, { paths: ['x'.repeat(4097)] }],
    [Channels.importEvidence, { paths: Array.from({ length: 10_001 }, (_, i) => `/f${i}`) }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: -1, length: 10 }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: 0.5, length: 10 }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: 0, length: 0 }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: 0, length: 64 * 1024 * 1024 + 1 }],
    [Channels.readBasemapRange, { basemapId: '', offset: 0, length: 10 }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: '0', length: 10 }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: NaN, length: 10 }],
    [Channels.readBasemapRange, { basemapId: 'world', offset: Infinity, length: 10 }],
  ])('refuses %s with %j before any service runs', async (channel, payload) => {
    const before = importCalls.length;
    const handlers = createApiHandlers(services);
    const call = invokeChannel(handlers, channel, payload);
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toMatchObject({ code: 'api.invalid-request' });
    await expect(call).rejects.toThrow(`invalid request for ${channel}`);
    expect(importCalls.length).toBe(before);
  });

  it('refuses unknown channels, including prototype keys', async () => {
    const handlers = createApiHandlers(services);
    for (const channel of ['nope', 'constructor', '__proto__', 'toString', '']) {
      await expect(invokeChannel(handlers, channel, {})).rejects.toMatchObject({
        code: 'api.unknown-channel',
      });
    }
  });

  it('passes basemap errors through with their code', async () => {
    const handlers = createApiHandlers(services);
    await expect(
      invokeChannel(handlers, Channels.readBasemapRange, { basemapId: 'x', offset: 0, length: 1 }),
    ).rejects.toMatchObject({ code: 'basemap.unknown', name: 'ApiError' });
    await expect(
      invokeChannel(handlers, Channels.readBasemapRange, {
        basemapId: 'world',
        offset: 5000,
        length: 1,
      }),
    ).rejects.toMatchObject({ code: 'basemap.out-of-range' });
  });

  it('hides unexpected failures behind a generic message and reports them for the log', async () => {
    const secret = new Error('EACCES: permission denied, open /home/examiner/secret/case.gpx');
    const handlers = createApiHandlers({
      ...services,
      importEvidence: async () => {
        throw secret;
      },
    });
    const onUnexpected = vi.fn();
    const call = invokeChannel(handlers, Channels.importEvidence, { paths: ['/a'] }, onUnexpected);
    await expect(call).rejects.toMatchObject({
      code: 'api.failed',
      message: 'evidence:import failed unexpectedly',
    });
    await expect(call).rejects.not.toThrow(/secret/);
    expect(onUnexpected).toHaveBeenCalledWith('evidence:import', secret);
  });

  it('strips unknown keys from a valid import request instead of forwarding them', async () => {
    let seen: unknown;
    const handlers = createApiHandlers({
      ...services,
      importEvidence: async (paths) => {
        seen = paths;
        return [];
      },
    });
    await invokeChannel(handlers, Channels.importEvidence, { paths: ['/a'], evil: true });
    expect(seen).toEqual(['/a']);
  });
});
