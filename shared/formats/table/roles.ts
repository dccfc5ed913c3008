/**
 * What a column is, from two kinds of clue: its header (names in English, German, Dutch, French,
 * Spanish, Italian as tracker portals write them) and the shape of its values (numbers in
 * coordinate range, E7 integers, epoch seconds, WKT points, dates in some order, on/off words).
 */
import { TableDateTimeParser, type DateOrder } from './datetime';
import type { ColumnRole } from './mapping';
import {
  isNullToken,
  parseBoolean,
  parseCoordinate,
  parseDuration,
  parseE7,
  parseLatLon,
  parseNumber,
  parseWktPoint,
  unitInValue,
} from './values';

/** Lower case, letters and digits only: `Lcl Date` → `lcldate`, `speedKPH` → `speedkph`. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const SYNONYMS: [ColumnRole, string[], string?][] = [
  ['lat-e7', ['latitudee7', 'late7']],
  ['lon-e7', ['longitudee7', 'lone7', 'lnge7']],
  [
    'lat',
    [
      'lat',
      'latitude',
      'latitudens',
      'breite',
      'breitengrad',
      'latitud',
      'latitudine',
      'gpslat',
      'latdeg',
      'latitudedeg',
      'breedtegraad',
      'y',
    ],
  ],
  [
    'lon',
    [
      'lon',
      'lng',
      'long',
      'longitude',
      'longitudeew',
      'laenge',
      'lange',
      'langengrad',
      'laengengrad',
      'longitud',
      'longitudine',
      'gpslon',
      'gpslng',
      'londeg',
      'longitudedeg',
      'lengtegraad',
      'x',
    ],
  ],
  ['lat-hemisphere', ['ns', 'nors', 'lathemisphere', 'latref']],
  ['lon-hemisphere', ['ew', 'eorw', 'lonhemisphere', 'lonref']],
  [
    'latlon',
    [
      'position',
      'coordinates',
      'coordinate',
      'coords',
      'latlon',
      'latlng',
      'latlong',
      'koordinaten',
      'gpsposition',
      'location',
      'geo',
      'coordonnees',
      'coordenadas',
    ],
  ],
  ['wkt-point', ['geom', 'geometry', 'wkt', 'thegeom', 'point', 'geompoint']],
  ['utc-offset', ['utcofst', 'utcoffset', 'tzoffset', 'timezoneoffset', 'offset', 'gmtoffset']],
  [
    'datetime',
    [
      'timestamp',
      'datetime',
      'datumzeit',
      'datumuhrzeit',
      'datumtijd',
      'dateheure',
      'fechahora',
      'gpstime',
      'fixtime',
      'devicetime',
      'servertime',
      'recordedat',
      'createdat',
      'utctime',
      'localtime',
      'eventtime',
      'tst',
      'ts',
      'timeutc',
      'datetimeutc',
      'datetimelocal',
      'tijdstip',
      'zeitstempel',
      'horodatage',
    ],
  ],
  ['date', ['date', 'datum', 'lcldate', 'utcdate', 'fecha', 'data', 'day', 'tag', 'dag', 'jour']],
  ['time', ['time', 'zeit', 'uhrzeit', 'lcltime', 'tijd', 'heure', 'hora', 'ora']],
  [
    'arrival',
    [
      'arrival',
      'arrivaltime',
      'arrived',
      'start',
      'starttime',
      'startdate',
      'begin',
      'from',
      'ankunft',
      'aankomst',
      'arrivee',
      'llegada',
      'stopstart',
      'parkedfrom',
    ],
  ],
  [
    'departure',
    [
      'departure',
      'departuretime',
      'departed',
      'end',
      'endtime',
      'enddate',
      'until',
      'to',
      'abfahrt',
      'vertrek',
      'depart',
      'salida',
      'stopend',
      'parkeduntil',
    ],
  ],
  [
    'duration',
    [
      'duration',
      'dauer',
      'duur',
      'duree',
      'duracion',
      'stopduration',
      'standzeit',
      'parkingtime',
      'stoptime',
      'idletime',
      'parkduration',
    ],
  ],
  [
    'altitude',
    [
      'altitude',
      'alt',
      'elevation',
      'ele',
      'height',
      'hoehe',
      'hohe',
      'hoogte',
      'altmsl',
      'altgps',
      'altitudem',
      'altitudeft',
    ],
  ],
  [
    'speed',
    [
      'speed',
      'velocity',
      'vel',
      'gndspd',
      'groundspeed',
      'speedkph',
      'speedkmh',
      'speedmph',
      'speedkn',
      'speedms',
      'geschwindigkeit',
      'snelheid',
      'vitesse',
      'velocidad',
      'spd',
      'kmh',
    ],
  ],
  [
    'heading',
    [
      'heading',
      'bearing',
      'course',
      'cog',
      'direction',
      'hdg',
      'trk',
      'richtung',
      'azimuth',
      'koers',
      'cap',
      'rumbo',
    ],
  ],
  [
    'accuracy',
    [
      'accuracy',
      'acc',
      'hacc',
      'horizontalaccuracy',
      'accuracymeters',
      'accuracym',
      'horzaccuracy',
      'precision',
      'genauigkeit',
      'nauwkeurigheid',
    ],
  ],
  [
    'ignition',
    [
      'ignition',
      'ign',
      'ignitionstatus',
      'zuendung',
      'zundung',
      'contact',
      'ontsteking',
      'allumage',
      'ignicion',
      'acc on',
    ],
  ],
  ['engine', ['engine', 'motor', 'enginestatus', 'enginerunning', 'engineon', 'moteur']],
  [
    'door',
    [
      'door',
      'doors',
      'doorstatus',
      'dooropen',
      'tuer',
      'tur',
      'deur',
      'porte',
      'puerta',
      'cargodoor',
    ],
  ],
  [
    'fuel-level',
    [
      'fuel',
      'fuellevel',
      'fuelpercent',
      'fuellevelpercent',
      'fuelpct',
      'fuellitres',
      'fuelliters',
      'tank',
      'tanklevel',
      'kraftstoff',
      'tankinhalt',
      'brandstof',
      'carburant',
      'combustible',
    ],
  ],
  [
    'odometer',
    ['odometer', 'odometerkm', 'mileage', 'kilometerstand', 'odo', 'totaldistance', 'kmstand'],
  ],
  [
    'driver',
    ['driver', 'drivername', 'driverid', 'fahrer', 'chauffeur', 'bestuurder', 'conductor'],
  ],
  [
    'status',
    [
      'status',
      'statuscode',
      'event',
      'eventcode',
      'eventtype',
      'alarm',
      'ereignis',
      'gebeurtenis',
      'evenement',
    ],
  ],
  [
    'address',
    [
      'address',
      'adresse',
      'adres',
      'streetaddress',
      'direccion',
      'indirizzo',
      'locationaddress',
      'place',
      'ort',
    ],
  ],
  ['name', ['name', 'title', 'placename', 'label', 'poi', 'description', 'naam', 'nom', 'nombre']],
  [
    'device',
    [
      'deviceid',
      'device',
      'vehicle',
      'vehicleid',
      'unit',
      'unitid',
      'imei',
      'tracker',
      'trackerid',
      'fahrzeug',
      'voertuig',
      'vehicule',
      'plate',
      'licenseplate',
      'registration',
      'kennzeichen',
      'kenteken',
      'asset',
      'tid',
    ],
  ],
];

const BY_NAME = new Map<string, ColumnRole>();
for (const [role, names] of SYNONYMS)
  for (const n of names) if (!BY_NAME.has(n)) BY_NAME.set(n, role);

/** The role a header names, or undefined. Units in the name (`speedKPH`) are left to `unitFromHeader`. */
export function roleFromHeader(header: string): ColumnRole | undefined {
  const n = normalizeHeader(header);
  if (n === '') return undefined;
  const exact = BY_NAME.get(n);
  if (exact) return exact;
  // `Latitude (deg)`, `Speed [km/h]`, `GPS Latitude`: strip a unit or a prefix and retry.
  const bare = normalizeHeader(header.replace(/[([].*?[)\]]/g, ''));
  if (bare !== n && BY_NAME.has(bare)) return BY_NAME.get(bare);
  for (const prefix of ['gps', 'vehicle', 'current', 'last', 'stop']) {
    if (n.startsWith(prefix) && BY_NAME.has(n.slice(prefix.length)))
      return BY_NAME.get(n.slice(prefix.length));
  }
  return undefined;
}

