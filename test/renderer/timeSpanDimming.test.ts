/**
 * Dimming by feature state for things that last (stops, events with an end, testimony
 * windows): the spans read from the features and which fall outside the window.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { outOfSpanFlags, withSpanIds } from '../../renderer/src/time/dimming';

const point = (properties: Record<string, unknown>) => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates: [4, 50] },
  properties,
});

describe('span dimming', () => {
  const collection: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: [
      point({ tStart: 100, tEnd: 200 }), // a stay
      point({ t: 150 }), // an instant
      point({ t: 300, tEnd: 400 }), // an event with an end
      point({}), // untimed
      point({ t: Number.NaN }), // no usable time
      point({ tStart: 500 }), // a stay not yet ended: its start alone
    ],
  };

  it('numbers features 1..n and reads their spans, NaN where untimed', () => {
    const { collection: numbered, spans } = withSpanIds(collection);
    expect(numbered.features.map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbered.features[0]!.properties).toEqual({ tStart: 100, tEnd: 200 });
    expect([...spans.starts]).toEqual([100, 150, 300, NaN, NaN, 500]);
    expect([...spans.ends]).toEqual([200, 150, 400, NaN, NaN, 500]);
    // The input is left as it was.
    expect(collection.features[0]!.id).toBeUndefined();
  });

  it('dims only what lies wholly outside the window; edges and untimed stay bright', () => {
    const { spans } = withSpanIds(collection);
    expect([...outOfSpanFlags(spans, { start: 180, end: 320 })]).toEqual([0, 1, 0, 0, 0, 1]);
    expect([...outOfSpanFlags(spans, { start: 200, end: 300 })]).toEqual([0, 1, 0, 0, 0, 1]);
    expect([...outOfSpanFlags(spans, { start: 401, end: 499 })]).toEqual([1, 1, 1, 0, 0, 1]);
    expect([...outOfSpanFlags(spans, null)]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
