// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MapContext, type MapHandle } from '../../renderer/src/map/MapContext';
import { createAppStore, type AppStore } from '../../renderer/src/store/store';
import { StoreProvider } from '../../renderer/src/store/StoreContext';
import { TimeWindowMotion } from '../../renderer/src/time/TimeWindowMotion';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

function render(store: AppStore, handle: MapHandle | null) {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  const tree = (h: MapHandle | null) => (
    <StoreProvider store={store}>
      <MapContext.Provider value={h}>
        <TimeWindowMotion />
      </MapContext.Provider>
    </StoreProvider>
  );
  act(() => root!.render(tree(handle)));
  return (h: MapHandle | null) => act(() => root!.render(tree(h)));
}

const handleWith = (changing: () => void): MapHandle => ({
  map: {} as MapLibreMap,
  styleGeneration: 1,
  motion: { changing },
});

describe('time window motion', () => {
  it('tells the map each time the window moves, not when it first shows it', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    act(() => store.getState().setTimeRange({ start: 1000, end: 9000 }));
    const changing = vi.fn();
    render(store, handleWith(changing));
    expect(changing).not.toHaveBeenCalled();
    act(() => store.getState().setTimeRange({ start: 1000, end: 8000 }));
    act(() => store.getState().setTimeRange({ start: 1000, end: 7000 }));
    expect(changing).toHaveBeenCalledTimes(2);
    // The same window again is no change; clearing it is one.
    act(() => store.getState().setTimeRange({ start: 1000, end: 7000 }));
    expect(changing).toHaveBeenCalledTimes(2);
    act(() => store.getState().setTimeRange(null));
    expect(changing).toHaveBeenCalledTimes(3);
  });

  it('does nothing on a map drawn at full resolution always, or before the map exists', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    const rerender = render(store, null);
    act(() => store.getState().setTimeRange({ start: 1000, end: 8000 }));
    rerender({ map: {} as MapLibreMap, styleGeneration: 1 });
    act(() => store.getState().setTimeRange({ start: 1000, end: 7000 }));
    const changing = vi.fn();
    rerender(handleWith(changing));
    expect(changing).not.toHaveBeenCalled();
    act(() => store.getState().setTimeRange({ start: 2000, end: 7000 }));
    expect(changing).toHaveBeenCalledTimes(1);
  });
});
