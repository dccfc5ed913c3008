import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coordinatesFromMapUrl } from '../../../../shared/formats/forensic/map-url';

const forms: ((lat: string, lon: string) => string)[] = [
  (a, o) => `https://maps.google.com/?q=${a},${o}`,
  (a, o) => `geo:${a},${o}`,
  (a, o) => `https://www.bing.com/maps?rtp=adr.~pos.${a}_${o}_Somewhere`,
  (a, o) => `https://www.google.com/maps/@${a},${o},15z`,
  (a, o) => `https://maps.apple.com/?ll=${a},${o}&q=Pin`,
  (a, o) => `https://www.google.com/maps/place/X/data=!3d${a}!4d${o}`,
  (a, o) => `https://www.openstreetmap.org/#map=15/${a}/${o}`,
  (a, o) =>
    `https://urlp.example/v1?url=${encodeURIComponent(`https://maps.googleapis.com/maps/api/staticmap?center=${a},${o}&markers=color:red|${a},${o}`)}`,
];

describe('coordinatesFromMapUrl', () => {
  it('reads the fixture forms (Bing pos., wrapped static map)', () => {
    expect(
      coordinatesFromMapUrl(
        'https://www.bing.com/maps?rtp=adr.~pos.35.6602339_-78.8112703_301%20Crossway%20Ln',
      ),
    ).toEqual({ lat: 35.6602339, lon: -78.8112703 });
    expect(
      coordinatesFromMapUrl(
        'https://urlp.asm.skype.com/v1/url/content?url=https%3a%2f%2fmaps.googleapis.com%2fmaps%2fapi%2fstaticmap%3fcenter%3d35.6602339%2c-78.8112703%26zoom%3d15',
      ),
    ).toEqual({ lat: 35.6602339, lon: -78.8112703 });
  });

  it('ignores place names, text and out-of-range numbers', () => {
    expect(coordinatesFromMapUrl('https://maps.google.com/?q=Bruges')).toBeNull();
    expect(coordinatesFromMapUrl('Meet me at 51.2,4.4')).toBeNull();
    expect(coordinatesFromMapUrl('geo:95.0,4.4')).toBeNull();
    expect(coordinatesFromMapUrl('https://maps.google.com/?q=51.2,190.5')).toBeNull();
  });

  it('round-trips every form (property)', () => {
    const lat = fc.double({ min: -90, max: 90, noNaN: true }).map((v) => Math.round(v * 1e7) / 1e7);
    const lon = fc
      .double({ min: -180, max: 180, noNaN: true })
      .map((v) => Math.round(v * 1e7) / 1e7);
    fc.assert(
      fc.property(lat, lon, fc.integer({ min: 0, max: forms.length - 1 }), (a, o, k) => {
        const url = forms[k]!(
          a.toFixed(7).replace(/0+$/, '').replace(/\.$/, ''),
          o.toFixed(7).replace(/0+$/, '').replace(/\.$/, ''),
        );
        const p = coordinatesFromMapUrl(url);
        expect(p, url).not.toBeNull();
        expect(p!.lat).toBeCloseTo(a, 7);
        expect(p!.lon).toBeCloseTo(o, 7);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const p = coordinatesFromMapUrl(`https://x/?${s}`);
        if (p) expect(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180).toBe(true);
      }),
    );
  });
});
