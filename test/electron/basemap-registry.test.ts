/**
 * Adding, remembering and removing user basemaps, and every way a file can be refused:
 * missing, empty, not a basemap, damaged, an SQLite file without tiles. A refusal leaves the
 * list and the remembered file exactly as they were. Through the API handlers too, so the
 * zod validation of the new channels is covered.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Channels } from '../../shared/api';
import { createApiHandlers, invokeChannel } from '../../electron/services/api-handlers';
import { BASEMAP_STORE_FILE, BasemapStore } from '../../electron/services/basemap-store';
import {
  BasemapRegistry,
  userBasemapId,
  worldBasemapEntry,
} from '../../electron/services/basemaps';
import { hasSqlite3, makeMbtiles } from '../bench/suites/basemap-open';
import { execFileSync } from 'node:child_process';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(repoRoot, '../shared/fixtures/basemaps');
const haveFixtures = existsSync(fixtures);
if (!haveFixtures) console.warn('skipping: ../shared/fixtures/basemaps not present');
const sqlite3 = hasSqlite3();
if (!sqlite3) console.warn('skipping: generated-SQLite basemap tests need the sqlite3 command');

const CITIES = 'extras/world_cities.mbtiles';
const OMT = 'mbtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.mbtiles';

describe.skipIf(!haveFixtures)('user basemaps', () => {
  let dir: string;
  let userData: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-basemap-registry-'));
    userData = join(dir, 'userdata');
    await copyFile(join(fixtures, OMT), join(dir, 'omt.mbtiles'));
    await writeFile(join(dir, 'empty.mbtiles'), '');
    await writeFile(join(dir, 'track.mbtiles'), '<?xml version="1.0"?><gpx></gpx>');
    // The first three of twelve pages: the schema is there, the tiles are not.
    const cities = await readFile(join(fixtures, CITIES));
    await writeFile(join(dir, 'truncated.mbtiles'), cities.subarray(0, 3 * 4096));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds, remembers, lists a vanished file as missing, and forgets on remove', async () => {
    const store = new BasemapStore(userData);
    const registry = new BasemapRegistry([worldBasemapEntry(join(dir, 'no-world.pmtiles'))], {
      store,
    });
    const omt = await registry.add(join(dir, 'omt.mbtiles'));
    expect(omt).toMatchObject({ kind: 'mbtiles', schema: 'openmaptiles', status: 'ok' });
    expect(omt.id).toBe(userBasemapId(join(dir, 'omt.mbtiles')));
    // The same file again is the same basemap.
    expect((await registry.add(join(dir, 'omt.mbtiles'))).id).toBe(omt.id);
    expect((await registry.list()).map((b) => b.id)).toEqual([omt.id]);
    const saved = JSON.parse(await readFile(join(userData, BASEMAP_STORE_FILE), 'utf8'));
    expect(saved.basemaps).toHaveLength(1);
    expect(saved.basemaps[0]).toMatchObject({ id: omt.id, path: join(dir, 'omt.mbtiles') });
    await registry.close();

    // The drive is unplugged: on the next start the basemap is listed as missing, not dropped.
    await rm(join(dir, 'omt.mbtiles'));
    const restarted = new BasemapRegistry([], { store });
    await restarted.loadRemembered();
    const [missing] = await restarted.list();
    expect(missing).toMatchObject({
      id: omt.id,
      name: omt.name,
      schema: 'openmaptiles',
      status: 'missing',
    });
    await expect(restarted.readTile(omt.id, 0, 0, 0)).rejects.toMatchObject({
      code: 'basemap.missing',
    });
    // It comes back when the file does.
    await copyFile(join(fixtures, OMT), join(dir, 'omt.mbtiles'));
    expect((await restarted.list())[0]!.status).toBe('ok');
    expect((await restarted.readTile(omt.id, 0, 0, 0)).byteLength).toBeGreaterThan(0);

    expect(await restarted.remove(omt.id)).toEqual([]);
    const after = JSON.parse(await readFile(join(userData, BASEMAP_STORE_FILE), 'utf8'));
    expect(after.basemaps).toEqual([]);
    await expect(restarted.remove(omt.id)).rejects.toMatchObject({ code: 'basemap.unknown' });
    await restarted.close();
  });

  it.each([
    ['nope.mbtiles', 'basemap.missing', /nope\.mbtiles cannot be opened/],
    ['empty.mbtiles', 'basemap.empty', /empty\.mbtiles is empty/],
    ['track.mbtiles', 'basemap.not-a-basemap', /track\.mbtiles is not a basemap file/],
    ['truncated.mbtiles', 'basemap.corrupt', /truncated\.mbtiles is damaged/],
  ])('refuses %s (%s) and changes nothing', async (file, code, message) => {
    const store = new BasemapStore(join(dir, `ud-${file}`));
    const registry = new BasemapRegistry([], { store });
    const err = await registry.add(join(dir, file)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
    // Names the file, never its folder.
    expect((err as Error).message).not.toContain(dir);
    expect(await registry.list()).toEqual([]);
    expect(existsSync(store.file)).toBe(false);
  });

  it('refuses removing the bundled map and reading ranges of an MBTiles file', async () => {
    const registry = new BasemapRegistry([worldBasemapEntry(join(dir, 'w.pmtiles'))]);
    await expect(registry.remove('world')).rejects.toMatchObject({ code: 'basemap.bundled' });
    const cities = await registry.add(join(fixtures, CITIES));
    await expect(registry.readRange(cities.id, 0, 100)).rejects.toMatchObject({
      code: 'basemap.wrong-kind',
    });
    await registry.close();
  });

  it('serves the new channels through the API handlers, validating every request', async () => {
    const basemaps = new BasemapRegistry([], { store: new BasemapStore(join(dir, 'ud-api')) });
    const handlers = createApiHandlers({
      appInfo: () => ({ name: 'itinera', version: '0', locale: 'en', platform: 'linux' }),
      pickEvidence: async () => [],
      pickBasemapFile: async () => [join(fixtures, CITIES)],
      importEvidence: async () => [],
      demoEvidencePaths: [],
      basemaps,
    });
    const [picked] = (await invokeChannel(handlers, Channels.pickBasemapFile, {})) as string[];
    const info = (await invokeChannel(handlers, Channels.addBasemap, { path: picked })) as {
      id: string;
      role: string;
    };
    expect(info.role).toBe('overlay');
    const tile = (await invokeChannel(handlers, Channels.readBasemapTile, {
      basemapId: info.id,
      z: 0,
      x: 0,
      y: 0,
    })) as ArrayBuffer;
    expect(tile.byteLength).toBeGreaterThan(0);
    // No tile there: an empty answer, not an error.
    const none = (await invokeChannel(handlers, Channels.readBasemapTile, {
      basemapId: info.id,
      z: 6,
      x: 0,
      y: 0,
    })) as ArrayBuffer;
    expect(none.byteLength).toBe(0);
    for (const [channel, payload] of [
      [Channels.addBasemap, {}],
      [Channels.addBasemap, { path: '' }],
      [Channels.addBasemap, { path: '/x.mbtiles', extra: 1 }],
      [Channels.removeBasemap, { id: 5 }],
      [Channels.readBasemapTile, { basemapId: info.id, z: 1, x: 2, y: 0 }],
      [Channels.readBasemapTile, { basemapId: info.id, z: 31, x: 0, y: 0 }],
      [Channels.readBasemapTile, { basemapId: info.id, z: 0, x: -1, y: 0 }],
      [Channels.readBasemapTile, { basemapId: info.id, z: 0.5, x: 0, y: 0 }],
      [Channels.pickBasemapFile, { x: 1 }],
    ] as const) {
      await expect(invokeChannel(handlers, channel, payload)).rejects.toMatchObject({
        code: 'api.invalid-request',
      });
    }
    await expect(
      invokeChannel(handlers, Channels.addBasemap, {
        path: join(fixtures, 'extras/tpe_sample_LEGACY-PMTiles-v2.pmtiles'),
      }),
    ).rejects.toMatchObject({ code: 'basemap.unsupported-version', name: 'ApiError' });
    expect(await invokeChannel(handlers, Channels.removeBasemap, { id: info.id })).toEqual([]);
    await basemaps.close();
  });
});

describe.skipIf(!sqlite3)('MBTiles layouts and deep b-trees (generated with sqlite3)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-mbtiles-gen-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every tile of a 40,000-row file (multi-level index and table b-trees)', async () => {
    const path = join(dir, 'deep.mbtiles');
    makeMbtiles(path, 40_000, 300);
    const registry = new BasemapRegistry();
    const info = await registry.add(path);
    expect(info).toMatchObject({ schema: 'openmaptiles', minzoom: 12, maxzoom: 12 });
    const side = 4096;
    for (let k = 0; k < 40_000; k += 997) {
      const tile = await registry.readTile(info.id, 12, k % side, side - 1 - Math.floor(k / side));
      expect(tile.byteLength, `row ${k}`).toBe(300);
    }
    expect((await registry.readTile(info.id, 12, 5, 0)).byteLength).toBe(0);
    await registry.close();
  });

  it("reads planetiler's compact layout and a WITHOUT ROWID tiles table", async () => {
    const blob = (n: number) => `X'1a02${n.toString(16).padStart(4, '0')}'`;
    const compact = join(dir, 'compact.mbtiles');
    execFileSync('sqlite3', [compact], {
      input: `
CREATE TABLE metadata (name text, value text);
INSERT INTO metadata VALUES ('format','pbf'),('minzoom','0'),('maxzoom','1');
CREATE TABLE tiles_shallow (zoom_level integer, tile_column integer, tile_row integer, tile_data_id integer, primary key(zoom_level,tile_column,tile_row)) without rowid;
CREATE TABLE tiles_data (tile_data_id integer primary key, tile_data blob);
INSERT INTO tiles_data VALUES (7, ${blob(7)}), (8, ${blob(8)});
INSERT INTO tiles_shallow VALUES (0,0,0,7),(1,0,0,8),(1,1,1,8);
CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles_shallow JOIN tiles_data USING (tile_data_id);
`,
    });
    const withoutRowid = join(dir, 'without-rowid.mbtiles');
    execFileSync('sqlite3', [withoutRowid], {
      input: `
CREATE TABLE metadata (name text, value text);
CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob, primary key (zoom_level, tile_column, tile_row)) without rowid;
INSERT INTO tiles VALUES (0,0,0,${blob(1)}),(1,1,0,${blob(2)});
`,
    });
    const registry = new BasemapRegistry();
    const a = await registry.add(compact);
    // TMS row 0 at zoom 1 is XYZ row 1.
    expect([...new Uint8Array(await registry.readTile(a.id, 1, 0, 1))]).toEqual([26, 2, 0, 8]);
    expect([...new Uint8Array(await registry.readTile(a.id, 0, 0, 0))]).toEqual([26, 2, 0, 7]);
    expect((await registry.readTile(a.id, 1, 1, 1)).byteLength).toBe(0);
    const b = await registry.add(withoutRowid);
    expect(b).toMatchObject({ format: 'pbf', minzoom: 0 });
    expect([...new Uint8Array(await registry.readTile(b.id, 1, 1, 1))]).toEqual([26, 2, 0, 2]);
    await registry.close();
  });

  it('refuses an SQLite file without tiles as not a basemap', async () => {
    const path = join(dir, 'notes.mbtiles');
    execFileSync('sqlite3', [path], { input: 'CREATE TABLE notes (t text);' });
    await expect(new BasemapRegistry().add(path)).rejects.toMatchObject({
      code: 'basemap.not-a-basemap',
      message: expect.stringContaining('without a tiles table'),
    });
  });
});
