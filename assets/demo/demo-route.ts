/**
 * The demo journey: a truck from the Calais area along the A16 and E40 to a motorway car park near
 * Jabbeke, over the N49/E34 to the Antwerp port (left bank), then through the Kennedy tunnel and up
 * the E19 to the Hazeldonk truck stop and on towards Breda. Waypoints are hand-picked and
 * approximate: the track is synthetic, shaped like the smuggling case in DESIGN.md.
 */

/** [lat, lon] in degrees. */
export type LatLon = readonly [number, number];

export interface DriveSection {
  /** Road name, for the reader of this file. */
  road: string;
  /** Cruising speed in km/h. */
  kmh: number;
  /** The first point of each section repeats the last point of the previous one. */
  via: readonly LatLon[];
}

export type JourneyStep =
  | { kind: 'drive'; sections: readonly DriveSection[] }
  | { kind: 'stop'; label: string; at: LatLon; minutes: number };

export const JOURNEY_START_UTC = Date.UTC(2024, 3, 16, 18, 45, 0); // 2024-04-16 20:45 CEST

const CALAIS_START: LatLon = [50.9652, 1.8962];
const JABBEKE_CAR_PARK: LatLon = [51.183, 3.087];
const PORT_ANTWERP_LEFT_BANK: LatLon = [51.272, 4.258];
const HAZELDONK_TRUCK_STOP: LatLon = [51.488, 4.74];

export const JOURNEY: readonly JourneyStep[] = [
  {
    kind: 'stop',
    label: 'Calais, industrial zone east of the port',
    at: CALAIS_START,
    minutes: 75,
  },
  {
    kind: 'drive',
    sections: [
      {
        road: 'Calais local roads',
        kmh: 40,
        via: [CALAIS_START, [50.962, 1.904], [50.9575, 1.9155]],
      },
      {
        road: 'A16',
        kmh: 82,
        via: [
          [50.9575, 1.9155],
          [50.961, 1.96],
          [50.97, 2.015],
          [50.979, 2.08],
          [50.988, 2.135],
          [50.998, 2.2],
          [51.005, 2.27],
          [51.011, 2.33],
          [51.018, 2.39],
          [51.033, 2.45],
          [51.048, 2.505],
          [51.062, 2.56],
          [51.072, 2.605],
        ],
      },
      {
        road: 'E40',
        kmh: 84,
        via: [
          [51.072, 2.605],
          [51.079, 2.66],
          [51.1, 2.725],
          [51.125, 2.77],
          [51.15, 2.83],
          [51.17, 2.89],
          [51.185, 2.955],
          [51.193, 3.005],
          [51.188, 3.055],
          JABBEKE_CAR_PARK,
        ],
      },
    ],
  },
  { kind: 'stop', label: 'E40 car park near Jabbeke', at: JABBEKE_CAR_PARK, minutes: 45 },
  {
    kind: 'drive',
    sections: [
      { road: 'E40', kmh: 84, via: [JABBEKE_CAR_PARK, [51.179, 3.13], [51.174, 3.18]] },
      {
        road: 'Bruges ring R30',
        kmh: 45,
        via: [
          [51.174, 3.18],
          [51.187, 3.2],
          [51.195, 3.225],
          [51.205, 3.25],
          [51.215, 3.265],
        ],
      },
      {
        road: 'N49/E34',
        kmh: 76,
        via: [
          [51.215, 3.265],
          [51.206, 3.35],
          [51.2, 3.43],
          [51.192, 3.52],
          [51.187, 3.57],
          [51.183, 3.65],
          [51.187, 3.73],
          [51.195, 3.8],
        ],
      },
      {
        road: 'E34',
        kmh: 82,
        via: [
          [51.195, 3.8],
          [51.196, 3.87],
          [51.199, 3.95],
          [51.203, 4.03],
          [51.208, 4.1],
          [51.214, 4.17],
          [51.222, 4.22],
        ],
      },
      {
        road: 'Port of Antwerp, Waaslandhaven',
        kmh: 35,
        via: [[51.222, 4.22], [51.235, 4.24], [51.255, 4.255], PORT_ANTWERP_LEFT_BANK],
      },
    ],
  },
  { kind: 'stop', label: 'Port of Antwerp, left bank', at: PORT_ANTWERP_LEFT_BANK, minutes: 390 },
  {
    kind: 'drive',
    sections: [
      {
        road: 'Port of Antwerp, Waaslandhaven',
        kmh: 35,
        via: [PORT_ANTWERP_LEFT_BANK, [51.255, 4.255], [51.235, 4.24], [51.222, 4.23]],
      },
      {
        road: 'E34, Kennedy tunnel, ring R1',
        kmh: 65,
        via: [
          [51.222, 4.23],
          [51.217, 4.28],
          [51.213, 4.33],
          [51.21, 4.37],
          [51.206, 4.39],
          [51.2, 4.41],
          [51.196, 4.435],
          [51.198, 4.46],
          [51.21, 4.475],
          [51.23, 4.48],
          [51.245, 4.47],
        ],
      },
      {
        road: 'E19',
        kmh: 84,
        via: [
          [51.245, 4.47],
          [51.265, 4.485],
          [51.29, 4.51],
          [51.315, 4.54],
          [51.345, 4.585],
          [51.375, 4.615],
          [51.405, 4.65],
          [51.435, 4.69],
          [51.465, 4.715],
          [51.484, 4.735],
        ],
      },
      { road: 'Hazeldonk truck stop', kmh: 25, via: [[51.484, 4.735], HAZELDONK_TRUCK_STOP] },
    ],
  },
  { kind: 'stop', label: 'Hazeldonk truck stop (NL)', at: HAZELDONK_TRUCK_STOP, minutes: 50 },
  {
    kind: 'drive',
    sections: [
      { road: 'Hazeldonk truck stop', kmh: 25, via: [HAZELDONK_TRUCK_STOP, [51.492, 4.743]] },
      {
        road: 'A16 towards Breda',
        kmh: 80,
        via: [
          [51.492, 4.743],
          [51.51, 4.745],
          [51.535, 4.742],
          [51.557, 4.73],
          [51.566, 4.722],
        ],
      },
    ],
  },
];
