// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ItineraApi } from '../../shared/api';
import { PhotoViewerHost } from '../../renderer/src/photos/PhotoViewer';
import { PhotosPanel } from '../../renderer/src/photos/PhotosPanel';
import { createAppStore, type AppStore } from '../../renderer/src/store/store';
import { StoreProvider } from '../../renderer/src/store/StoreContext';
import { fakeSource } from './fakeSource';
import { T0, fakePhoto, fakePhotosSource, ok } from './photoFixtures';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | null = null;
let root: Root | null = null;
const readPhotoImage = vi.fn(async () => new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer);
const readPhotoPreview = vi.fn(async () => new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer);

beforeEach(() => {
  (window as { itinera?: ItineraApi }).itinera = {
    readPhotoImage,
    readPhotoPreview,
  } as unknown as ItineraApi;
  URL.createObjectURL = vi.fn(() => 'blob:photo');
  URL.revokeObjectURL = vi.fn();
  HTMLCanvasElement.prototype.getContext = vi.fn(() => null);
  // jsdom decodes no images: thumbnails fall back to the camera icon.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  container = null;
  (window as { itinera?: ItineraApi }).itinera = undefined;
});

function render(store: AppStore) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root!.render(
      <StoreProvider store={store}>
        <PhotosPanel />
        <PhotoViewerHost />
      </StoreProvider>,
    ),
  );
  return container;
}

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const text = (el: ParentNode, id: string) =>
  el.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;

function setUp() {
  const store = createAppStore({ locale: 'en', systemZone: 'Europe/Brussels' });
  const photos = [
    fakePhoto(0, {
      lat: 50.8507,
      lon: 4.3517,
      altitudeM: 61.5,
      accuracyM: 4.7,
      directionDeg: 123.4,
      directionRef: 'T',
      serial: 'F17ABC',
      software: '17.1',
      gpsT: T0 - 3_600_000 + 5_000,
      raw: {
        dateTimeOriginal: '2024:07:14 12:00:00',
        offsetTimeOriginal: '+02:00',
        gpsDateStamp: '2024:07:14',
        gpsTimeStamp: '09:00:05',
      },
    }),
    fakePhoto(1, {
      container: 'heif',
      preview: { offset: 1200, length: 9000, mime: 'image/jpeg' },
      timeBasis: 'zone-assumed',
      assumedZone: 'Europe/Brussels',
      raw: { dateTimeOriginal: '2024:07:14 12:01:00' },
    }),
    fakePhoto(2, { make: 'Canon', model: 'EOS 5D' }),
  ];
  const source = fakePhotosSource('phone', photos);
  source.issues = [
    {
      file: 'IMG_0000.jpg',
      severity: 'warning',
      code: 'photo.time.disagree',
      message: 'Shutter and GPS time differ by 59:55',
    },
  ];
  const track = fakeSource('car', [
    [50.0, 4.0, T0],
    [50.2, 4.0, T0 + 240_000],
  ]);
  const [entry, trackEntry] = store.getState().addResults([ok(source), ok(track)], {
    demo: false,
  });
  return { store, key: entry!.key, trackKey: trackEntry!.key };
}

describe('PhotoViewer', () => {
  it('shows identity, time with its basis in words, position and camera', async () => {
    const { store, key } = setUp();
    const el = render(store);
    act(() => store.getState().openPhoto(key, 0));
    await flush();
    const viewer = el.querySelector('[data-testid="photo-viewer"]')!;
    expect(text(viewer, 'photo-name')).toBe('IMG_0000.jpg');
    expect(text(viewer, 'photo-sha256')).toBe('0'.repeat(64));
    expect(text(viewer, 'photo-basis')).toBe(
      'DateTimeOriginal 2024:07:14 12:00:00 with OffsetTimeOriginal +02:00 (camera clock, with its offset)',
    );
    expect(text(viewer, 'photo-time')).toContain('14/07/2024, 10:00:00 UTC');
    expect(text(viewer, 'photo-time')).toContain(
      '14/07/2024, 12:00:00 Europe/Brussels (UTC+02:00)',
    );
    expect(text(viewer, 'photo-difference')).toBe('+0:59:55');
    expect(text(viewer, 'photo-decimal')).toBe('50.8507000, 4.3517000');
    expect(text(viewer, 'photo-dms')).toBe('50°51′02.52″N 4°21′06.12″E');
    expect(text(viewer, 'photo-accuracy')).toBe('± 4.7 m');
    expect(text(viewer, 'photo-serial')).toBe('F17ABC');
    expect(text(viewer, 'photo-issues')).toContain('Shutter and GPS time differ by 59:55');
    expect(readPhotoImage).toHaveBeenCalledWith({ path: '/evidence/phone/IMG_0000.jpg' });
    expect(viewer.querySelector('img')?.getAttribute('src')).toBe('blob:photo');
  });

  it('shows the embedded preview of a HEIC, says so, and steps with the arrow keys', async () => {
    const { store, key } = setUp();
    const el = render(store);
    act(() => store.getState().openPhoto(key, 0));
    await flush();
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' })));
    await flush();
    expect(store.getState().photoViewer).toEqual({ sourceKey: key, index: 1 });
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:photo');
    expect(readPhotoPreview).toHaveBeenCalledWith({
      path: '/evidence/phone/IMG_0001.jpg',
      offset: 1200,
      length: 9000,
    });
    expect(text(el, 'photo-preview-note')).toContain('HEIF cannot be decoded here');
    expect(text(el, 'photo-basis')).toBe(
      'DateTimeOriginal 2024:07:14 12:01:00 placed in the assumed zone Europe/Brussels (the photo gives no offset)',
    );
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' })));
    expect(store.getState().photoViewer?.index).toBe(0);
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })));
    expect(store.getState().photoViewer).toBeNull();
    expect(el.querySelector('[data-testid="photo-viewer"]')).toBeNull();
  });
});

describe('PhotosPanel', () => {
  it('counts photos, lists those without a position and places them on a track', async () => {
    const { store, key, trackKey } = setUp();
    const el = render(store);
    expect(el.querySelector('[data-testid="photos-total"]')?.getAttribute('data-value')).toBe('3');
    expect(
      el.querySelector('[data-testid="photos-unpositioned"]')?.getAttribute('data-value'),
    ).toBe('2');
    const statuses = () =>
      [...el.querySelectorAll('[data-testid="unplaced-status"]')].map((s) => s.textContent);
    expect(statuses()).toEqual(['no position', 'no position']);
    act(() => store.getState().setPhotoTrack(key, trackKey));
    expect(statuses()).toEqual([
      'placed on the track (inferred), 60 s from the nearest fix',
      'placed on the track (inferred), 120 s from the nearest fix',
    ]);
    await flush();
  });

  it('lists each camera with its clock controls', () => {
    const { store } = setUp();
    const el = render(store);
    const rows = [...el.querySelectorAll('[data-testid="camera-row"]')];
    expect(rows.map((r) => r.getAttribute('data-camera-id'))).toEqual([
      'apple|iphone 12|f17abc',
      'apple|iphone 12|',
      'canon|eos 5d|',
    ]);
    expect(text(rows[0]!, 'camera-median')).toBe('median difference +0:59:55 (spread 0:00:00)');
    // One photo is not enough for a suggestion.
    expect(rows[0]!.querySelector('[data-testid="camera-suggestion"]')).toBeNull();
  });
});
