import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../renderer/src/store/store';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

describe('photosSlice', () => {
  it('keeps one clock choice per camera and drops neutral ones', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    const s = () => store.getState();
    expect(s().cameraClocks).toEqual({});
    s().setCameraClock('canon|eos 5d|42', { correctionMs: -3_600_000, trust: 'auto' });
    s().setCameraClock('apple|iphone 12|', { correctionMs: 0, trust: 'gps' });
    expect(s().cameraClocks).toEqual({
      'canon|eos 5d|42': { correctionMs: -3_600_000, trust: 'auto' },
      'apple|iphone 12|': { correctionMs: 0, trust: 'gps' },
    });
    const before = s().cameraClocks;
    s().setCameraClock('canon|eos 5d|42', { correctionMs: 0, trust: 'auto' });
    expect(s().cameraClocks).toEqual({ 'apple|iphone 12|': { correctionMs: 0, trust: 'gps' } });
    // A new object each time, so memoised consumers (the timeline) see the change.
    expect(s().cameraClocks).not.toBe(before);
    s().setCameraClock('apple|iphone 12|', null);
    s().setCameraClock('x||', { correctionMs: NaN, trust: 'shutter' });
    expect(s().cameraClocks).toEqual({});
  });

  it('records which track a source’s unpositioned photos are placed on', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    store.getState().setPhotoTrack('e1', 'e2');
    expect(store.getState().photoTracks).toEqual({ e1: 'e2' });
    store.getState().setPhotoTrack('e1', null);
    expect(store.getState().photoTracks).toEqual({});
  });

  it('opens and closes the viewer on a photo of a source', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    expect(store.getState().photoViewer).toBeNull();
    store.getState().openPhoto('e3', 7);
    expect(store.getState().photoViewer).toEqual({ sourceKey: 'e3', index: 7 });
    store.getState().closePhoto();
    expect(store.getState().photoViewer).toBeNull();
  });
});
