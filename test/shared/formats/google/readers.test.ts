import { describe, expect, it } from 'vitest';
import { detectGoogleShape, sniffGoogle } from '../../../../shared/formats/google/sniff';
import { TIME_BASES } from '../../../../shared/model';
import { codes, fixture, fixturesPresent, readGoogle } from './helpers';

const basis = (code: number | undefined): string | undefined =>
  code === undefined ? undefined : TIME_BASES[code];

describe('Records.json / Location History.json', () => {
  it('maps every field of a location and keeps the device', () => {
    const r = readGoogle(
      JSON.stringify({
        locations: [
          {
            latitudeE7: 525121303,
            longitudeE7: 134309551,
            accuracy: 25,
            altitude: 40,
            velocity: 3,
            heading: 90,
            verticalAccuracy: 4,
            source: 'GPS',
            deviceTag: 335552189,
            timestamp: '2013-04-15T06:31:26.860Z',
            activity: [{ activity: [{ type: 'STILL', confidence: 100 }] }],
          },
        ],
      }),
      'Records.json',
    );
    expect(r.readable).toBe(true);
    expect(r.format).toBe('google-records');
    expect(r.kind).toBe('phone');
    expect(r.device).toBe('deviceTag 335552189');
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.t[0]).toBe(Date.UTC(2013, 3, 15, 6, 31, 26, 860));
    expect(basis(r.fixTimeBasis[0])).toBe('utc');
    expect(r.fixes.lat[0]).toBe(52.5121303);
    expect(r.fixes.lon[0]).toBe(13.4309551);
    expect(r.fixes.accuracyM?.[0]).toBe(25);
    expect(r.fixes.ele?.[0]).toBe(40);
    expect(r.fixes.speedMps?.[0]).toBe(3);
    expect(r.fixes.headingDeg?.[0]).toBe(90);
    expect(r.reportedStops).toEqual([]);
    expect(codes(r)).toContain('google.records.activity-skipped');
  });

  it('reads the legacy timestampMs form', () => {
    const r = readGoogle(
      '{"locations":[{"timestampMs":"1378026000000","latitudeE7":508503000,"longitudeE7":43517000}]}',
      'Location History.json',
    );
    expect(r.formatDetail).toContain('legacy');
    expect(r.fixes.t[0]).toBe(1378026000000);
    expect(basis(r.fixTimeBasis[0])).toBe('utc');
  });

  it('rejects placeholders and unreadable positions, counts duplicates and backward steps', () => {
    const r = readGoogle(
      JSON.stringify({
        locations: [
          { latitudeE7: 0, longitudeE7: 0, timestampMs: '1000000000000' },
          { latitudeE7: 'x', longitudeE7: 1, timestampMs: '1000000000000' },
          { latitudeE7: 10, longitudeE7: 10, timestampMs: '1000000002000' },
          { latitudeE7: 10, longitudeE7: 10, timestampMs: '1000000002000' },
          { latitudeE7: 11, longitudeE7: 11, timestampMs: '1000000001000' },
          { latitudeE7: 12, longitudeE7: 12, timestamp: 'garbage' },
        ],
      }),
    );
    expect(r.fixes.count).toBe(3);
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        'google.coordinate.placeholder',
        'google.coordinate.invalid',
        'google.duplicate',
        'google.time.backwards',
        'google.time.invalid',
      ]),
    );
    const invalid = r.issues.find((i) => i.code === 'google.coordinate.invalid')!;
    expect(invalid).toMatchObject({ record: 1, line: 1 });
    expect(Number.isNaN(r.fixes.t[2]!)).toBe(true);
  });

  it.skipIf(!fixturesPresent)('reads the reitti Records.json fixture', () => {
    const r = readGoogle(fixture('reitti_Records.json'), 'Records.json');
    expect(r.fixes.count).toBe(95);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });
});

