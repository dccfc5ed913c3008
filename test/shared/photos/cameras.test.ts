import { describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/model';
import {
  UNKNOWN_CAMERA_ID,
  cameraId,
  effectivePhotoTime,
  photoInAssumedZone,
  suggestCorrection,
  summarizeCameras,
} from '../../../shared/photos/cameras';

const T = Date.UTC(2024, 6, 14, 12, 0, 0);

function photo(over: Partial<Photo> = {}): Photo {
  return {
    fileIndex: 0,
    t: T,
    timeBasis: 'offset',
    shutterT: T,
    gpsT: NaN,
    raw: { dateTimeOriginal: '2024:07:14 14:00:00', offsetTimeOriginal: '+02:00' },
    container: 'jpeg',
    make: 'Apple',
    model: 'iPhone 12',
    ...over,
  };
}

describe('cameraId', () => {
  it('normalises case, padding, NULs and inner whitespace', () => {
    expect(cameraId({ make: ' Canon\0\0', model: 'Canon  EOS 5D ', serial: 'AB12' })).toBe(
      'canon|canon eos 5d|ab12',
    );
    expect(cameraId({ make: 'CANON', model: 'canon eos 5d', serial: 'ab12 ' })).toBe(
      'canon|canon eos 5d|ab12',
    );
  });
  it('tells cameras of one model apart by serial, and names the unknown camera', () => {
    expect(cameraId({ make: 'Nikon', model: 'D750', serial: '1' })).not.toBe(
      cameraId({ make: 'Nikon', model: 'D750', serial: '2' }),
    );
    expect(cameraId({})).toBe(UNKNOWN_CAMERA_ID);
  });
});

describe('summarizeCameras', () => {
  it('suggests the opposite of a consistent clock error, in whole seconds', () => {
    // Camera clock 1 h 2 min 3 s fast, give or take a few seconds of fix lag.
    const fast = 3_723_000;
    const photos = [0, 2_000, -1_000, 4_000, 500].map((jitter, i) =>
      photo({
        make: 'Canon',
        model: 'EOS 5D',
        serial: '42',
        shutterT: T + i * 60_000 + fast + jitter,
        gpsT: T + i * 60_000,
        t: T + i * 60_000 + fast + jitter,
      }),
    );
    const [canon] = summarizeCameras([...photos, photo({ shutterT: NaN, t: NaN })]);
    expect(canon).toMatchObject({
      id: 'canon|eos 5d|42',
      make: 'Canon',
      model: 'EOS 5D',
      serial: '42',
      count: 5,
      withBothTimes: 5,
      medianDifferenceMs: fast + 500,
      disagreeing: 5,
      suggestedCorrectionMs: -3_724_000,
    });
    expect(canon!.spreadMs).toBe(1_500);
  });

  it('offers no correction when the disagreement scatters (stale fixes) or is small or rare', () => {
    const scattered = [10, 400, 3_000, 7_000].map((min) =>
      photo({ shutterT: T + min * 60_000, gpsT: T }),
    );
    const [s] = summarizeCameras(scattered);
    expect(s!.withBothTimes).toBe(4);
    expect(s!.suggestedCorrectionMs).toBeUndefined();

    const agreeing = [1, 2, 3, 4].map((k) => photo({ shutterT: T + k * 1000, gpsT: T }));
    expect(summarizeCameras(agreeing)[0]!.suggestedCorrectionMs).toBeUndefined();
    expect(summarizeCameras(agreeing)[0]!.disagreeing).toBe(0);

    const two = [1, 2].map(() => photo({ shutterT: T + 3_600_000, gpsT: T }));
    expect(summarizeCameras(two)[0]!.suggestedCorrectionMs).toBeUndefined();
  });

  it('keeps cameras apart and in order of first appearance', () => {
    const list = summarizeCameras([
      photo({ make: 'B' }),
      photo({ make: 'a', model: undefined }),
      photo({ make: 'b ' }),
    ]);
    expect(list.map((c) => [c.id, c.count])).toEqual([
      ['b|iphone 12|', 2],
      ['a||', 1],
    ]);
    expect(list[1]!.medianDifferenceMs).toBeNull();
  });

  it('states the rule at its edges', () => {
    expect(suggestCorrection(3, 120_000, 12_000)).toBe(-120_000);
    expect(suggestCorrection(3, 120_000, 12_001)).toBeUndefined();
    expect(suggestCorrection(3, 60_000, 0)).toBeUndefined();
    expect(suggestCorrection(2, 3_600_000, 0)).toBeUndefined();
    expect(suggestCorrection(100, -36_000_000, 299_000)).toBe(36_000_000);
    expect(suggestCorrection(100, -36_000_000, 301_000)).toBeUndefined();
  });
});

describe('effectivePhotoTime', () => {
  const both = photo({
    t: T + 3_600_000,
    shutterT: T + 3_600_000,
    gpsT: T,
    raw: { dateTimeOriginal: '2024:07:14 15:00:00', offsetTimeOriginal: '+02:00' },
  });

  it('uses the resolved time by default, unchanged', () => {
    expect(effectivePhotoTime(both)).toEqual({
      t: T + 3_600_000,
      basis: 'offset',
      clock: 'shutter',
      corrected: false,
      fellBack: false,
    });
  });

  it('adds the correction to camera-clock times only', () => {
    const c = effectivePhotoTime(both, { correctionMs: -3_600_000, trust: 'auto' });
    expect(c).toMatchObject({ t: T, corrected: true, clock: 'shutter' });
    const g = effectivePhotoTime(both, { correctionMs: -3_600_000, trust: 'gps' });
    expect(g).toMatchObject({ t: T, basis: 'gps', clock: 'gps', corrected: false });
    const gpsResolved = photo({ t: T, timeBasis: 'gps', shutterT: T + 5_000, gpsT: T, raw: {} });
    expect(effectivePhotoTime(gpsResolved, { correctionMs: 60_000, trust: 'auto' }).t).toBe(T);
  });

  it('trusts the shutter when asked, with the basis of the shutter time itself', () => {
    const gpsResolved = photo({ t: T, timeBasis: 'gps', shutterT: T + 5_000, gpsT: T, raw: {} });
    expect(effectivePhotoTime(gpsResolved, { correctionMs: -5_000, trust: 'shutter' })).toEqual({
      t: T,
      basis: 'zone-assumed',
      clock: 'shutter',
      corrected: true,
      fellBack: false,
    });
  });

  it('falls back to the resolved time when the trusted one is missing, and says so', () => {
    const noGps = photo();
    expect(effectivePhotoTime(noGps, { correctionMs: 0, trust: 'gps' })).toMatchObject({
      t: T,
      basis: 'offset',
      fellBack: true,
    });
    const none = photo({ t: NaN, timeBasis: 'none', shutterT: NaN });
    expect(effectivePhotoTime(none, { correctionMs: 1000, trust: 'shutter' })).toEqual({
      t: NaN,
      basis: 'none',
      clock: 'none',
      corrected: false,
      fellBack: true,
    });
  });
});

describe('photoInAssumedZone', () => {
  const zoneless = photo({
    t: NaN,
    timeBasis: 'none',
    shutterT: NaN,
    raw: { dateTimeOriginal: '2024:07:14 14:00:00', subSecTimeOriginal: '25' },
  });

  it('places a zone-less DateTimeOriginal in the zone the examiner assumed', () => {
    const timed = photoInAssumedZone(zoneless, 'Europe/Brussels');
    expect(timed).toMatchObject({ timeBasis: 'zone-assumed', assumedZone: 'Europe/Brussels' });
    expect(timed.t).toBe(Date.UTC(2024, 6, 14, 12, 0, 0, 250));
    expect(timed.shutterT).toBe(timed.t);
    expect(photoInAssumedZone(zoneless, 'Asia/Kolkata').t).toBe(
      Date.UTC(2024, 6, 14, 8, 30, 0, 250),
    );
  });

  it('never overrides a time the file itself establishes, and needs a zone', () => {
    const withOffset = photo();
    expect(photoInAssumedZone(withOffset, 'Asia/Kolkata')).toBe(withOffset);
    expect(photoInAssumedZone(zoneless, undefined)).toBe(zoneless);
    const noDate = photo({ t: NaN, timeBasis: 'none', shutterT: NaN, raw: {} });
    expect(photoInAssumedZone(noDate, 'Europe/Brussels')).toBe(noDate);
  });
});
