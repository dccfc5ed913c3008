/**
 * The export channels: the save dialog's answer is the only path an export may write, each
 * format reaches the right writer with a validated request, the result carries the real size
 * and SHA-256 of the file, and failures come back as clear messages.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Channels, type ImportedSource } from '../../shared/api';
import { defaultExhibitOptions, type ExhibitRequest } from '../../shared/exhibit/request';
import { defaultTimelineSettings } from '../../shared/timeline/settings';
import {
  ApiError,
  createApiHandlers,
  invokeChannel,
  type ApiServices,
} from '../../electron/services/api-handlers';
import { BasemapRegistry } from '../../electron/services/basemaps';
import { fakeSource } from '../renderer/fakeSource';

const request: ExhibitRequest = {
  sources: [fakeSource('truck', [[50.85, 4.35, Date.UTC(2026, 0, 1)]]) as ImportedSource],
  settings: defaultTimelineSettings('Europe/Brussels'),
  options: { ...defaultExhibitOptions('nl'), title: 'Route', stopIds: ['k1'] },
};

describe('export channels', () => {
  let dir: string;
  let calls: {
    writer: string;
    format: string;
    path: string;
    request: ExhibitRequest;
    extra?: unknown;
  }[];
  let dialogAnswer: string | null;
  let services: ApiServices;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-api-exhibit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function handlers(withRenderer = true) {
    calls = [];
    services = {
      appInfo: () => ({ name: 'itinera', version: '0', locale: 'en', platform: 'linux' }),
      pickEvidence: async () => [],
      importEvidence: async () => [],
      demoEvidencePaths: [],
      basemaps: new BasemapRegistry([]),
      pickSavePath: async (name) => (dialogAnswer === null ? null : join(dialogAnswer, name)),
      exhibits: {
        writeExport: async (req, format, path, extra) => {
          calls.push({ writer: 'file', format, path, request: req, extra });
          if (req.options.title === 'boom') throw new Error('no stops to export');
          await writeFile(path, `${format}:${req.options.title}`);
        },
        ...(withRenderer
          ? {
              renderExhibit: async (req: ExhibitRequest, format: 'pdf' | 'png', path: string) => {
                calls.push({ writer: 'page', format, path, request: req });
                await writeFile(path, `%PDF ${req.options.locale}`);
              },
            }
          : {}),
      },
    };
    return createApiHandlers(services);
  }

  it('writes only where the save dialog said, once, and reports size and SHA-256', async () => {
    const h = handlers();
    dialogAnswer = dir;
    const path = await invokeChannel(h, Channels.pickSavePath, {
      defaultName: 'S12 - PV 1.kml',
      format: 'kml',
    });
    expect(path).toBe(join(dir, 'S12 - PV 1.kml'));
    const result = await invokeChannel(h, Channels.exportEvidence, {
      request,
      format: 'kml',
      path,
    });
    const bytes = await readFile(path as string);
    expect(bytes.toString()).toBe('kml:Route');
    expect(result).toEqual({
      path,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    // Typed arrays and the examiner's lists reached the writer intact.
    expect(calls[0]!.request.sources[0]!.fixes.lat).toBeInstanceOf(Float64Array);
    expect(calls[0]!.request.options.stopIds).toEqual(['k1']);
    // The dialog's answer is spent: a second write needs a second dialog.
    await expect(
      invokeChannel(h, Channels.exportEvidence, { request, format: 'kml', path }),
    ).rejects.toMatchObject({ code: 'exhibit.path-not-chosen' });
  });

  it('refuses a path the dialog never returned, or chosen for another format', async () => {
    const h = handlers();
    dialogAnswer = dir;
    const other = join(dir, 'elsewhere.csv');
    await expect(
      invokeChannel(h, Channels.exportEvidence, { request, format: 'csv', path: other }),
    ).rejects.toBeInstanceOf(ApiError);
    const path = await invokeChannel(h, Channels.pickSavePath, {
      defaultName: 'a.gpx',
      format: 'gpx',
    });
    await expect(
      invokeChannel(h, Channels.exportEvidence, { request, format: 'csv', path }),
    ).rejects.toMatchObject({ code: 'exhibit.path-not-chosen' });
    expect(calls).toEqual([]);
  });

  it('sends PDF and PNG to the page renderer, the rest to the file writer', async () => {
    const h = handlers();
    dialogAnswer = dir;
    for (const format of ['pdf', 'png', 'svg', 'geojson'] as const) {
      const path = await invokeChannel(h, Channels.pickSavePath, {
        defaultName: `x.${format}`,
        format,
      });
      await invokeChannel(h, Channels.exportEvidence, { request, format, path });
    }
    expect(calls.map((c) => `${c.writer}:${c.format}`)).toEqual([
      'page:pdf',
      'page:png',
      'file:svg',
      'file:geojson',
    ]);
  });

  it('answers null when the dialog is cancelled, and clear errors when a writer fails', async () => {
    const h = handlers(false);
    dialogAnswer = null;
    expect(
      await invokeChannel(h, Channels.pickSavePath, { defaultName: 'a.pdf', format: 'pdf' }),
    ).toBeNull();
    dialogAnswer = dir;
    const pdf = await invokeChannel(h, Channels.pickSavePath, {
      defaultName: 'a.pdf',
      format: 'pdf',
    });
    await expect(
      invokeChannel(h, Channels.exportEvidence, { request, format: 'pdf', path: pdf }),
    ).rejects.toMatchObject({
      code: 'exhibit.unavailable',
      message: 'PDF export is not available in this host',
    });
    const csv = await invokeChannel(h, Channels.pickSavePath, {
      defaultName: 'a.csv',
      format: 'csv',
    });
    const boom = { ...request, options: { ...request.options, title: 'boom' } };
    await expect(
      invokeChannel(h, Channels.exportEvidence, { request: boom, format: 'csv', path: csv }),
    ).rejects.toMatchObject({
      code: 'exhibit.export-failed',
      message: 'CSV export failed: no stops to export',
    });
  });

  it('passes the route colours on, and refuses photo files no import registered', async () => {
    const h = handlers();
    dialogAnswer = dir;
    const path = await invokeChannel(h, Channels.pickSavePath, {
      defaultName: 'c.csv',
      format: 'csv',
    });
    await invokeChannel(h, Channels.exportEvidence, {
      request,
      format: 'csv',
      path,
      colours: { truck: '#e6194b' },
    });
    expect(calls[0]!.extra).toEqual({ colours: { truck: '#e6194b' } });
    const photos = {
      ...fakeSource('pics', []),
      kind: 'photos',
      files: [{ name: 'id_rsa.jpg', path: '/home/x/.ssh/id_rsa.jpg', size: 10, sha256: '0' }],
    } as ImportedSource;
    const kmz = await invokeChannel(h, Channels.pickSavePath, {
      defaultName: 'c.kmz',
      format: 'kmz',
    });
    await expect(
      invokeChannel(h, Channels.exportEvidence, {
        request: { ...request, sources: [...request.sources, photos] },
        format: 'kmz',
        path: kmz,
      }),
    ).rejects.toMatchObject({ code: 'exhibit.unknown-photo' });
    expect(calls).toHaveLength(1);
    await expect(
      invokeChannel(h, Channels.exportEvidence, {
        request,
        format: 'kmz',
        path: kmz,
        colours: { truck: 'red' },
      }),
    ).rejects.toMatchObject({ code: 'api.invalid-request' });
  });

  it.each([
    [Channels.pickSavePath, { defaultName: '../etc/passwd', format: 'pdf' }],
    [Channels.pickSavePath, { defaultName: 'a.pdf', format: 'docx' }],
    [Channels.pickSavePath, { defaultName: '', format: 'pdf' }],
    [Channels.exportEvidence, { request, format: 'pdf' }],
    [Channels.exportEvidence, { request: { ...request, options: {} }, format: 'pdf', path: '/x' }],
    [
      Channels.exportEvidence,
      {
        request: { ...request, options: { ...request.options, locale: 'es' } },
        format: 'pdf',
        path: '/x',
      },
    ],
    [
      Channels.exportEvidence,
      {
        request: { ...request, options: { ...request.options, timeRange: { start: 2, end: 1 } } },
        format: 'pdf',
        path: '/x',
      },
    ],
  ])('refuses %s %j', async (channel, payload) => {
    const h = handlers();
    dialogAnswer = dir;
    await expect(invokeChannel(h, channel, payload)).rejects.toMatchObject({
      code: 'api.invalid-request',
    });
    expect(calls).toEqual([]);
  });
});