describe('Semantic Location History', () => {
  it.skipIf(!fixturesPresent)('keeps visits and activities apart from measured points', () => {
    const r = readGoogle(fixture('gpsbabel_SemanticLocationHistory_2013_MAY.json'));
    expect(r.format).toBe('google-semantic');
    expect(r.reportedStops).toHaveLength(51);
    expect(r.reportedMovements).toHaveLength(84);
    const fb = r.reportedStops![0]!;
    expect(fb).toMatchObject({
      name: 'Facebook',
      address: '1 Hacker Way, Menlo Park, California 94025, United States',
      placeId: 'ChIJGcSN3pa8j4ARpeP0i0Oel2Q',
      lat: 37.4850711,
      lon: -122.1474242,
      confidence: 0.64,
      start: Date.UTC(2013, 4, 9, 1, 24, 28, 883),
      end: Date.UTC(2013, 4, 9, 16, 55, 16, 119),
      timeBasis: 'utc',
    });
    // Measured (timed, with accuracy) and inferred route shape (untimed) live in separate parts.
    const track = r.parts.find((p) => p.kind === 'track')!;
    const route = r.parts.find((p) => p.kind === 'route')!;
    for (const s of track.segments)
      for (let i = s.start; i < s.end; i++) {
        expect(Number.isNaN(r.fixes.t[i]!)).toBe(false);
        expect(r.fixes.accuracyM![i]).toBeGreaterThan(0);
      }
    for (const s of route.segments)
      for (let i = s.start; i < s.end; i++) expect(basis(r.fixTimeBasis[i])).toBe('none');
    const withPath = r.reportedMovements!.filter((m) => m.path !== undefined);
    expect(withPath.length).toBeGreaterThan(50);
    for (const m of withPath) expect(m.path!.end).toBeGreaterThan(m.path!.start);
    expect(r.reportedMovements!.every((m) => m.activity !== undefined)).toBe(true);
  });

  it.skipIf(!fixturesPresent)(
    'handles empty start/end locations, BOM and timestampMs visits',
    () => {
      const empty = readGoogle(fixture('EDGE_dawarich_semantic_history_empty_start_end.json'));
      expect(empty.reportedMovements).toHaveLength(3);
      expect(empty.reportedMovements![0]!.startLat).toBeUndefined();
      expect(empty.reportedMovements![1]!.statedDistanceM).toBe(3853);
      expect(codes(empty)).toContain('google.movement.no-endpoints');
      const bom = readGoogle(fixture('EDGE_dawarich_semantic_history_with_bom.json'));
      expect(bom.readable).toBe(true);
      expect(bom.reportedMovements![0]).toMatchObject({ startLat: 60.4518, endLon: 22.2667 });
      expect(codes(bom)).toContain('google.bom');
      const ms = readGoogle(fixture('EDGE_dawarich_semantic_placeVisit_timestampMs.json'));
      expect(ms.reportedStops![0]).toMatchObject({ start: 1742844302585, lat: 12.3522222 });
      expect(Number.isNaN(ms.reportedStops![0]!.end)).toBe(true);
      expect(codes(ms)).toEqual(
        expect.arrayContaining(['google.time.missing', 'google.coordinate.suspicious']),
      );
    },
  );

  it('drops a repeated visit and reports it', () => {
    const visit = {
      placeVisit: {
        location: { latitudeE7: 500000000, longitudeE7: 40000000, name: 'X' },
        duration: { startTimestamp: '2020-01-01T10:00:00Z', endTimestamp: '2020-01-01T11:00:00Z' },
        placeConfidence: 'HIGH_CONFIDENCE',
      },
    };
    const r = readGoogle(JSON.stringify({ timelineObjects: [visit, visit] }));
    expect(r.reportedStops).toHaveLength(1);
    expect(r.reportedStops![0]!.confidence).toBeCloseTo(5 / 6);
    expect(codes(r)).toEqual(
      expect.arrayContaining(['google.inferred.duplicate', 'google.confidence.worded']),
    );
  });
});

describe('Timeline Edits.json', () => {
  it.skipIf(!fixturesPresent)('reads raw signal positions with accuracy in metres', () => {
    const r = readGoogle(fixture('EDGE_dawarich_Timeline_Edits.json'));
    expect(r.format).toBe('google-timeline-edits');
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.lat[0]).toBe(35.5831402);
    expect(r.fixes.lon[0]).toBe(-119.3393903);
    expect(r.fixes.accuracyM![0]).toBe(12);
    expect(r.fixes.t[0]).toBe(Date.UTC(2025, 7, 15, 14, 32, 18));
    expect(r.device).toBe('deviceId -1613859921');
  });
});

describe('Android on-device Timeline.json', () => {
  it.skipIf(!fixturesPresent)('reads segments, raw signals, offsets', () => {
    const r = readGoogle(fixture('reitti_Timeline_android_ondevice_randomized.json'));
    expect(r.format).toBe('google-android-timeline');
    expect(r.reportedStops).toHaveLength(7);
    expect(r.reportedMovements).toHaveLength(5);
    const v = r.reportedStops![0]!;
    expect(v).toMatchObject({
      start: Date.UTC(2017, 4, 2, 2, 12, 4),
      end: Date.UTC(2017, 4, 2, 8, 52, 12),
      timeBasis: 'offset',
      lat: -27.413026,
      lon: 163.5643862,
      placeId: 'ChIJ7czCIfZYkWsRpWBJ8NUZOIs',
      confidence: 0.9399999976158142,
    });
    const m = r.reportedMovements![0]!;
    expect(m).toMatchObject({ activity: 'CYCLING', statedDistanceM: 8856, startLat: -27.413113 });
    expect(m.confidence).toBeUndefined(); // probability 0.0 means "not given"
    const raw = r.parts.find((p) => p.name?.includes('raw signals'))!;
    expect(raw.segments).toEqual([{ start: r.fixes.count - 3, end: r.fixes.count }]);
    expect(r.fixes.accuracyM![r.fixes.count - 1]).toBe(3);
    expect(codes(r)).toContain('google.raw-signal.skipped');
  });

  it('places zone-less times with the segment offset and reads frequent places', () => {
    const r = readGoogle(
      JSON.stringify({
        semanticSegments: [
          {
            startTime: '2024-01-01T10:00:00.000',
            endTime: '2024-01-01T11:00:00.000',
            startTimeTimezoneUtcOffsetMinutes: 60,
            endTimeTimezoneUtcOffsetMinutes: 60,
            visit: { probability: 0.8, topCandidate: { placeLocation: { latLng: '51.2°, 4.4°' } } },
          },
          {
            startTime: '2024-01-01T12:00:00.000+02:00',
            endTime: '2024-01-01T13:00:00.000+02:00',
            startTimeTimezoneUtcOffsetMinutes: 60,
            timelinePath: [{ point: '51.3°, 4.5°', time: '2024-01-01T12:30:00.000+02:00' }],
          },
        ],
        userLocationProfile: {
          frequentPlaces: [{ placeId: 'abc', placeLocation: '51.2°, 4.4°', label: 'HOME' }],
        },
      }),
    );
    expect(r.reportedStops![0]).toMatchObject({
      start: Date.UTC(2024, 0, 1, 9),
      timeBasis: 'offset',
      lat: 51.2,
      confidence: 0.8,
    });
    expect(r.fixes.t[0]).toBe(Date.UTC(2024, 0, 1, 10, 30));
    expect(codes(r)).toContain('google.time.offset-mismatch');
    expect(r.waypoints).toEqual([
      expect.objectContaining({
        name: 'Frequent place: HOME',
        lat: 51.2,
        lon: 4.4,
        timeBasis: 'none',
      }),
    ]);
  });
});

