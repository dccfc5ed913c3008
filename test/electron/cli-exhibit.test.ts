/**
 * `itinera exhibit` end to end: the demo case to a PDF printed by Chromium, read back with
 * poppler. Every stop's arrival and departure (as the display zone shows them) and every
 * evidence file's SHA-256 must be in the text; a long stop table continues over pages; each
 * language prints its own words and dates; no request leaves 127.0.0.1.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCase, demoCasePaths } from '../../assets/demo/build-demo-case';
import { buildGazetteer } from '../../assets/gazetteer/build';
import { runCli } from '../../electron/cli/itinera';
import { readManifestFromPdf } from '../../electron/services/exhibit-manifest';
import { formatDateTime } from '../../shared/exhibit/format';
import {
  missingForExhibits,
  pdfPages,
  pdfText,
  rendererDir,
  sha256Of,
  squeeze,
} from './exhibit-render-helpers';

const missing = missingForExhibits('itinera exhibit (PDF)');

async function itinera(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  err.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await runCli(args, { stdout: out, stderr: err });
  return { code, stdout, stderr };
}

let dir: string;
let demo: string[];
const savedRendererDir = process.env.ITINERA_RENDERER_DIR;

beforeAll(() => {
  buildGazetteer();
  buildDemoCase();
  demo = demoCasePaths();
  dir = mkdtempSync(join(tmpdir(), 'itinera-cli-exhibit-'));
  process.env.ITINERA_RENDERER_DIR = rendererDir;
});

afterAll(() => {
  if (savedRendererDir === undefined) delete process.env.ITINERA_RENDERER_DIR;
  else process.env.ITINERA_RENDERER_DIR = savedRendererDir;
});

describe('itinera exhibit: arguments', () => {
  it('refuses a bad option with exit 2 and the usage', async () => {
    const run = await itinera([
      'exhibit',
      'x.csv',
      '--out',
      join(tmpdir(), 'x.pdf'),
      '--page',
      'A5',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--page must be one of A4, A3, Letter/);
    const noOut = await itinera(['exhibit', 'x.csv']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out is required/);
    const wallTime = await itinera([
      'exhibit',
      'x.csv',
      '--out',
      'x.pdf',
      '--from',
      '2024-04-16T14:00',
    ]);
    expect(wallTime.code).toBe(2);
    expect(wallTime.stderr).toMatch(/--from must be ISO-8601 with Z or an offset/);
  });

  it('says clearly, with exit 2, that there is no browser engine', async () => {
    const saved = process.env.ITINERA_CHROMIUM;
    process.env.ITINERA_CHROMIUM = join(tmpdir(), 'no-such-chromium');
    try {
      const run = await itinera([
        'exhibit',
        ...demoCasePaths(),
        '--out',
        join(tmpdir(), 'never.pdf'),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no browser engine: Chromium was not found at .*no-such-chromium/);
      expect(run.stderr).toMatch(/--format svg/);
    } finally {
      if (saved === undefined) delete process.env.ITINERA_CHROMIUM;
      else process.env.ITINERA_CHROMIUM = saved;
    }
  });

  it('writes the schematic SVG without a browser engine', async () => {
    const out = join(dir, 'schematic.svg');
    const saved = process.env.ITINERA_CHROMIUM;
    process.env.ITINERA_CHROMIUM = join(tmpdir(), 'no-such-chromium');
    try {
      const run = await itinera(['exhibit', ...demo, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.ITINERA_CHROMIUM;
      else process.env.ITINERA_CHROMIUM = saved;
    }
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
  });
});

describe.skipIf(missing.length > 0)('itinera exhibit: the demo case as a PDF', () => {
  it(
    'prints every stop time in the display zone and every evidence hash; carries the manifest',
    async () => {
      const pdf = join(dir, 'demo.pdf');
      const zone = 'Europe/Brussels';
      const run = await itinera([
        'exhibit',
        // The case folder as a whole: opened into its files, the photos folder one source.
        join(demo[0]!, '..'),
        '--out',
        pdf,
        '--zone',
        zone,
        '--case-ref',
        'PV 2024/0427',
        '--exhibit-no',
        'JD/3',
        '--author',
        'Insp. J. Doe',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        /demo\.pdf: PDF, \d+ bytes, \d+ pages, 9 stops, 14 evidence files/,
      );
      // The map image at 300 dpi: the A4 landscape map box is about 27 x 14 cm.
      const size = /map image (\d+) x (\d+) px at 300 dpi/.exec(run.stdout);
      expect(Number(size?.[1])).toBeGreaterThan(3000);
      expect(Number(size?.[2])).toBeGreaterThan(1400);

      const manifest = await readManifestFromPdf(new Uint8Array(readFileSync(pdf)));
      expect(manifest?.result.stops).toHaveLength(9);
      const text = pdfText(pdf);
      for (const stop of manifest!.result.stops) {
        expect(text).toContain(formatDateTime(Date.parse(stop.arrival), zone, 'en'));
        expect(text).toContain(formatDateTime(Date.parse(stop.departure), zone, 'en'));
      }
      const hashes = sha256Of(demo);
      expect(hashes).toHaveLength(14);
      const flat = squeeze(text);
      for (const hash of hashes) expect(flat).toContain(hash);
      for (const words of [
        'PV 2024/0427',
        'JD/3',
        'Insp. J. Doe',
        'All times are in Europe/Brussels (UTC+02:00)',
        'not the road taken',
        'Page 1 of',
        '© Natural Earth',
      ]) {
        expect(text).toContain(words);
      }
      expect(text).toMatch(/Software: Itinera \d+\.\d+\.\d+ · Generated: \d{4}-\d\d-\d\dT/);
      expect(pdfPages(pdf)).toBeGreaterThan(1);
    },
    15 * 60_000,
  );

  it(
    'continues a long stop table over several pages, repeating its header',
    async () => {
      const gpx = join(dir, 'sixty-stops.gpx');
      writeFileSync(gpx, sixtyStopsGpx());
      const pdf = join(dir, 'long.pdf');
      const run = await itinera([
        'exhibit',
        gpx,
        '--out',
        pdf,
        '--dpi',
        '72',
        '--orientation',
        'portrait',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const text = pdfText(pdf);
      const pages = pdfPages(pdf);
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      // The header row on the first page and again on every page the table continues on.
      const continued = text.match(/Stops \(continued\)/g)?.length ?? 0;
      expect(continued).toBeGreaterThanOrEqual(1);
      expect(text.match(/Supporting sources/g)?.length).toBe(continued + 1);
      // Every stop number once in the table (numbers 1..60 in order of the rows).
      const manifest = await readManifestFromPdf(new Uint8Array(readFileSync(pdf)));
      expect(manifest?.result.stops.length).toBeGreaterThanOrEqual(55);
    },
    10 * 60_000,
  );

  it.each([
    [
      'nl',
      ['Aankomst', 'Vertrek', 'Bewijsbestanden', 'Pagina 1 van'],
      /\b16-04-2024\b|\b16\/04\/2024\b/,
    ],
    ['fr', ['Arrivée', 'Départ', 'Page 1 sur'], /\b16\/04\/2024\b/],
    ['de', ['Ankunft', 'Abfahrt', 'Seite 1 von'], /\b16\.04\.2024\b/],
  ] as const)(
    'prints the exhibit in %s with its own words and dates',
    async (locale, words, date) => {
      const pdf = join(dir, `demo-${locale}.pdf`);
      const run = await itinera([
        'exhibit',
        ...demo,
        '--out',
        pdf,
        '--locale',
        locale,
        '--dpi',
        '72',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const text = pdfText(pdf);
      for (const word of words) expect(text).toContain(word);
      expect(text).toMatch(date);
      expect(text).not.toContain('Supporting sources');
    },
    10 * 60_000,
  );
});

/** A GPX track of 60 stays of 20 minutes, 3 km apart, joined by 10-minute drives. */
function sixtyStopsGpx(): string {
  const points: string[] = [];
  let t = Date.UTC(2024, 3, 16, 6, 0, 0);
  for (let s = 0; s < 60; s++) {
    const lat = 50.8 + (s % 10) * 0.027;
    const lon = 4.3 + Math.floor(s / 10) * 0.04;
    for (let m = 0; m < 20; m++) {
      points.push(trkpt(lat, lon, t));
      t += 60_000;
    }
    const nextLat = 50.8 + ((s + 1) % 10) * 0.027;
    const nextLon = 4.3 + Math.floor((s + 1) / 10) * 0.04;
    for (let m = 1; m <= 10; m++) {
      points.push(trkpt(lat + ((nextLat - lat) * m) / 10, lon + ((nextLon - lon) * m) / 10, t));
      t += 60_000;
    }
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gpx version="1.1" creator="itinera-test" xmlns="http://www.topografix.com/GPX/1/1">\n' +
    `<trk><name>sixty stops</name><trkseg>\n${points.join('\n')}\n</trkseg></trk>\n</gpx>\n`
  );
}

function trkpt(lat: number, lon: number, t: number): string {
  return `<trkpt lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"><time>${new Date(t).toISOString()}</time></trkpt>`;
}