/** A unit named in a header: `speedKPH`, `Speed (km/h)`, `Altitude [ft]`, `fuel %`. */
export function unitFromHeader(header: string): string | undefined {
  const h = header.toLowerCase();
  if (/km\s*\/\s*h|kph|kmh/.test(h)) return 'km/h';
  if (/mph/.test(h)) return 'mph';
  if (/\bkn\b|\bkts?\b|knots/.test(h)) return 'kn';
  if (/m\s*\/\s*s|\bmps\b/.test(h)) return 'm/s';
  if (/\bft\b|feet/.test(h)) return 'ft';
  if (/%|percent|pct/.test(h)) return '%';
  if (/litre|liter|\bl\b|ltr/.test(h)) return 'l';
  if (/\bkm\b|km$/.test(h)) return 'km';
  if (/\bmin\b|minutes/.test(h)) return 'min';
  if (/\bsec\b|seconds|\(s\)/.test(h)) return 's';
  if (/\bm\b|meters|metres/.test(h)) return 'm';
  return undefined;
}

/** Fractions (0..1) of the non-empty sampled values that have each shape. */
export interface ColumnProfile {
  nonEmpty: number;
  number: number;
  integer: number;
  latRange: number;
  lonRange: number;
  /** Numbers with at least 4 decimals (coordinates have them, counters do not). */
  precise: number;
  hemiLat: number;
  hemiLon: number;
  letterNS: number;
  letterEW: number;
  e7Lat: number;
  e7Lon: number;
  epochS: number;
  epochMs: number;
  wkt: number;
  latlon: number;
  /** Best date-time order and the fraction it reads. */
  datetime: { order: DateOrder; share: number; ambiguous: boolean; offsets: number };
  date: { order: DateOrder; share: number; ambiguous: boolean };
  time: number;
  boolean: number;
  duration: number;
  /** A unit written in the values (`m`, `km/h`), when most values carry the same one. */
  unit: string | undefined;
  distinct: number;
  min: number;
  max: number;
}

