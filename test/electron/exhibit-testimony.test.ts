/**
 * Testimony and photos on the printed exhibit (issues 8 and 9), in Chromium: the interview map
 * of one hearing (reference, witness, interviewer, pin table with DMS, reverse lookup and the
 * nearest stop; no other hearing's pins), photo thumbnails served by the exhibit server from
 * the registered photos only, and the `itinera exhibit --kind interview` arguments.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExhibitArgs } from '../../electron/cli/commands/exhibit';
import { ChromiumExhibitPrinter } from '../../electron/services/exhibit-print-chromium';
import { renderExhibit } from '../../electron/services/exhibit-render';
import { startExhibitServer } from '../../electron/services/exhibit-render-server';
import { EXHIBIT_PHOTO_PATH } from '../../shared/exhibit/document';
import type { ExhibitRequest } from '../../shared/exhibit/request';
import { buildInterviewRequest } from '../../shared/testimony/interview-request';
import type { Testimony } from '../../shared/testimony/types';
import {
  missingForExhibits,
  pdfPageImages,
  pdfText,
  rendererDir,
  repoRoot,
  squeeze,
} from './exhibit-render-helpers';
import { demoRequest } from './export-helpers';

const missing = missingForExhibits('exhibit testimony and photos');
const results = join(repoRoot, 'test-results');
const FIXED = {
  now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  software: { name: 'Itinera', version: '0.0.0-test' },
};

/** Pins near the demo case's stop at Jabbeke (stop 4) and near Rijsbergen; one other hearing. */
const TESTIMONY: Testimony = {
  hearings: [
    {
      id: 'h1',
      reference: 'PV BR.12.L3.004711/2024',
      witness: 'Witness Alpha',
      interviewer: 'Insp. De Smet',
      startedAt: Date.UTC(2024, 5, 3, 9, 0),
      locale: 'en',
    },
    {
      id: 'h2',
      reference: 'PV BR.12.L3.004799/2024',
      witness: 'Witness Bravo',
      interviewer: 'Insp. Martin',
      startedAt: Date.UTC(2024, 5, 4, 9, 0),
      locale: 'fr',
    },
  ],
  pins: [
    {
      id: 'p1',
      hearingId: 'h1',
      lat: 51.185,
      lon: 3.087,
      label: 'Parking by the motorway',
      note: 'petrol station sign',
      confidence: 'certain',
      indicatedBy: '',
      indicatedAt: Date.UTC(2024, 5, 3, 9, 13),
      window: {
        start: Date.UTC(2024, 3, 16, 20, 30),
        end: Date.UTC(2024, 3, 16, 21, 0),
        description: 'late evening',
      },
    },
    {
      id: 'p2',
      hearingId: 'h1',
      lat: 51.52,
      lon: 4.66,
      label: 'Farmhouse',
      note: 'held overnight',
      confidence: 'likely',
      indicatedBy: 'Interpreter',
      indicatedAt: Date.UTC(2024, 5, 3, 9, 28),
      uncertaintyM: 1500,
    },
    {
      id: 'q1',
      hearingId: 'h2',
      lat: 50.95,
      lon: 1.85,
      label: 'Pin of another hearing',
      note: '',
      confidence: 'uncertain',
      indicatedBy: 'Witness Bravo',
      indicatedAt: Date.UTC(2024, 5, 4, 9, 10),
    },
  ],
  sketches: [
    {
      id: 's1',
      hearingId: 'h1',
      label: 'Drive after the parking',
      note: '',
      points: [
        [3.087, 51.185],
        [4.2, 51.3],
        [4.66, 51.52],
      ],
      confidence: 'likely',
      indicatedAt: Date.UTC(2024, 5, 3, 9, 40),
    },
  ],
};

describe('the exhibit server serves photo thumbnails', () => {
  it('answers registered keys only', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const server = await startExhibitServer({
      rendererDir: '/nonexistent',
      document: '{}',
      basemaps: null,
      photos: async (key) => (key === 'src:0' ? { bytes: jpeg, type: 'image/jpeg' } : null),
    });
    try {
      const url = (key: string) =>
        new URL(`../${EXHIBIT_PHOTO_PATH}?key=${encodeURIComponent(key)}`, server.pageUrl).href;
      const ok = await fetch(url('src:0'));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/jpeg');
      expect(new Uint8Array(await ok.arrayBuffer())).toEqual(jpeg);
      for (const key of ['src:1', '../../etc/passwd', '']) {
        expect((await fetch(url(key))).status, key).toBe(404);
      }
    } finally {
      await server.close();
    }
  });
});

