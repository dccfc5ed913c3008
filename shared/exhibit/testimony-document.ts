/**
 * Testimony on an exhibit (issue 9): the pins and sketched routes a witness indicated, drawn in
 * their own style on the map and listed in a pin table with coordinates (decimal and DMS), the
 * confidence, who indicated the place and when, the time the witness gave, the note, a
 * reverse-lookup phrase and, when device evidence is on the exhibit, the nearest stop. Pins are
 * compared with the stops, never merged into them.
 */
import { formatDecimal, formatDms } from '../geo/format-coords';
import type { Locale } from '../i18n';
import type { BoundingBox } from '../model';
import { compareWithStops, pathLengthM } from '../testimony/compare';
import type { TestimonyPin } from '../testimony/types';
import type { TimelineStop } from '../timeline/types';
import type { ExhibitColumn, ExhibitMapPin, ExhibitMapSketch, ExhibitTable } from './document';
import { formatDateTime, formatDistance, formatDuration } from './format';
import { exhibitText, type ExhibitMessageKey } from './messages';
import type { ExhibitRequest } from './request';

export interface TestimonyPartsOptions {
  locale: Locale;
  zone: string;
  describePlace?: (lat: number, lon: number, locale: Locale) => string | null;
}

export interface TestimonyParts {
  map: { pins: ExhibitMapPin[]; sketches: ExhibitMapSketch[] };
  pins: ExhibitTable;
  sketches: ExhibitTable;
  /** Every pin and sketch point, [lon, lat], for the map's bounds. */
  points: [number, number][];
}

const valid = (lat: number, lon: number) =>
  Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/** Pins in the order they were indicated; the id breaks ties so the numbering is stable. */
