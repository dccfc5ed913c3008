import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineM } from '../../../shared/geo/distance';
import {
  COORDINATE_FORMATS,
  FORMAT_PRECISION_M,
  formatCoordinates,
} from '../../../shared/geo/coordinates/format';
import { parseCoordinates, type CoordinateParse } from '../../../shared/geo/coordinates/parse';
import {
  decodePlusCode,
  encodePlusCode,
  recoverPlusCode,
} from '../../../shared/geo/coordinates/pluscode';
import { toUtm, toUtmInZone, utmZone } from '../../../shared/geo/coordinates/utm';

const BRUSSELS: [number, number] = [50.85, 4.35];
const JABBEKE: [number, number] = [51.18185, 3.08935];
const SYDNEY: [number, number] = [-33.8688, 151.2093];
const NEW_YORK: [number, number] = [40.7128, -74.006];
// UTM and MGRS expectations were computed independently with GDAL (gdaltransform, EPSG:326xx/327xx).
const UTM_31U: [number, number] = [50.8513212, 4.3486417];
const MGRS_31U_1M: [number, number] = [50.8513256, 4.3486489];
const CN_TOWER: [number, number] = [43.6425708, -79.3871426];

/** [input, expected lat/lon of the best reading, tolerance in metres, expected format]. */
const TABLE: [string, [number, number], number, CoordinateParse['format']][] = [
  // decimal degrees
  ['50.85, 4.35', BRUSSELS, 0.01, 'decimal'],
  ['50.85 4.35', BRUSSELS, 0.01, 'decimal'],
  ['-33.9,151.2', [-33.9, 151.2], 0.01, 'decimal'],
  ['50.85°, 4.35°', BRUSSELS, 0.01, 'decimal'],
  ['50.85° N, 4.35° E', BRUSSELS, 0.01, 'decimal'],
  ['50.85N 4.35E', BRUSSELS, 0.01, 'decimal'],
  ['N50.85 E4.35', BRUSSELS, 0.01, 'decimal'],
  ['4.35E 50.85N', BRUSSELS, 0.01, 'decimal'],
  ['4.35 E, 50.85 N', BRUSSELS, 0.01, 'decimal'],
  ['-33.8688, 151.2093', SYDNEY, 0.01, 'decimal'],
  ['33.8688 S 151.2093 E', SYDNEY, 0.01, 'decimal'],
  ['33.8688S, 151.2093E', SYDNEY, 0.01, 'decimal'],
  ['40.7128° N, 74.0060° W', NEW_YORK, 0.01, 'decimal'],
  ['40.7128, -74.0060', NEW_YORK, 0.01, 'decimal'],
  ['51.18185,3.08935', JABBEKE, 0.01, 'decimal'],
  ['+51.18185 +3.08935', JABBEKE, 0.01, 'decimal'],
  ['51.18185;3.08935', JABBEKE, 0.01, 'decimal'],
  ['51.18185 / 3.08935', JABBEKE, 0.01, 'decimal'],
  ['50,85; 4,35', BRUSSELS, 0.01, 'decimal'],
  ['50,85 4,35', BRUSSELS, 0.01, 'decimal'],
  ['51,18185, 3,08935', JABBEKE, 0.01, 'decimal'],
  ['lat 51.18185 lon 3.08935', JABBEKE, 0.01, 'decimal'],
  ['Lat: -22.9519, Long: -43.2105', [-22.9519, -43.2105], 0.01, 'decimal'],
  ['120.5 45.2', [45.2, 120.5], 0.01, 'decimal'],
  ['  50.85 , 4.35  ', BRUSSELS, 0.01, 'decimal'],
  // degrees, minutes, seconds
  [`50°51'00"N 4°21'00"E`, BRUSSELS, 0.01, 'dms'],
  [`50°51'00"N, 4°21'00"E`, BRUSSELS, 0.01, 'dms'],
  ['50°51′00″N 4°21′00″E', BRUSSELS, 0.01, 'dms'],
  ['50° 51′ 0″ N, 4° 21′ 0″ E', BRUSSELS, 0.01, 'dms'],
  ['50°51’00”N 4°21’00”E', BRUSSELS, 0.01, 'dms'],
  [`50°51'00''N 4°21'00''E`, BRUSSELS, 0.01, 'dms'],
  ['50º51\'00"N 4º21\'00"E', BRUSSELS, 0.01, 'dms'],
  ['50 51 0 N 4 21 0 E', BRUSSELS, 0.01, 'dms'],
  ['N 50 51 0 E 4 21 0', BRUSSELS, 0.01, 'dms'],
  ['50:51:00N 4:21:00E', BRUSSELS, 0.01, 'dms'],
  ['50:51:00 N, 004:21:00 E', BRUSSELS, 0.01, 'dms'],
  ['505100N 0042100E', BRUSSELS, 0.01, 'dms'],
  [`51°10'54.7"N 3°05'21.7"E`, [51.1818611, 3.0893611], 0.05, 'dms'],
  [`33°52'07.7"S 151°12'33.5"E`, [-33.8688056, 151.2093056], 0.05, 'dms'],
  ['40°42′46″N 74°00′22″W', [40.7127778, -74.0061111], 0.05, 'dms'],
  ['50 51 00 north 4 21 00 east', BRUSSELS, 0.01, 'dms'],
  ['50° 51′ 00″ Noord 4° 21′ 00″ Oost', BRUSSELS, 0.01, 'dms'],
  ['50° 51′ 00″ nord, 4° 21′ 00″ est', BRUSSELS, 0.01, 'dms'],
  ['50°51′00″N 4°21′00″O', BRUSSELS, 0.01, 'dms'],
  [`-33° 52' 7.7", 151° 12' 33.5"`, [-33.8688056, 151.2093056], 0.05, 'dms'],
  // degrees and decimal minutes
  [`50°51'N 4°21'E`, BRUSSELS, 0.01, 'ddm'],
  ['N50 51.000 E4 21.000', BRUSSELS, 0.01, 'ddm'],
  ['N 50° 51.000 E 004° 21.000', BRUSSELS, 0.01, 'ddm'],
  ['50 51.000N 4 21.000E', BRUSSELS, 0.01, 'ddm'],
  ['N50°51.000′ E4°21.000′', BRUSSELS, 0.01, 'ddm'],
  ['S33 52.128 E151 12.558', SYDNEY, 0.01, 'ddm'],
  ['47°22.5′N 8°32.5′E', [47.375, 8.5416667], 0.05, 'ddm'],
  // UTM
  ['31U 594934 5634158', UTM_31U, 0.05, 'utm'],
  ['31N 594934 5634158', UTM_31U, 0.05, 'utm'],
  ['31 U 594934 5634158', UTM_31U, 0.05, 'utm'],
  ['31U 594934mE 5634158mN', UTM_31U, 0.05, 'utm'],
  ['zone 31U 594934 5634158', UTM_31U, 0.05, 'utm'],
  ['17T 630084 4833439', CN_TOWER, 0.05, 'utm'],
  ['56H 333569 6247473', [-33.900003, 151.2000006], 0.05, 'utm'],
  ['56 south 333569 6247473', [-33.900003, 151.2000006], 0.05, 'utm'],
  ['32V 307201 6701082', [60.3999981, 5.5000003], 0.05, 'utm'], // Norway's widened zone 32
  ['33X 513697 8680760', [78.1999995, 15.6000024], 0.05, 'utm'], // Svalbard
  ['19H 344847 6297700', [-33.4489014, -70.669297], 0.05, 'utm'],
  ['54S 381622 3950299', [35.6895008, 139.6916974], 0.05, 'utm'], // band S, not south
  // MGRS: the centre of the named cell
  ['31UES9493434158', MGRS_31U_1M, 0.05, 'mgrs'],
  ['31U ES 94934 34158', MGRS_31U_1M, 0.05, 'mgrs'],
  ['31ues 94934 34158', MGRS_31U_1M, 0.05, 'mgrs'],
  ['31UES949341', [50.8512467, 4.3488669], 0.05, 'mgrs'],
  ['31UES9434', [50.854467, 4.3425664], 0.05, 'mgrs'],
  ['31UES93', [50.8588802, 4.3497976], 0.05, 'mgrs'],
  ['17TPJ3008433439', [43.6425752, -79.3871363], 0.05, 'mgrs'],
  ['56HLH3356947473', [-33.8999986, 151.2000061], 0.05, 'mgrs'],
  // plus codes
  ['9F26V922+22', [50.8500625, 4.3500625], 0.05, 'pluscode'],
  ['8FVC9G8F+6X', [47.3655625, 8.5249375], 0.05, 'pluscode'],
  ['8fvc9g8f+6xq', [47.3655875, 8.524984375], 0.05, 'pluscode'],
  ['7FG49QCJ+2V', [20.3700625, 2.7821875], 0.05, 'pluscode'],
  // map-service links
  ['https://www.google.com/maps/@50.85,4.35,15z', BRUSSELS, 0.01, 'url'],
  [
    'https://www.google.com/maps/place/Jabbeke/@51.19,3.10,14z/data=!3m1!4b1!4m6!3m5!1s0x47c4:0x1!8m2!3d51.18185!4d3.08935',
    JABBEKE,
    0.01,
    'url',
  ],
  ['https://www.google.com/maps?q=50.85,4.35', BRUSSELS, 0.01, 'url'],
  ['https://maps.google.com/?q=50.85%2C4.35', BRUSSELS, 0.01, 'url'],
  [
    'https://www.google.com/maps/search/?api=1&query=47.5951518%2C-122.3316393',
    [47.5951518, -122.3316393],
    0.01,
    'url',
  ],
  ['https://www.google.com/maps/dir/?api=1&destination=50.85,4.35', BRUSSELS, 0.01, 'url'],
  ['https://www.openstreetmap.org/?mlat=50.85&mlon=4.35#map=12/50.9/4.4', BRUSSELS, 0.01, 'url'],
  ['https://www.openstreetmap.org/#map=15/50.85/4.35', BRUSSELS, 0.01, 'url'],
  ['https://maps.apple.com/?ll=50.85,4.35&q=Pin', BRUSSELS, 0.01, 'url'],
  ['https://maps.apple.com/?q=50.85,4.35', BRUSSELS, 0.01, 'url'],
  ['https://www.bing.com/maps?cp=50.85~4.35&lvl=15', BRUSSELS, 0.01, 'url'],
  ['geo:50.85,4.35', BRUSSELS, 0.01, 'geo-uri'],
  ['geo:50.85,4.35;u=35', BRUSSELS, 0.01, 'geo-uri'],
  ['geo:0,0?q=50.85,4.35(Meeting point)', BRUSSELS, 0.01, 'geo-uri'],
];