describe('iOS location-history.json', () => {
  it.skipIf(!fixturesPresent)('reads geo: URIs, string numbers and minute offsets', () => {
    const r = readGoogle(fixture('dawarich_location-history_ios.json'));
    expect(r.format).toBe('google-ios-history');
    expect(r.reportedStops![0]).toMatchObject({
      start: Date.UTC(2023, 7, 27, 20, 48, 56),
      timeBasis: 'offset',
      lat: 27.720022,
      lon: -97.347951,
      placeId: 'ChIJxxP_Qwb2aIYRTwDNDLkUmD0',
      confidence: 0.71,
    });
    // "49" minutes after 20:00Z.
    expect(r.fixes.t[0]).toBe(Date.UTC(2023, 7, 27, 20, 49));
    expect(basis(r.fixTimeBasis[0])).toBe('utc');
    expect(r.fixes.count).toBe(7); // 10 points, 3 exact repeats
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        'google.path.minute-offsets',
        'google.segment.skipped',
        'google.duplicate',
      ]),
    );
  });

  it.skipIf(!fixturesPresent)('reads the randomized iOS export', () => {
    const r = readGoogle(fixture('reitti_location-history_ios_ondevice_randomized.json'));
    expect(r.reportedStops).toHaveLength(26);
    expect(r.reportedMovements).toHaveLength(24);
    expect(r.reportedStops![0]).toMatchObject({ placeType: 'Home', confidence: 0.95 });
    expect(r.reportedMovements![0]).toMatchObject({
      activity: 'in passenger vehicle',
      statedDistanceM: 1881,
      startLat: 55.596349,
      endLon: 24.7648727,
    });
  });
});

describe('not location data, unknown shapes', () => {
  it.skipIf(!fixturesPresent)(
    'recognises Settings.json and reports it as not location data',
    () => {
      const bytes = fixture('EDGE_dawarich_Settings_not_locations.json');
      expect(detectGoogleShape(bytes)?.shape).toBe('settings');
      const r = readGoogle(bytes, 'Settings.json');
      expect(r.readable).toBe(false);
      expect(codes(r)).toEqual(['google.not-location-data']);
    },
  );

  it('names JSON of an unknown shape', () => {
    for (const text of ['{"foo":1,"bar":[1]}', '[1,2,3]', 'not json', '']) {
      const r = readGoogle(text);
      expect(r.readable).toBe(false);
      expect(codes(r)).toContain('google.unknown-shape');
      expect(r.issues.find((i) => i.code === 'google.unknown-shape')!.message).toMatch(
        /Not a Google location export/,
      );
    }
    expect(readGoogle('{"foo":1}').issues.at(-1)!.message).toContain('"foo"');
  });

  it('sniffs each shape and leaves other JSON alone', () => {
    const enc = new TextEncoder();
    const sniff = (s: string) => sniffGoogle(enc.encode(s), 'x.json');
    expect(sniff('{"locations":[{"latitudeE7":1')?.confidence).toBeGreaterThan(0.9);
    expect(sniff('{"timelineObjects":[')?.format).toBe('google');
    expect(detectGoogleShape(enc.encode('{ "semanticSegments" : ['))).toMatchObject({
      shape: 'android-timeline',
    });
    expect(detectGoogleShape(enc.encode('{"timelineEdits":['))).toMatchObject({
      shape: 'timeline-edits',
    });
    expect(
      detectGoogleShape(enc.encode('[{"endTime":"x","startTime":"y","visit":{"a":"geo:1,2"}}]')),
    ).toMatchObject({ shape: 'ios-history' });
    expect(sniff('{"type":"FeatureCollection","features":[]}')).toBeNull();
    expect(sniff('{"locations":[{"type":"Feature"}]}')).toBeNull();
    expect(sniff('[1,2]')).toBeNull();
  });
});
