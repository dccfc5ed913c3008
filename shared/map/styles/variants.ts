/**
 * Colour variants shared by every street-level basemap style. The colours are muted on purpose:
 * evidence (saturated route colours, stop markers, photo clusters) is drawn on top and must stay
 * the strongest thing on the map.
 */
export type BasemapVariant = 'light' | 'dark' | 'print';

export const BASEMAP_VARIANTS: readonly BasemapVariant[] = ['light', 'dark', 'print'];

export function isBasemapVariant(value: unknown): value is BasemapVariant {
  return typeof value === 'string' && (BASEMAP_VARIANTS as readonly string[]).includes(value);
}

export interface StreetPalette {
  background: string;
  water: string;
  waterway: string;
  farmland: string;
  residential: string;
  industrial: string;
  institutional: string;
  cemetery: string;
  grass: string;
  park: string;
  wood: string;
  sand: string;
  building: string;
  buildingOutline: string;
  roadCasing: string;
  motorway: string;
  motorwayCasing: string;
  major: string;
  road: string;
  path: string;
  rail: string;
  boundary: string;
  text: string;
  minorText: string;
  waterText: string;
  halo: string;
}

export const STREET_PALETTES: Record<BasemapVariant, StreetPalette> = {
  light: {
    background: '#f3f1ec',
    water: '#bcd5e6',
    waterway: '#a9c7dc',
    farmland: '#eeede2',
    residential: '#ebe9e4',
    industrial: '#e9e3e0',
    institutional: '#eee6dc',
    cemetery: '#dbe2d5',
    grass: '#e0e9d6',
    park: 'rgba(206, 224, 196, 0.45)',
    wood: '#d5e1cc',
    sand: '#f0ead6',
    building: '#dfdad2',
    buildingOutline: '#cfc8bd',
    roadCasing: '#c9c3b9',
    motorway: '#f4dcae',
    motorwayCasing: '#cfae74',
    major: '#fbf1d6',
    road: '#ffffff',
    path: '#a89f93',
    rail: '#a3a3a3',
    boundary: '#a08db2',
    text: '#474747',
    minorText: '#7a746b',
    waterText: '#587f9e',
    halo: 'rgba(255, 255, 255, 0.9)',
  },
  dark: {
    background: '#23262b',
    water: '#15202a',
    waterway: '#1d2d3b',
    farmland: '#272a2b',
    residential: '#292c30',
    industrial: '#2c2a2d',
    institutional: '#2d2b29',
    cemetery: '#262e28',
    grass: '#262e28',
    park: 'rgba(40, 52, 42, 0.5)',
    wood: '#243026',
    sand: '#2e2d29',
    building: '#32353b',
    buildingOutline: '#3c4047',
    roadCasing: '#191b1f',
    motorway: '#6a5e48',
    motorwayCasing: '#1d1a15',
    major: '#55534b',
    road: '#474b53',
    path: '#5f646c',
    rail: '#5e626a',
    boundary: '#7c6e8a',
    text: '#c8cdd5',
    minorText: '#8e949d',
    waterText: '#7090aa',
    halo: 'rgba(20, 22, 26, 0.9)',
  },
  // Greyscale with black road edges: readable after photocopying or a black-and-white laser printer.
  print: {
    background: '#ffffff',
    water: '#d2d2d2',
    waterway: '#a0a0a0',
    farmland: '#fcfcfc',
    residential: '#f5f5f5',
    industrial: '#eeeeee',
    institutional: '#eeeeee',
    cemetery: '#e4e4e4',
    grass: '#ededed',
    park: 'rgba(0, 0, 0, 0.05)',
    wood: '#e2e2e2',
    sand: '#f2f2f2',
    building: '#cccccc',
    buildingOutline: '#6e6e6e',
    roadCasing: '#000000',
    motorway: '#b4b4b4',
    motorwayCasing: '#000000',
    major: '#ffffff',
    road: '#ffffff',
    path: '#000000',
    rail: '#000000',
    boundary: '#222222',
    text: '#000000',
    minorText: '#333333',
    waterText: '#333333',
    halo: '#ffffff',
  },
};

/** Raster tiles have their own colours: each variant only tones them down or greys them. */
export interface RasterTone {
  background: string;
  saturation: number;
  contrast: number;
  brightnessMin: number;
  brightnessMax: number;
}

export const RASTER_TONES: Record<BasemapVariant, RasterTone> = {
  light: {
    background: '#f3f1ec',
    saturation: -0.25,
    contrast: 0,
    brightnessMin: 0.05,
    brightnessMax: 1,
  },
  dark: {
    background: '#23262b',
    saturation: -0.4,
    contrast: 0,
    brightnessMin: 0,
    brightnessMax: 0.5,
  },
  print: {
    background: '#ffffff',
    saturation: -1,
    contrast: 0.15,
    brightnessMin: 0,
    brightnessMax: 1,
  },
};