describe('parseCoordinates: real-world strings', () => {
  it('has at least 60 cases', () => expect(TABLE.length).toBeGreaterThanOrEqual(60));

  for (const [input, [lat, lon], tolerance, format] of TABLE) {
    it(`reads ${JSON.stringify(input)}`, () => {
      const [best] = parseCoordinates(input);
      expect(best, 'no reading').toBeDefined();
      expect(best!.format).toBe(format);
      expect(haversineM(best!.lat, best!.lon, lat, lon)).toBeLessThanOrEqual(tolerance);
      expect(best!.normalized).toMatch(/^-?\d+\.\d{6}, -?\d+\.\d{6}$/);
    });
  }
});

describe('parseCoordinates: ambiguity and rejection', () => {
  it('offers lon, lat as a weaker second reading when nothing says which is which', () => {
    const readings = parseCoordinates('50.85 4.35');
    expect(readings).toHaveLength(2);
    expect(readings[0]).toMatchObject({ lat: 50.85, lon: 4.35 });
    expect(readings[1]).toMatchObject({ lat: 4.35, lon: 50.85 });
    expect(readings[1]!.confidence).toBeLessThan(readings[0]!.confidence);
    expect(readings[1]!.note).toMatch(/longitude, latitude/);
  });

  it('rules out a reading with a value out of range', () => {
    const readings = parseCoordinates('120.5 45.2');
    expect(readings).toHaveLength(1);
    expect(readings[0]!.note).toMatch(/out of latitude range/);
    expect(parseCoordinates('91 181')).toEqual([]);
    expect(parseCoordinates('50 61 0 N 4 21 0 E')).toEqual([]);
    expect(parseCoordinates('50 51 61 N 4 21 0 E')).toEqual([]);
  });

  it('hemisphere letters fix the order, and settle nothing when they contradict', () => {
    expect(parseCoordinates('4.35E 50.85N')).toHaveLength(1);
    expect(parseCoordinates('50.85N 4.35N')).toEqual([]);
    expect(parseCoordinates('-50.85N 4.35E')).toEqual([]);
    expect(parseCoordinates('-33.9S 151.2E')[0]).toMatchObject({ lat: -33.9, lon: 151.2 });
  });

  it('reports both meanings of the letter O (east in Dutch and German, west in French)', () => {
    const readings = parseCoordinates('50°51′00″N 4°21′00″O');
    expect(readings.map((r) => Math.sign(r.lon))).toEqual([1, -1]);
  });

  it('reports both meanings of UTM "S" when both fit: band S and the southern hemisphere', () => {
    const readings = parseCoordinates('54S 381622 3950299');
    expect(readings).toHaveLength(2);
    expect(haversineM(readings[1]!.lat, readings[1]!.lon, -54.5809251, 139.1683714)).toBeLessThan(
      0.05,
    );
    // Northing 5.6 million is far north of band S, so only the hemisphere reading is left.
    expect(parseCoordinates('31S 594934 5634158')).toHaveLength(1);
    expect(parseCoordinates('31S 594934 5634158')[0]!.lat).toBeLessThan(0);
  });

  it('rejects text that is not a coordinate, MGRS letters that cannot occur in the zone', () => {
    for (const text of [
      '',
      'Jabbeke',
      '50.85',
      'Kerkstraat 12 8490 Jabbeke',
      '31U 50 60',
      '31UIS9493434158',
      '31UJS9493434158',
      '31UES949343415',
      'https://maps.app.goo.gl/abcdef',
      'RC22+22',
      'x'.repeat(5000),
    ]) {
      expect(parseCoordinates(text), text.slice(0, 40)).toEqual([]);
    }
  });

  it('gives MGRS and plus-code cells their size as accuracy', () => {
    expect(parseCoordinates('31UES93')[0]!.accuracyM).toBe(10_000);
    expect(parseCoordinates('31UES9493434158')[0]!.accuracyM).toBe(1);
    expect(parseCoordinates('9F26V922+22')[0]!.accuracyM).toBe(7);
    expect(parseCoordinates('geo:50.85,4.35;u=35')[0]!.accuracyM).toBe(35);
  });

  it('prefers a Google pin over the view centre in the same link, and keeps both', () => {
    const readings = parseCoordinates(TABLE.find(([s]) => s.includes('!3d'))![0]);
    expect(readings[0]!.service).toBe('google-maps');
    expect(readings[1]).toMatchObject({ lat: 51.19, lon: 3.1 });
    expect(readings[1]!.note).toMatch(/centre/);
  });

  it('completes short plus codes from a named place or the reference point', () => {
    const zurich = { lat: 47.37, lon: 8.54 };
    const named = parseCoordinates('9G8F+6X Zürich', {
      resolvePlace: (name) => (name === 'Zürich' ? zurich : null),
    });
    expect(named[0]!.format).toBe('pluscode');
    expect(named[0]!.lat).toBeCloseTo(47.3655625, 9);
    expect(parseCoordinates('9G8F+6X Nowhere', { resolvePlace: () => null })).toEqual([]);
    const viaView = parseCoordinates('V922+22', { reference: { lat: 50.8, lon: 4.4 } });
    expect(haversineM(viaView[0]!.lat, viaView[0]!.lon, 50.8500625, 4.3500625)).toBeLessThan(0.1);
  });
});

