/** Evaluates a data expression for a feature's properties with MapLibre's own style-spec code. */
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';

export function evaluate(expr: unknown, properties: Record<string, unknown>): unknown {
  const parsed = expression.createExpression(
    expr,
    'layers[0].paint.circle-opacity',
    latest.paint_circle['circle-opacity'] as never,
  );
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom: 12 }, {
    type: 'Point',
    properties,
    geometry: [],
  } as never);
}
