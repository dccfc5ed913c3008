/**
 * Fonts for map labels. The world style has no `glyphs` URL, so MapLibre draws every label
 * locally (TinySDF on a canvas) with the `text-font` names used as CSS families. Those
 * families must therefore exist under exactly these names, or the canvas silently falls back
 * to another font. The files are the bundled @fontsource/noto-sans woff2 subsets (OFL).
 */
import latin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import latinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import latinExt700 from '@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2?url';
import cyrillic400 from '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff2?url';
import cyrillic700 from '@fontsource/noto-sans/files/noto-sans-cyrillic-700-normal.woff2?url';
import greek400 from '@fontsource/noto-sans/files/noto-sans-greek-400-normal.woff2?url';
import greek700 from '@fontsource/noto-sans/files/noto-sans-greek-700-normal.woff2?url';

import { WORLD_FONTS } from '../../shared/map/world-style';

export const MAP_FONT_REGULAR = WORLD_FONTS.regular;
export const MAP_FONT_BOLD = WORLD_FONTS.bold;

// Unicode ranges as published in @fontsource/noto-sans/400.css, so each subset is only
// consulted for the characters it has.
const RANGES = {
  latin:
    'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  latinExt:
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
  greek: 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF',
} as const;

const FACES: { family: string; weight: string; url: string; range: string }[] = [
  { family: MAP_FONT_REGULAR, weight: '400', url: latin400, range: RANGES.latin },
  { family: MAP_FONT_REGULAR, weight: '400', url: latinExt400, range: RANGES.latinExt },
  { family: MAP_FONT_REGULAR, weight: '400', url: cyrillic400, range: RANGES.cyrillic },
  { family: MAP_FONT_REGULAR, weight: '400', url: greek400, range: RANGES.greek },
  { family: MAP_FONT_BOLD, weight: '700', url: latin700, range: RANGES.latin },
  { family: MAP_FONT_BOLD, weight: '700', url: latinExt700, range: RANGES.latinExt },
  { family: MAP_FONT_BOLD, weight: '700', url: cyrillic700, range: RANGES.cyrillic },
  { family: MAP_FONT_BOLD, weight: '700', url: greek700, range: RANGES.greek },
];

let loading: Promise<void> | null = null;

/**
 * Registers and loads every map font face. Resolves once all are ready (or failed: a
 * missing subset must not keep the map from drawing), so the first labels use Noto Sans.
 */
export function loadMapFonts(): Promise<void> {
  loading ??= (async () => {
    const faces = FACES.map((f) => {
      const face = new FontFace(f.family, `url("${f.url}") format("woff2")`, {
        weight: f.weight,
        style: 'normal',
        unicodeRange: f.range,
      });
      document.fonts.add(face);
      return face;
    });
    const results = await Promise.allSettled(faces.map((face) => face.load()));
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        console.warn(`map font ${FACES[i]!.url} did not load`, result.reason);
      }
    }
    await Promise.allSettled([
      document.fonts.load(`400 16px "${MAP_FONT_REGULAR}"`),
      document.fonts.load(`700 16px "${MAP_FONT_BOLD}"`),
    ]);
  })();
  return loading;
}
