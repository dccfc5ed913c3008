/**
 * The end-to-end test host: every channel over HTTP through the same handlers as IPC, the
 * localhost-only guards, static serving with the production CSP, and the bridge running in
 * Debian's Chromium under that CSP.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, ItineraApi } from '../../shared/api';
import { decodeWire, encodeWire } from '../../shared/wire';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { injectBridge, repoRoot, startTestHost, type TestHost } from './host';

const fixtures = resolve(repoRoot, '../shared/fixtures');
const haveFixtures = existsSync(join(fixtures, 'SOURCES.tsv'));
if (!haveFixtures) console.warn('skipping: ../shared/fixtures not present');
const intakeReady = await import('../../electron/services/intake').then(
  () => true,
  (err: unknown) => {
    console.warn(`skipping real intake over HTTP: ${String(err).split('\n')[0]}`);
    return false;
  },
);
const chromiumPath = '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn('skipping browser checks: /usr/bin/chromium not present');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** http.request, so tests can send a Host or Origin header fetch would not let them forge. */
function raw(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolveRes, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'GET',
        path: opts.path ?? u.pathname,
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveRes({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function api(host: TestHost, channel: string, payload: unknown = {}): Promise<Response> {
  return fetch(new URL(`/api/${encodeURIComponent(channel)}`, host.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: encodeWire(payload),
  });
}

async function apiValue(host: TestHost, channel: string, payload: unknown = {}): Promise<unknown> {
  const res = await api(host, channel, payload);
  expect(res.status, await res.clone().text()).toBe(200);
  return decodeWire(await res.text());
}

describe('test host', () => {
  let dir: string;
  let host: TestHost;
  let archive: Uint8Array;
  const imported: string[][] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-host-'));
    const renderer = join(dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(
      join(renderer, 'index.html'),
      '<!doctype html><html><head><title>t</title>' +
        '<script type="module" src="./assets/app.js"></script></head><body></body></html>',
    );
    await writeFile(join(renderer, 'assets', 'app.js'), 'window.appRan = true;');
    archive = new Uint8Array(70_000);
    archive.set(new TextEncoder().encode('PMTiles'), 0);
    archive[7] = 3;
    for (let i = 8; i < archive.length; i++) archive[i] = (i * 13) & 255;
    await writeFile(join(dir, 'world.pmtiles'), archive);
    await writeFile(join(dir, 'secret.txt'), 'outside the renderer');

    host = await startTestHost({
      rendererDir: renderer,
      worldBasemapPath: join(dir, 'world.pmtiles'),
      demoEvidencePaths: [join(dir, 'demo.gpx')],
      importEvidence: async (paths) => {
        imported.push(paths);
        return paths.map((path): ImportResult => ({
          ok: false,
          path,
          name: 'x',
          code: 'stub',
          message: 'stub',
        }));
      },
      pick: () => ['/default/pick.gpx'],
    });
  });
  afterAll(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers every channel through the shared handlers', async () => {
    expect(await apiValue(host, 'app:info')).toMatchObject({ name: 'itinera', version: '0.1.0' });

    expect(await apiValue(host, 'evidence:pick')).toEqual(['/default/pick.gpx']);
    host.setPickResult(['/a.gpx', '/b.gpx']);
    expect(await apiValue(host, 'evidence:pick')).toEqual(['/a.gpx', '/b.gpx']);
    // A set result is used once, like one dialog.
    expect(await apiValue(host, 'evidence:pick')).toEqual(['/default/pick.gpx']);

    expect(await apiValue(host, 'evidence:import', { paths: ['/c.gpx'] })).toMatchObject([
      { ok: false, path: '/c.gpx' },
    ]);
    expect(await apiValue(host, 'evidence:demo')).toMatchObject([
      { ok: false, path: join(dir, 'demo.gpx') },
    ]);
    expect(imported).toEqual([['/c.gpx'], [join(dir, 'demo.gpx')]]);

    expect(await apiValue(host, 'basemap:list')).toEqual([
      expect.objectContaining({ id: 'world', origin: 'bundled', size: archive.length }),
    ]);

    const res = await api(host, 'basemap:read-range', {
      basemapId: 'world',
      offset: 1000,
      length: 50_000,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(archive.subarray(1000, 51_000));
  });

  it('refuses invalid requests with the same codes as IPC', async () => {
    const bad = await api(host, 'evidence:import', { paths: [] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'api.invalid-request' });
    const range = await api(host, 'basemap:read-range', {
      basemapId: 'world',
      offset: -5,
      length: 1,
    });
    expect(range.status).toBe(400);
    const past = await api(host, 'basemap:read-range', {
      basemapId: 'world',
      offset: 1e9,
      length: 1,
    });
    expect(await past.json()).toMatchObject({ code: 'basemap.out-of-range' });
    const unknown = await api(host, 'shell:exec', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'api.unknown-channel' });
    const garbage = await fetch(new URL('/api/app:info', host.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
  });

  it('refuses a foreign Host header (DNS rebinding) and foreign origins', async () => {
    const rebinding = await raw(host.url, { headers: { Host: 'evil.example:80' } });
    expect(rebinding.status).toBe(421);
    const port = new URL(host.url).port;
    const localhostName = await raw(host.url, { headers: { Host: `localhost:${port}` } });
    expect(localhostName.status).toBe(421);
    const crossSite = await raw(host.url, {
      method: 'POST',
      path: '/api/app%3Ainfo',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const simplePost = await raw(host.url, {
      method: 'POST',
      path: '/api/app%3Ainfo',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(simplePost.status).toBe(415);
    const get = await raw(host.url, { path: '/api/app%3Ainfo' });
    expect(get.status).toBe(405);
  });

  it('serves the renderer with the production CSP and the bridge before the app script', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html.indexOf('<script src="/__bridge.js"></script>')).toBeGreaterThan(0);
    expect(html.indexOf('/__bridge.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    const bridge = await fetch(new URL('/__bridge.js', host.url));
    expect(bridge.headers.get('content-type')).toBe('text/javascript');
    expect(await bridge.text()).toContain('itinera');
    const js = await fetch(new URL('/assets/app.js', host.url));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%00index.html',
    '/..\\secret.txt',
    '/nope.js',
  ])('does not serve %s', async (path) => {
    const res = await raw(host.url, { path });
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('outside the renderer');
  });

  it('injects the bridge into pages without scripts too', () => {
    expect(injectBridge('<html><head></head></html>')).toBe(
      '<html><head><script src="/__bridge.js"></script></head></html>',
    );
  });

  describe.skipIf(!haveChromium)('in Chromium', () => {
    it('window.itinera works under the CSP and carries typed arrays', async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox'],
      });
      try {
        const page = await browser.newPage();
        const cspErrors: string[] = [];
        page.on('console', (msg) => {
          if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
        });
        await page.goto(host.url);
        await page.waitForFunction(() => (window as { appRan?: boolean }).appRan === true);
        host.setPickResult(['/picked.gpx']);
        const result = await page.evaluate(async () => {
          const api = (window as unknown as { itinera: ItineraApi }).itinera;
          const info = await api.appInfo();
          const picked = await api.pickEvidence();
          const basemaps = await api.listBasemaps();
          const range = await api.readBasemapRange({ basemapId: 'world', offset: 0, length: 8 });
          let invalid = '';
          try {
            await api.importEvidence({ paths: [] });
          } catch (err) {
            invalid = (err as Error).message;
          }
          const frozen = Object.isFrozen(api);
          return {
            info,
            picked,
            basemaps: basemaps.length,
            rangeIsBuffer: range instanceof ArrayBuffer,
            range: [...new Uint8Array(range)],
            invalid,
            frozen,
            path: api.pathForFile({}),
          };
        });
        expect(result.info.name).toBe('itinera');
        expect(result.picked).toEqual(['/picked.gpx']);
        expect(result.basemaps).toBe(1);
        expect(result.rangeIsBuffer).toBe(true);
        expect(result.range).toEqual([...archive.subarray(0, 8)]);
        expect(result.invalid).toMatch(
          /^\[api\.invalid-request\] invalid request for evidence:import/,
        );
        expect(result.frozen).toBe(true);
        expect(result.path).toBeNull();
        expect(cspErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  });
});

const gpxFixture = join(fixtures, 'gpx', 'gpxpy_around-visnjan-with-car.gpx');

describe.skipIf(!haveFixtures || !intakeReady)('test host with the real intake', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({});
  });
  afterAll(async () => {
    await host?.close();
  });

  it('imports a GPX fixture and returns its fix columns as Float64Arrays', async () => {
    const [result] = (await apiValue(host, 'evidence:import', {
      paths: [gpxFixture],
    })) as ImportResult[];
    expect(result!.ok).toBe(true);
    if (!result!.ok) return;
    const { fixes, fixTimeBasis } = result!.source;
    expect(fixes.t).toBeInstanceOf(Float64Array);
    expect(fixes.lat).toBeInstanceOf(Float64Array);
    expect(fixTimeBasis).toBeInstanceOf(Uint8Array);
    expect(fixes.count).toBe(104);
    expect(fixes.lat.length).toBeGreaterThanOrEqual(104);
    // Istria, Croatia, 2020-12-18 06:15-06:24Z (SOURCES.tsv).
    expect(fixes.lat[0]).toBeGreaterThan(45);
    expect(fixes.lat[0]).toBeLessThan(45.5);
    expect(fixes.t[0]).toBeGreaterThanOrEqual(Date.UTC(2020, 11, 18, 6, 15));
    expect(fixes.t[103]).toBeLessThanOrEqual(Date.UTC(2020, 11, 18, 6, 25));
  });

  it('reports a missing file as a result, not an HTTP error', async () => {
    const [result] = (await apiValue(host, 'evidence:import', {
      paths: [join(fixtures, 'does-not-exist.gpx')],
    })) as ImportResult[];
    expect(result).toMatchObject({ ok: false, name: 'does-not-exist.gpx' });
  });
});

const builtRenderer = join(repoRoot, 'dist', 'renderer', 'index.html');
const haveRenderer = existsSync(builtRenderer);
if (!haveRenderer) console.warn('skipping built-renderer smoke test: run npm run build:renderer');

describe.skipIf(!haveChromium || !haveRenderer)('test host with the built renderer', () => {
  it('loads the app with the bridge, without CSP violations or off-host requests', async () => {
    const host = await startTestHost({});
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const origin = new URL(host.url).origin;
      const offHost: string[] = [];
      const cspErrors: string[] = [];
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) offHost.push(url);
      });
      page.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
      });
      await page.goto(host.url);
      await page.waitForLoadState('networkidle');
      const bridged = await page.evaluate(
        () => typeof (window as unknown as { itinera?: unknown }).itinera === 'object',
      );
      expect(bridged).toBe(true);
      expect(await page.locator('#root').innerHTML()).not.toBe('');
      if (intakeReady && existsSync(join(repoRoot, 'assets', 'demo', 'demo-truck.gpx'))) {
        // The real demo evidence crosses the wire into the page with its columns intact.
        const demo = await page.evaluate(async () => {
          const api = (window as unknown as { itinera: ItineraApi }).itinera;
          const [first] = await api.demoEvidence();
          if (!first?.ok) return { ok: false, message: first?.message };
          const { fixes, fixTimeBasis } = first.source;
          return {
            ok: true,
            float64: fixes.t instanceof Float64Array && fixes.lat instanceof Float64Array,
            uint8: fixTimeBasis instanceof Uint8Array,
            count: fixes.count,
            columnLength: fixes.lat.length,
          };
        });
        expect(demo).toMatchObject({ ok: true, float64: true, uint8: true });
        expect(demo.count).toBeGreaterThan(100);
        expect(demo.columnLength).toBeGreaterThanOrEqual(demo.count!);
      }
      expect(offHost).toEqual([]);
      expect(cspErrors).toEqual([]);
    } finally {
      await browser.close();
      await host.close();
    }
  });
});