describe('plus codes against the specification examples', () => {
  it('encodes, decodes and recovers', () => {
    expect(encodePlusCode(47.36559, 8.524997)).toBe('8FVC9G8F+6X');
    expect(encodePlusCode(47.36559, 8.524997, 11)).toBe('8FVC9G8F+6XQ');
    expect(encodePlusCode(20.3700625, 2.7821875)).toBe('7FG49QCJ+2V');
    expect(encodePlusCode(20.375, 2.775, 6)).toBe('7FG49Q00+');
    expect(decodePlusCode('7FG49Q00+')).toMatchObject({ codeLength: 6 });
    expect(recoverPlusCode('9G8F+6X', 47.4, 8.6)).toBe('8FVC9G8F+6X');
    // Across the 1° boundary the nearer cell wins, not the reference's own.
    expect(recoverPlusCode('XXXX+XX', 48.0001, 9.0001)).toBe(encodePlusCode(47.9999, 8.9999));
  });
});

describe('UTM', () => {
  it('matches GDAL and knows the Norway and Svalbard zones', () => {
    const p = toUtm(50.85, 4.35)!;
    expect(p.zone).toBe(31);
    expect(p.band).toBe('U');
    expect(p.easting).toBeCloseTo(595032.2946, 2);
    expect(p.northing).toBeCloseTo(5634012.8335, 2);
    expect(utmZone(60.4, 5.5)).toBe(32);
    expect(utmZone(78.2, 15.6)).toBe(33);
    expect(utmZone(78.2, 8.9)).toBe(31);
    expect(utmZone(-33.9, 151.2)).toBe(56);
    expect(utmZone(0, 179.9)).toBe(60);
    expect(utmZone(0, 180)).toBe(1);
    expect(toUtmInZone(60.4, 5.5, 32).easting).toBeCloseTo(307200.9924, 2);
    expect(toUtm(84.5, 0)).toBeNull();
    expect(toUtm(-80.5, 0)).toBeNull();
  });
});

