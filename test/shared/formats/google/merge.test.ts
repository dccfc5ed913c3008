import { describe, expect, it } from 'vitest';
import { mergeGoogleResults } from '../../../../shared/formats/google/merge';
import { codes, fixture, fixturesPresent, readGoogle } from './helpers';

const visit = (start: string, end: string, lat = 500000000) => ({
  placeVisit: {
    location: { latitudeE7: lat, longitudeE7: 40000000, name: 'Car park' },
    duration: { startTimestamp: start, endTimestamp: end },
    visitConfidence: 80,
  },
});
const segment = (start: string, end: string, rawTimes: string[]) => ({
  activitySegment: {
    startLocation: { latitudeE7: 500000000, longitudeE7: 40000000 },
    endLocation: { latitudeE7: 510000000, longitudeE7: 41000000 },
    duration: { startTimestamp: start, endTimestamp: end },
    activityType: 'IN_PASSENGER_VEHICLE',
    waypointPath: {
      waypoints: [
        { latE7: 500000000, lngE7: 40000000 },
        { latE7: 510000000, lngE7: 41000000 },
      ],
    },
    simplifiedRawPath: {
      points: rawTimes.map((timestamp, i) => ({
        latE7: 500000000 + i * 1000,
        lngE7: 40000000,
        accuracyMeters: 10,
        timestamp,
      })),
    },
  },
});

describe('mergeGoogleResults', () => {
  it('reads several files of one export as one result, dropping overlaps', () => {
    const april = readGoogle(
      JSON.stringify({
        timelineObjects: [
          visit('2020-04-30T20:00:00Z', '2020-04-30T23:00:00Z'),
          segment('2020-04-30T23:00:00Z', '2020-05-01T01:00:00Z', ['2020-04-30T23:10:00Z']),
        ],
      }),
      '2020_APRIL.json',
    );
    // The month-end segment appears again in May's file.
    const may = readGoogle(
      JSON.stringify({
        timelineObjects: [
          segment('2020-04-30T23:00:00Z', '2020-05-01T01:00:00Z', ['2020-04-30T23:10:00Z']),
          visit('2020-05-01T01:00:00Z', '2020-05-01T05:00:00Z', 510000000),
        ],
      }),
      '2020_MAY.json',
    );
    // Records.json holds the raw point the segment's simplifiedRawPath repeats, and one more.
    const records = readGoogle(
      JSON.stringify({
        locations: [
          { latitudeE7: 500000000, longitudeE7: 40000000, timestamp: '2020-04-30T23:10:00Z' },
          { latitudeE7: 500001000, longitudeE7: 40000000, timestamp: '2020-04-30T23:11:00Z' },
          { latitudeE7: 'x', longitudeE7: 40000000, timestamp: '2020-04-30T23:12:00Z' },
        ],
      }),
      'Records.json',
    );
    const m = mergeGoogleResults([may, records, april], { label: 'Takeout' });
    expect(m.readable).toBe(true);
    expect(m.format).toBe('google-export');
    expect(m.reportedStops!.map((s) => s.start)).toEqual([
      Date.UTC(2020, 3, 30, 20),
      Date.UTC(2020, 4, 1, 1),
    ]);
    expect(m.reportedMovements).toHaveLength(1);
    // May: 2 waypoints + 1 raw point; Records: 1 repeat of May's raw point dropped + 1; April's
    // segment dropped with its 3 path fixes.
    expect(m.fixes.count).toBe(4);
    const mov = m.reportedMovements![0]!;
    expect(mov.path).toEqual({ start: 0, end: 3 });
    const merge = m.issues.find((i) => i.code === 'google.merge.duplicates')!;
    expect(merge.file).toBe('Takeout');
    expect(merge.message).toContain('1 fix(es)');
    expect(merge.message).toContain('1 activity segment(s) (with their 3 path point(s))');
    for (const p of m.parts)
      for (const s of p.segments) {
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(m.fixes.count);
      }
    // The files keep their own issues.
    expect(m.issues).toContainEqual(
      expect.objectContaining({
        file: 'Records.json',
        code: 'google.coordinate.invalid',
        record: 2,
      }),
    );
  });

  it.skipIf(!fixturesPresent)('a file merged with itself changes nothing but the count', () => {
    const one = readGoogle(fixture('gpsbabel_SemanticLocationHistory_2013_MAY.json'), 'may.json');
    const twice = mergeGoogleResults([
      one,
      readGoogle(fixture('gpsbabel_SemanticLocationHistory_2013_MAY.json'), 'may.json'),
    ]);
    expect(twice.reportedStops).toHaveLength(one.reportedStops!.length);
    expect(twice.reportedMovements).toHaveLength(one.reportedMovements!.length);
    // Untimed route points of the kept segments stay; everything of the repeated file goes.
    expect(twice.fixes.count).toBe(one.fixes.count);
    expect(codes(twice)).toContain('google.merge.duplicates');
    expect(twice.format).toBe('google-semantic');
  });
});