const EPOCH_S_MIN = 631_152_000; // 1990-01-01
const EPOCH_S_MAX = 4_102_444_800; // 2100-01-01

function orderShare(
  values: string[],
  kind: 'datetime' | 'date',
): { order: DateOrder; share: number; ambiguous: boolean; offsets: number } {
  const orders: DateOrder[] = ['YMD', 'DMY', 'MDY'];
  const shares = orders.map((order) => {
    const p = new TableDateTimeParser(order);
    let ok = 0;
    let offsets = 0;
    for (const v of values) {
      const t = kind === 'datetime' ? p.parseDateTime(v) : p.parseDate(v);
      if (!Number.isNaN(t)) {
        ok++;
        if (!Number.isNaN(p.offsetMinutes)) offsets++;
      }
    }
    return { order, share: values.length === 0 ? 0 : ok / values.length, offsets };
  });
  // Prefer YMD, then DMY (European portals), then MDY when they read equally well.
  let best = shares[0]!;
  for (const s of shares) if (s.share > best.share) best = s;
  const dmy = shares[1]!;
  const mdy = shares[2]!;
  const ambiguous = best.order !== 'YMD' && dmy.share === mdy.share && dmy.share > 0;
  return { order: best.order, share: best.share, ambiguous, offsets: best.offsets };
}

