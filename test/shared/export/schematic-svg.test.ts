/**
 * The schematic diagram's own heading: on its own (the SVG export) it carries the title and the
 * references; on an exhibit page, under the page's heading, it carries neither (issue 8: the
 * title appeared twice).
 */
import { describe, expect, it } from 'vitest';
import type { ImportedSource } from '../../../shared/api';
import { defaultExhibitOptions, type ExhibitRequest } from '../../../shared/exhibit/request';
import { buildExhibitModel } from '../../../shared/export/exhibit-model';
import { exhibitToSchematicSvg } from '../../../shared/export/schematic-svg';
import { deriveTimeline, defaultTimelineSettings } from '../../../shared/timeline/derive';
import { leg, source } from '../timeline/helpers';

function model() {
  const fixes = [
    ...leg(0, 20, 10, [0, 0], [0, 0]),
    ...leg(20, 30, 10, [0, 0], [5000, 0]).slice(1),
    ...leg(30, 50, 10, [5000, 0], [5000, 0]).slice(1),
  ];
  const tracker = source('trk', 'tracker', fixes, {
    files: [{ name: 'trk.csv', size: 123, sha256: 'a'.repeat(64) }],
  }) as ImportedSource;
  const req: ExhibitRequest = {
    sources: [tracker],
    settings: defaultTimelineSettings('Europe/Brussels'),
    options: {
      ...defaultExhibitOptions('en'),
      title: 'Route of the van',
      caseReference: 'PV-2026-117',
      displayZone: 'Europe/Brussels',
    },
  };
  return buildExhibitModel(req, deriveTimeline(req.sources, req.settings), { generatedAt: 0 });
}

/** The visible text of the drawing (`<text>` elements), not its `<title>` tooltip. */
function visibleText(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('exhibitToSchematicSvg heading', () => {
  const software = { name: 'Itinera', version: '1.2.3' };

  it('standalone: one title line with the references', () => {
    const m = model();
    expect(m.stops.length).toBeGreaterThanOrEqual(2);
    const text = visibleText(exhibitToSchematicSvg(m, { software }));
    expect(text.filter((t) => t.includes('Route of the van'))).toHaveLength(1);
    expect(text.some((t) => t.includes('PV-2026-117'))).toBe(true);
  });

  it('on an exhibit page: no title and no references of its own, and shorter', () => {
    const m = model();
    const standalone = exhibitToSchematicSvg(m, { software });
    const embedded = exhibitToSchematicSvg(m, { software, heading: false });
    const text = visibleText(embedded);
    expect(text.some((t) => t.includes('Route of the van'))).toBe(false);
    expect(text.some((t) => t.includes('PV-2026-117'))).toBe(false);
    // Nor the footer: the page has one.
    expect(text.some((t) => t.includes('Itinera 1.2.3'))).toBe(false);
    expect(visibleText(standalone).some((t) => t.includes('Itinera 1.2.3'))).toBe(true);
    // Every stop is still drawn, with its number.
    for (const s of m.stops) expect(text).toContain(String(s.n));
    const h = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    expect(h(embedded)).toBeLessThan(h(standalone));
  });
});
