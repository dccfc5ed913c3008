/**
 * One click, one thing (renderer/src/map/topmostHit.ts): of the layers that answer their own
 * clicks, only the one with the topmost feature under the pointer gets the click.
 */
import { describe, expect, it } from 'vitest';
import { claimClicks, topmostClaimedLayer } from '../../renderer/src/map/topmostHit';

/** A map whose hits at any point are `hits` (topmost first), of the layers asked for. */
function fakeMap(hits: string[]) {
  const handlers: { layers: string[]; fn: (e: unknown) => void }[] = [];
  const map = {
    style: {},
    getLayer: (id: string) => ({ id }),
    queryRenderedFeatures: (_p: unknown, o: { layers: string[] }) =>
      hits.filter((id) => o.layers.includes(id)).map((id) => ({ layer: { id } })),
    on: (_type: string, layers: string[], fn: (e: unknown) => void) => {
      const entry = { layers, fn };
      handlers.push(entry);
      return { unsubscribe: () => handlers.splice(handlers.indexOf(entry), 1) };
    },
  };
  /** MapLibre calls every registration with a hit in its layers. */
  const click = () => {
    for (const h of [...handlers]) {
      if (h.layers.some((id) => hits.includes(id))) h.fn({ point: { x: 1, y: 2 } });
    }
  };
  return { map: map as never, click, handlers };
}

describe('claimClicks', () => {
  it('gives a click on a stop over a photo to the stop alone', () => {
    const { map, click } = fakeMap(['stops', 'photos']);
    const calls: string[] = [];
    claimClicks(map, ['photos', 'placed'], () => calls.push('photo'));
    claimClicks(map, ['stops', 'conflicts'], () => calls.push('stop'));
    click();
    expect(calls).toEqual(['stop']);
    expect(topmostClaimedLayer(map, [1, 2])).toBe('stops');
  });

  it('gives it to the photo where the photo is on top, and calls a claim once for two of its layers', () => {
    const { map, click } = fakeMap(['photos', 'placed', 'stops']);
    const calls: string[] = [];
    claimClicks(map, ['photos', 'placed'], () => calls.push('photo'));
    claimClicks(map, ['stops'], () => calls.push('stop'));
    click();
    expect(calls).toEqual(['photo']);
  });

  it('ignores layers nobody claims (a basemap label on top) and forgets withdrawn claims', () => {
    const { map, click, handlers } = fakeMap(['label', 'photos', 'stops']);
    const calls: string[] = [];
    claimClicks(map, ['photos'], () => calls.push('photo'));
    const release = claimClicks(map, ['stops'], () => calls.push('stop'));
    click();
    expect(calls).toEqual(['photo']);
    release();
    expect(handlers).toHaveLength(1);
    expect(topmostClaimedLayer(map, [0, 0])).toBe('photos');
  });
});
