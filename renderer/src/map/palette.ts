/**
 * Route colours, one per source in import order. Based on Sasha Trubetskoy's 20 distinct
 * colours, without the pale ones that vanish on a light basemap. The first colour is a
 * strong red (#e6194b): the end-to-end test looks for it on the map canvas.
 */
export const ROUTE_PALETTE = [
  '#e6194b',
  '#4363d8',
  '#3cb44b',
  '#f58231',
  '#911eb4',
  '#008080',
  '#f032e6',
  '#9a6324',
  '#000075',
  '#808000',
  '#800000',
  '#42d4f4',
] as const;

export const FIRST_ROUTE_COLOUR = ROUTE_PALETTE[0];

export function routeColour(index: number): string {
  const n = ROUTE_PALETTE.length;
  return ROUTE_PALETTE[((index % n) + n) % n]!;
}
