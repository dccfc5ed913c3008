/**
 * Whether lines lie wholly away from an area of the map, judged by each line's bounding box
 * (a box that touches counts as in view, so the answer errs towards "visible"). A time-window
 * step can then leave off-screen map data alone until the view moves: re-tiling it in the
 * worker would cost the map a second frame for nothing anyone can see.
 */
import type { FeatureCollection, LineString } from 'geojson';
import type { BoundingBox } from '../../../shared/model';

/**
 * True when no line of `lines` comes near `box` (degrees). A box reaching past the
 * antimeridian is never "away": longitudes there wrap and the plain comparison would lie.
 */
export function linesAwayFrom(lines: FeatureCollection<LineString>, box: BoundingBox): boolean {
  if (box.west < -180 || box.east > 180) return lines.features.length === 0;
  for (const feature of lines.features) {
    let west = Infinity;
    let east = -Infinity;
    let south = Infinity;
    let north = -Infinity;
    for (const [lon, lat] of feature.geometry.coordinates) {
      if (lon! < west) west = lon!;
      if (lon! > east) east = lon!;
      if (lat! < south) south = lat!;
      if (lat! > north) north = lat!;
    }
    if (west <= box.east && east >= box.west && south <= box.north && north >= box.south) {
      return false;
    }
  }
  return true;
}