export function profileColumn(raw: string[], decimalComma: boolean): ColumnProfile {
  const values = raw.map((v) => v.trim()).filter((v) => !isNullToken(v));
  const n = values.length || 1;
  let number = 0;
  let integer = 0;
  let latRange = 0;
  let lonRange = 0;
  let precise = 0;
  let hemiLat = 0;
  let hemiLon = 0;
  let letterNS = 0;
  let letterEW = 0;
  let e7Lat = 0;
  let e7Lon = 0;
  let epochS = 0;
  let epochMs = 0;
  let wkt = 0;
  let latlon = 0;
  let time = 0;
  let boolean = 0;
  let duration = 0;
  let min = Infinity;
  let max = -Infinity;
  const units = new Map<string, number>();
  const timeParser = new TableDateTimeParser('YMD');
  for (const v of values) {
    const x = parseNumber(v, decimalComma);
    if (!Number.isNaN(x)) {
      number++;
      min = Math.min(min, x);
      max = Math.max(max, x);
      if (/^[+-]?\d+$/.test(v)) integer++;
      if (Math.abs(x) <= 90) latRange++;
      if (Math.abs(x) <= 180) lonRange++;
      if (/[.,]\d{4,}$/.test(v)) precise++;
      if (/^[+-]?\d+$/.test(v)) {
        if (!Number.isNaN(parseE7(v, 'lat')) && Math.abs(x) >= 1e5) e7Lat++;
        if (!Number.isNaN(parseE7(v, 'lon')) && Math.abs(x) >= 1e5) e7Lon++;
      }
      if (x >= EPOCH_S_MIN && x < EPOCH_S_MAX) epochS++;
      if (x >= EPOCH_S_MIN * 1000 && x < EPOCH_S_MAX * 1000) epochMs++;
    } else {
      if (/[A-Za-z]/.test(v) && /\d/.test(v)) {
        if (/[NSns]/.test(v) && !Number.isNaN(parseCoordinate(v, 'lat'))) hemiLat++;
        if (/[EWOewo]/.test(v) && !Number.isNaN(parseCoordinate(v, 'lon'))) hemiLon++;
      }
      const u = unitInValue(v);
      if (u !== undefined) units.set(u, (units.get(u) ?? 0) + 1);
    }
    if (/^[NS]$/i.test(v)) letterNS++;
    if (/^[EW]$/i.test(v)) letterEW++;
    if (parseWktPoint(v)) wkt++;
    else if (Number.isNaN(x) && parseLatLon(v)) latlon++;
    if (!Number.isNaN(timeParser.parseTime(v)) && /:/.test(v)) time++;
    if (parseBoolean(v) !== null) boolean++;
    if (Number.isNaN(x) && !Number.isNaN(parseDuration(v))) duration++;
  }
  let unit: string | undefined;
  for (const [u, c] of units) if (c >= n / 2) unit = u;
  return {
    nonEmpty: values.length,
    number: number / n,
    integer: integer / n,
    latRange: latRange / n,
    lonRange: lonRange / n,
    precise: precise / n,
    hemiLat: hemiLat / n,
    hemiLon: hemiLon / n,
    letterNS: letterNS / n,
    letterEW: letterEW / n,
    e7Lat: e7Lat / n,
    e7Lon: e7Lon / n,
    epochS: epochS / n,
    epochMs: epochMs / n,
    wkt: wkt / n,
    latlon: latlon / n,
    datetime: orderShare(values, 'datetime'),
    date: orderShare(values, 'date'),
    time: time / n,
    boolean: boolean / n,
    duration: duration / n,
    unit,
    distinct: new Set(values).size,
    min,
    max,
  };
}