describe('format → parse round trips', () => {
  for (const format of COORDINATE_FORMATS) {
    it(`gives the point back within ${FORMAT_PRECISION_M[format]} m: ${format}`, () => {
      const gridded = format === 'utm' || format === 'mgrs';
      fc.assert(
        fc.property(
          fc.double({
            min: gridded ? -79.999 : -89.999,
            max: gridded ? 83.999 : 89.999,
            noNaN: true,
          }),
          fc.double({ min: -179.999999, max: 179.999999, noNaN: true }),
          (lat, lon) => {
            const text = formatCoordinates(lat, lon, format);
            expect(text).not.toBeNull();
            const [best] = parseCoordinates(text!);
            expect(best, text!).toBeDefined();
            const error = haversineM(lat, lon, best!.lat, best!.lon);
            expect(error, `${text} → ${best!.normalized}`).toBeLessThanOrEqual(
              FORMAT_PRECISION_M[format],
            );
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it('reads every MGRS precision back inside its cell', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -79.9, max: 83.9, noNaN: true }),
        fc.double({ min: -179.9, max: 179.9, noNaN: true }),
        fc.integer({ min: 1, max: 5 }),
        (lat, lon, precision) => {
          const text = formatCoordinates(lat, lon, 'mgrs', { precision })!;
          const [best] = parseCoordinates(text);
          const cell = 10 ** (5 - precision);
          expect(best!.accuracyM).toBe(cell);
          // Half the cell's diagonal, plus the grid's scale distortion at zone edges.
          expect(haversineM(lat, lon, best!.lat, best!.lon)).toBeLessThanOrEqual(cell * 0.71 + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
