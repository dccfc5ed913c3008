/**
 * How finely the map canvas is drawn. With a GPU the map renders at least at 2x with MSAA:
 * small SDF labels stay legible (at 1x the dot of an i merges into its stem) and it costs the
 * GPU nothing noticeable. Without one (SwiftShader: virtual machines, remote desktops, some
 * locked-down police laptops) every pixel is shaded on the CPU: measured on a 2-core machine,
 * a 660x850 map took ~1.2 s per frame at 2x with 4x MSAA, ~0.26 s at 1x with MSAA and ~0.09 s
 * at 1x without. There the map draws at the screen's own resolution, without MSAA, and at a
 * lower resolution still while it moves (motionResolution.ts), so panning stays usable;
 * exhibits are drawn by their own off-screen map and keep full quality.
 */

export interface MapRenderQuality {
  pixelRatio: number;
  antialias: boolean;
  /** Whether the map draws fewer pixels while it moves (motionResolution.ts). */
  reduceInMotion: boolean;
}

export function mapRenderQuality(softwareGl: boolean, devicePixelRatio: number): MapRenderQuality {
  const screen = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  if (softwareGl)
    return { pixelRatio: Math.min(screen, 1), antialias: false, reduceInMotion: true };
  return { pixelRatio: Math.max(2, screen), antialias: true, reduceInMotion: false };
}

/**
 * How much of a large route the map is given. A software rasteriser's frame cost follows the
 * vertices it draws (each route is drawn twice, casing and line): with a GPU the level of detail
 * keeps points half a pixel apart and up to 120,000 of them; in software, where the map is drawn
 * at 1x anyway, a pixel apart (one LOD zoom coarser) and half as many, with bevel joins (a round
 * join is a fan of extra triangles at every vertex; measured at zoom 8 on the 1M-fix bench case,
 * bevel joins took a frame from 125 ms to 98 ms, and at 1x the corner looks the same), and
 * without the white casing below zoom 10, where a regional view has no street detail for the
 * route to stand out from (it cost as much as the line itself).
 */
export interface RouteDetail {
  /** LOD zooms subtracted from the map's zoom when choosing the points to draw. */
  zoomOffset: number;
  /** Most points handed to the map for one view. */
  vertexBudget: number;
  lineJoin: 'round' | 'bevel';
  /** First zoom drawing the route's white casing. */
  casingMinZoom: number;
}

export const FULL_ROUTE_DETAIL: RouteDetail = {
  zoomOffset: 0,
  vertexBudget: 120_000,
  lineJoin: 'round',
  casingMinZoom: 0,
};

export function routeDetailFor(softwareGl: boolean): RouteDetail {
  return softwareGl
    ? { zoomOffset: 1, vertexBudget: 60_000, lineJoin: 'bevel', casingMinZoom: 10 }
    : FULL_ROUTE_DETAIL;
}

/** Renderer names of CPU rasterisers: Chromium's SwiftShader, Mesa's llvmpipe, Windows' WARP. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export function isSoftwareRendererName(name: string): boolean {
  return SOFTWARE_RENDERER.test(name);
}

/**
 * True when WebGL only runs in software. Chromium names its rasteriser in the unmasked
 * renderer string (with --enable-unsafe-swiftshader it does not refuse a context that asks
 * to fail on a major performance caveat, so that test alone misses it). No WebGL at all
 * counts as software too (the map will then report its own error).
 */
export function detectSoftwareGl(doc: Document = document): boolean {
  try {
    const canvas = doc.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    // Free the probe's context at once: browsers cap live WebGL contexts per page.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return isSoftwareRendererName(name);
  } catch {
    return true;
  }
}
