/**
 * The demo case's journey, shaped like the smuggling case in DESIGN.md: a truck from a Dover
 * lorry park by ferry to Calais, where a phone joins it near the migrant camp; then Belgian
 * motorway car parks (Jabbeke on the E40, Brecht on the E19), the Hazeldonk truck stop at the
 * Dutch border, a break near Reims, a night at an A7 service area, and Barcelona. Two days,
 * two time zones (Europe/London, then CEST). Waypoints are hand-picked and approximate: the
 * roads are drawn as straight pieces between them. SYNTHETIC, not evidence.
 */
import type { LatLon } from './demo-route';

export type { LatLon } from './demo-route';

/** Where the truck stands, with what its tracker and the people around it do there. */
export interface CaseStop {
  /** Short key used by the photos and the tests. */
  key: string;
  label: string;
  at: LatLon;
  minutes: number;
  /** The engine is switched off while parked (ignition off/on events). */
  ignitionOff: boolean;
  /** Minutes after arrival at which the cargo door is opened, and for how long. */
  doorOpen?: { afterMin: number; forMin: number };
  /** Litres (% of the tank) put in while parked. */
  refuelPct?: number;
}

export type CaseStep =
  | { kind: 'stop'; stop: CaseStop }
  | { kind: 'drive'; kmh: number; via: readonly LatLon[] }
  /** On the ferry: no fix at all (steel hull), the truck reappears at `to`. */
  | { kind: 'ferry'; minutes: number; to: LatLon };

/** 2024-04-16 15:00 BST. */
export const CASE_START_UTC = Date.UTC(2024, 3, 16, 14, 0, 0);

export const DOVER_LORRY_PARK: LatLon = [51.1205, 1.2975];
export const DOVER_EASTERN_DOCKS: LatLon = [51.1272, 1.3338];
export const CALAIS_FERRY_TERMINAL: LatLon = [50.9668, 1.8626];
export const CALAIS_CAR_PARK: LatLon = [50.9652, 1.8962];
/** Where the phone waits: the camp's edge, across the road from the car park (about 150 m). */
export const CALAIS_CAMP: LatLon = [50.9664, 1.8958];
export const JABBEKE_CAR_PARK: LatLon = [51.183, 3.087];
export const BRECHT_CAR_PARK: LatLon = [51.3405, 4.5905];
export const HAZELDONK_TRUCK_STOP: LatLon = [51.488, 4.74];
export const REIMS_SERVICE_AREA: LatLon = [49.2045, 4.0561];
export const ALBON_SERVICE_AREA: LatLon = [45.2905, 4.8294];
export const BARCELONA_ZONA_FRANCA: LatLon = [41.3365, 2.1352];

export const STOPS = {
  dover: {
    key: 'dover',
    label: 'Dover, lorry park by the A20',
    at: DOVER_LORRY_PARK,
    minutes: 50,
    ignitionOff: true,
  },
  doverDocks: {
    key: 'dover-docks',
    label: 'Dover, Eastern Docks check-in lanes',
    at: DOVER_EASTERN_DOCKS,
    minutes: 35,
    ignitionOff: true,
  },
  calais: {
    key: 'calais',
    label: 'Calais, industrial zone east of the port (near the camp)',
    at: CALAIS_CAR_PARK,
    minutes: 120,
    ignitionOff: true,
    doorOpen: { afterMin: 100, forMin: 12 },
  },
  jabbeke: {
    key: 'jabbeke',
    label: 'E40 motorway car park, Jabbeke',
    at: JABBEKE_CAR_PARK,
    minutes: 45,
    ignitionOff: true,
    doorOpen: { afterMin: 20, forMin: 5 },
  },
  brecht: {
    key: 'brecht',
    label: 'E19 motorway car park, Brecht (Kalmthout side)',
    at: BRECHT_CAR_PARK,
    minutes: 75,
    ignitionOff: true,
  },
  hazeldonk: {
    key: 'hazeldonk',
    label: 'Hazeldonk truck stop (NL border, A16/E19)',
    at: HAZELDONK_TRUCK_STOP,
    minutes: 300,
    ignitionOff: true,
    doorOpen: { afterMin: 10, forMin: 8 },
  },
  reims: {
    key: 'reims',
    label: 'A26 service area south of Reims',
    at: REIMS_SERVICE_AREA,
    minutes: 45,
    ignitionOff: true,
    refuelPct: 55,
  },
  albon: {
    key: 'albon',
    label: "A7 service area, Saint-Rambert-d'Albon",
    at: ALBON_SERVICE_AREA,
    minutes: 600,
    ignitionOff: true,
  },
  barcelona: {
    key: 'barcelona',
    label: 'Barcelona, Zona Franca logistics park',
    at: BARCELONA_ZONA_FRANCA,
    minutes: 150,
    ignitionOff: true,
    doorOpen: { afterMin: 15, forMin: 20 },
  },
} as const satisfies Record<string, CaseStop>;