function ordered(pins: readonly TestimonyPin[]): TestimonyPin[] {
  return [...pins].sort(
    (a, b) => a.indicatedAt - b.indicatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Null when the exhibit shows no testimony or the request carries none. */
export function buildTestimonyParts(
  request: ExhibitRequest,
  stops: readonly TimelineStop[],
  opts: TestimonyPartsOptions,
): TestimonyParts | null {
  const testimony = request.testimony;
  if (!request.options.show.testimony || !testimony) return null;
  const { locale, zone } = opts;
  const tx = (key: ExhibitMessageKey, params?: Record<string, string | number>) =>
    exhibitText(locale, key, params);
  const when = (t: number) => formatDateTime(t, zone, locale);
  const ofHearing = <T extends { hearingId: string }>(items: readonly T[]) =>
    request.kind === 'interview' && request.hearingId !== undefined
      ? items.filter((x) => x.hearingId === request.hearingId)
      : [...items];
  const device = stops.length > 0;
  const witnessOf = new Map(testimony.hearings.map((h) => [h.id, h.witness.trim()]));
  // A pin nobody was credited with was indicated by the witness of its hearing.
  const indicatedBy = (pin: TestimonyPin) =>
    pin.indicatedBy.trim() || witnessOf.get(pin.hearingId) || '';

  const pins = ordered(ofHearing(testimony.pins).filter((p) => valid(p.lat, p.lon)));
  const mapPins: ExhibitMapPin[] = [];
  const rows: string[][] = [];
  pins.forEach((pin, i) => {
    const n = i + 1;
    const comparison = device ? compareWithStops(pin, stops) : null;
    mapPins.push({
      id: pin.id,
      n,
      lat: pin.lat,
      lon: pin.lon,
      label: pin.label,
      confidence: pin.confidence,
      uncertaintyM:
        pin.uncertaintyM !== undefined && Number.isFinite(pin.uncertaintyM) && pin.uncertaintyM > 0
          ? pin.uncertaintyM
          : null,
      conflict: comparison?.overlap === 'disjoint',
    });
    const confidence = [
      tx(`confidence.${pin.confidence}`),
      pin.uncertaintyM !== undefined && pin.uncertaintyM > 0
        ? tx('pins.uncertainty', { distance: formatDistance(pin.uncertaintyM, locale) })
        : '',
    ]
      .filter((x) => x !== '')
      .join(', ');
    const row = [
      String(n),
      pin.label.trim() || '–',
      `${formatDecimal(pin.lat, pin.lon)}\n${formatDms(pin.lat, pin.lon)}`,
      confidence,
      [indicatedBy(pin), when(pin.indicatedAt)].filter((x) => x !== '').join('\n'),
      windowText(pin, tx, when) || '–',
      pin.note.trim() || '–',
      opts.describePlace?.(pin.lat, pin.lon, locale) ?? '–',
    ];
    if (device) {
      row.push(
        comparison
          ? [
              tx('pins.nearestStopValue', {
                n: comparison.stopN,
                distance: formatDistance(comparison.distanceM, locale),
              }),
              comparison.overlap === 'overlaps'
                ? tx('pins.overlaps')
                : comparison.overlap === 'disjoint'
                  ? tx('pins.disjoint', {
                      gap: formatDuration((comparison.gapMs ?? 0) / 1000, locale),
                    })
                  : '',
            ]
              .filter((x) => x !== '')
              .join('\n')
          : '–',
      );
    }
    rows.push(row);
  });

  const columns: ExhibitColumn[] = [
    { label: tx('pins.n'), width: 4, align: 'end' },
    { label: tx('pins.label'), width: 11 },
    { label: tx('pins.coordinates'), width: 15 },
    { label: tx('pins.confidence'), width: 10 },
    { label: tx('pins.indicated'), width: 11 },
    { label: tx('pins.window'), width: 12 },
    { label: tx('pins.note'), width: device ? 11 : 23 },
    { label: tx('pins.place'), width: 14 },
  ];
  if (device) columns.push({ label: tx('pins.nearestStop'), width: 12 });

  const sketches = ofHearing(testimony.sketches)
    .map((s) => ({ ...s, points: s.points.filter(([lon, lat]) => valid(lat, lon)) }))
    .filter((s) => s.points.length >= 2)
    .sort((a, b) => a.indicatedAt - b.indicatedAt || (a.id < b.id ? -1 : 1));
  const mapSketches: ExhibitMapSketch[] = sketches.map((s) => ({
    id: s.id,
    label: s.label,
    confidence: s.confidence,
    points: s.points.map(([lon, lat]) => [lon, lat] as [number, number]),
  }));

  const points: [number, number][] = [
    ...mapPins.map((p) => [p.lon, p.lat] as [number, number]),
    ...mapSketches.flatMap((s) => s.points),
  ];

  return {
    map: { pins: mapPins, sketches: mapSketches },
    pins: {
      id: 'pins',
      title: tx('pins.heading'),
      header: true,
      columns,
      rows,
      empty: tx('pins.none'),
    },
    sketches: {
      id: 'sketches',
      title: tx('sketches.heading'),
      header: true,
      columns: [
        { label: tx('pins.label'), width: 30 },
        { label: tx('pins.confidence'), width: 14 },
        { label: tx('sketches.length'), width: 18, align: 'end' },
        { label: tx('sketches.points'), width: 10, align: 'end' },
        { label: tx('pins.note'), width: 28 },
      ],
      rows: sketches.map((s) => [
        s.label.trim() || '–',
        tx(`confidence.${s.confidence}`),
        formatDistance(pathLengthM(s.points), locale),
        String(s.points.length),
        s.note.trim() || '–',
      ]),
      empty: '–',
    },
    points,
  };
}

/** "around noon · from 28/11/2026 11:00 · until 28/11/2026 13:00" in the exhibit's language. */
function windowText(
  pin: TestimonyPin,
  tx: (key: ExhibitMessageKey, params?: Record<string, string | number>) => string,
  when: (t: number) => string,
): string {
  const w = pin.window;
  if (!w) return '';
  const parts = [w.description.trim()];
  if (w.start !== undefined && Number.isFinite(w.start)) {
    parts.push(tx('pins.from', { time: when(w.start) }));
  }
  if (w.end !== undefined && Number.isFinite(w.end)) {
    parts.push(tx('pins.until', { time: when(w.end) }));
  }
  return parts.filter((x) => x !== '').join('\n');
}

/** `bounds` grown to hold `points` ([lon, lat]); the points' own box when there is none. */
export function extendBounds(
  bounds: BoundingBox | null,
  points: readonly [number, number][],
): BoundingBox | null {
  let out = bounds ? { ...bounds } : null;
  for (const [lon, lat] of points) {
    if (!out) out = { west: lon, south: lat, east: lon, north: lat };
    else {
      out.west = Math.min(out.west, lon);
      out.east = Math.max(out.east, lon);
      out.south = Math.min(out.south, lat);
      out.north = Math.max(out.north, lat);
    }
  }
  return out;
}