describe('itinera exhibit --kind interview: arguments', () => {
  let file: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'itinera-testimony-args-'));
    file = join(dir, 'testimony.json');
    writeFileSync(file, JSON.stringify(TESTIMONY));
  });

  it('takes the hearing, its language, and needs no evidence files', () => {
    const options = parseExhibitArgs([
      '--out',
      'i.pdf',
      '--testimony',
      file,
      '--kind',
      'interview',
      '--hearing',
      'h2',
    ]);
    expect(options).not.toBe('help');
    if (options === 'help') return;
    expect(options.kind).toBe('interview');
    expect(options.hearingId).toBe('h2');
    expect(options.locale).toBe('fr');
    expect(options.inputs).toEqual([]);
  });

  it('refuses an interview without testimony, an unknown hearing, or a bad file', () => {
    expect(() => parseExhibitArgs(['--out', 'i.pdf', '--kind', 'interview'])).toThrow(
      /needs --testimony/,
    );
    expect(() =>
      parseExhibitArgs(['--out', 'i.pdf', '--testimony', file, '--kind', 'interview']),
    ).toThrow(/--hearing must name a hearing/);
    expect(() =>
      parseExhibitArgs([
        '--out',
        'i.pdf',
        '--testimony',
        file,
        '--kind',
        'interview',
        '--hearing',
        'nope',
      ]),
    ).toThrow(/h1, h2/);
    const bad = join(tmpdir(), `itinera-bad-testimony-${process.pid}.json`);
    writeFileSync(bad, JSON.stringify({ hearings: [{ id: 1 }], pins: [], sketches: [] }));
    expect(() => parseExhibitArgs(['case', '--out', 'e.pdf', '--testimony', bad])).toThrow(
      /is not testimony/,
    );
  });
});

describe.skipIf(missing.length > 0)('testimony and photos on the printed exhibit', () => {
  let printer: ChromiumExhibitPrinter;
  let request: ExhibitRequest;
  let dir: string;

  beforeAll(async () => {
    request = (await demoRequest()).request;
    printer = await ChromiumExhibitPrinter.launch();
    dir = mkdtempSync(join(tmpdir(), 'itinera-exhibit-testimony-'));
    mkdirSync(results, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await printer?.close();
  });

  it(
    "prints the interview map of one hearing with its pin table, and no other hearing's pins",
    async () => {
      const interview = buildInterviewRequest({
        sources: request.sources,
        settings: request.settings,
        testimony: TESTIMONY,
        hearingId: 'h1',
        displayZone: 'Europe/Brussels',
        showDeviceEvidence: true,
      });
      interview.options.dpi = 96;
      const out = join(dir, 'interview.pdf');
      const result = await renderExhibit(interview, 'pdf', out, printer, {
        rendererDir,
        ...FIXED,
      });
      const text = pdfText(out);
      const flat = squeeze(text);
      for (const expected of [
        'PV BR.12.L3.004711/2024',
        'Witness Alpha',
        'Insp. De Smet',
        'Parking by the motorway',
        'Farmhouse',
        'Drive after the parking',
        'Interpreter',
        'petrol station sign',
        'late evening',
        '51.185000, 3.087000',
        '51°11′06.00″N',
        'Jabbeke',
        'Nearest stop',
        'times overlap',
      ]) {
        expect(flat, expected).toContain(squeeze(expected));
      }
      expect(text).not.toContain('Pin of another hearing');
      expect(text).not.toContain('Witness Bravo');
      expect(result.page?.pages).toBeGreaterThanOrEqual(2);
      expect(printer.blocked).toEqual([]);
      pdfPageImages(out, dir, 'interview').forEach((png, i) =>
        writeFileSync(join(results, `exhibit-interview-page${i + 1}.png`), png),
      );
    },
    10 * 60_000,
  );

  it(
    'draws the photos as real thumbnails, also when the map is drawn in tiles',
    async () => {
      const withPhotos: ExhibitRequest = {
        ...request,
        options: { ...request.options, dpi: 96 },
      };
      const own = withPhotos.sources
        .flatMap((s) => s.photos ?? [])
        .filter((p) => Number.isFinite(p.lat ?? NaN)).length;
      expect(own).toBeGreaterThan(0);
      for (const maxTile of [undefined, 384]) {
        const out = join(dir, `photos-${maxTile ?? 'whole'}.png`);
        const result = await renderExhibit(withPhotos, 'png', out, printer, {
          rendererDir,
          ...FIXED,
          ...(maxTile ? { maxTile } : {}),
        });
        if (maxTile) expect(result.page?.map?.tiles).toBeGreaterThan(1);
        expect(result.page?.photos?.markers).toBeGreaterThan(0);
        expect(result.page?.photos?.thumbnails).toBeGreaterThan(0);
        expect(result.page?.photos?.thumbnails).toBe(result.page?.photos?.markers);
      }
      expect(printer.blocked).toEqual([]);
    },
    10 * 60_000,
  );
});