export const CASE_JOURNEY: readonly CaseStep[] = [
  { kind: 'stop', stop: STOPS.dover },
  {
    kind: 'drive',
    kmh: 30,
    via: [DOVER_LORRY_PARK, [51.1185, 1.3105], [51.1232, 1.3262], DOVER_EASTERN_DOCKS],
  },
  { kind: 'stop', stop: STOPS.doverDocks },
  // Sailing 90 min plus loading and unloading.
  { kind: 'ferry', minutes: 125, to: CALAIS_FERRY_TERMINAL },
  {
    kind: 'drive',
    kmh: 28,
    via: [CALAIS_FERRY_TERMINAL, [50.9622, 1.8705], [50.9598, 1.8861], CALAIS_CAR_PARK],
  },
  { kind: 'stop', stop: STOPS.calais },
  {
    kind: 'drive',
    kmh: 82,
    via: [
      CALAIS_CAR_PARK,
      [50.9575, 1.9155],
      [50.97, 2.015],
      [50.988, 2.135],
      [51.005, 2.27],
      [51.018, 2.39],
      [51.048, 2.505],
      [51.072, 2.605],
      [51.1, 2.725],
      [51.15, 2.83],
      [51.185, 2.955],
      [51.188, 3.055],
      JABBEKE_CAR_PARK,
    ],
  },
  { kind: 'stop', stop: STOPS.jabbeke },
  {
    kind: 'drive',
    kmh: 88,
    via: [
      JABBEKE_CAR_PARK,
      [51.165, 3.2],
      [51.12, 3.38],
      [51.08, 3.52],
      [51.035, 3.69],
      [51.09, 3.95],
      [51.15, 4.12],
      [51.2, 4.3],
      [51.207, 4.385],
      [51.232, 4.455],
      [51.27, 4.5],
      [51.31, 4.56],
      BRECHT_CAR_PARK,
    ],
  },
  { kind: 'stop', stop: STOPS.brecht },
  {
    kind: 'drive',
    kmh: 80,
    via: [BRECHT_CAR_PARK, [51.39, 4.64], [51.45, 4.7], HAZELDONK_TRUCK_STOP],
  },
  { kind: 'stop', stop: STOPS.hazeldonk },
  {
    kind: 'drive',
    kmh: 80,
    via: [
      HAZELDONK_TRUCK_STOP,
      [51.34, 4.6],
      [51.2, 4.44],
      [50.88, 4.42],
      [50.62, 4.2],
      [50.45, 3.95],
      [50.35, 3.52],
      [50.18, 3.23],
      [49.82, 3.5],
      [49.45, 3.9],
      REIMS_SERVICE_AREA,
    ],
  },
  { kind: 'stop', stop: STOPS.reims },
  {
    kind: 'drive',
    kmh: 82,
    via: [
      REIMS_SERVICE_AREA,
      [48.95, 4.3],
      [48.3, 4.08],
      [47.8, 4.6],
      [47.32, 5.04],
      [47.02, 4.84],
      [46.78, 4.85],
      [46.3, 4.83],
      [45.9, 4.78],
      [45.76, 4.88],
      [45.52, 4.87],
      ALBON_SERVICE_AREA,
    ],
  },
  { kind: 'stop', stop: STOPS.albon },
  {
    kind: 'drive',
    kmh: 84,
    via: [
      ALBON_SERVICE_AREA,
      [44.93, 4.89],
      [44.14, 4.81],
      [43.84, 4.36],
      [43.61, 3.88],
      [43.34, 3.22],
      [43.18, 3.0],
      [42.69, 2.9],
      [42.46, 2.86],
      [41.98, 2.82],
      [41.6, 2.4],
      [41.45, 2.22],
      BARCELONA_ZONA_FRANCA,
    ],
  },
  { kind: 'stop', stop: STOPS.barcelona },
];
