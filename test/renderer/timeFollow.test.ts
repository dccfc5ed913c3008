/**
 * Following the playback marker: the map stays put while the marker roams the middle of the
 * clear area, eases when it nears an edge, jumps when playback carried it off screen; a drag
 * or the arrow keys count as panning by hand, a wheel zoom or the app's own moves do not; and
 * every start of playback turns following back on.
 */
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { followStep, isHandPan } from '../../renderer/src/map/followPlayback';
import { createTimeSlice, type TimeSlice } from '../../renderer/src/store/timeSlice';

const size = { width: 1000, height: 600 };
const pad = { top: 20, right: 60, bottom: 100, left: 220 };

describe('followStep', () => {
  it('stays while the marker is in the middle of the clear area', () => {
    // Clear area x 220–940, y 20–500; the roaming box is its middle 60 %.
    expect(followStep({ x: 580, y: 260 }, size, pad)).toBe('stay');
    expect(followStep({ x: 365, y: 117 }, size, pad)).toBe('stay');
  });
  it('eases when the marker nears an edge or slips under an overlay', () => {
    expect(followStep({ x: 900, y: 260 }, size, pad)).toBe('ease');
    expect(followStep({ x: 150, y: 260 }, size, pad)).toBe('ease');
    expect(followStep({ x: 580, y: 540 }, size, pad)).toBe('ease');
  });
  it('jumps when the marker is off the screen', () => {
    expect(followStep({ x: 1200, y: 260 }, size, pad)).toBe('jump');
    expect(followStep({ x: 580, y: -5 }, size, pad)).toBe('jump');
  });
});

describe('isHandPan', () => {
  it('counts drags and arrow keys, not wheel zooms or the app', () => {
    expect(isHandPan({ type: 'dragstart' })).toBe(true);
    expect(
      isHandPan({
        type: 'movestart',
        originalEvent: { type: 'keydown', key: 'ArrowLeft' } as never,
      }),
    ).toBe(true);
    expect(
      isHandPan({ type: 'movestart', originalEvent: { type: 'keydown', key: '+' } as never }),
    ).toBe(false);
    expect(isHandPan({ type: 'movestart', originalEvent: { type: 'wheel' } as never })).toBe(false);
    expect(isHandPan({ type: 'movestart' })).toBe(false);
  });
});

describe('the follow switch in the time slice', () => {
  it('is on by default and comes back on with every start of playback', () => {
    const store = create<TimeSlice>()((...a) => createTimeSlice(...a));
    expect(store.getState().follow).toBe(true);
    store.getState().setPlaying(true);
    store.getState().setFollow(false);
    expect(store.getState().follow).toBe(false);
    // Pausing leaves the choice alone; playing again follows again.
    store.getState().setPlaying(false);
    expect(store.getState().follow).toBe(false);
    store.getState().setPlaying(true);
    expect(store.getState().follow).toBe(true);
  });
});
