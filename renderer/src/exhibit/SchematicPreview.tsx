/**
 * A small schematic of the chosen stops: numbered circles joined by straight dashed legs, with
 * no basemap, as the exhibit's own diagram draws them. Positions keep their geography
 * (equirectangular, shrunk by the cosine of the latitude) so the shape is recognisable.
 * Numbered 1..n as the exhibit numbers them (its own numbers, not the timeline's).
 */
import type { TimelineStop } from '../../../shared/timeline/types';

const W = 280;
const H = 180;
const PAD = 16;

interface Placed {
  key: string;
  n: number;
  x: number;
  y: number;
}

export function placeStops(stops: readonly TimelineStop[], width = W, height = H): Placed[] {
  if (stops.length === 0) return [];
  const midLat = stops.reduce((sum, s) => sum + s.lat, 0) / stops.length;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = stops.map((s) => s.lon * k);
  const ys = stops.map((s) => s.lat);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX;
  const spanY = Math.max(...ys) - minY;
  const scale = Math.min(
    spanX > 0 ? (width - 2 * PAD) / spanX : Infinity,
    spanY > 0 ? (height - 2 * PAD) / spanY : Infinity,
  );
  const s = Number.isFinite(scale) ? scale : 0;
  // Centred: an unused margin is shared between both sides.
  const offX = (width - spanX * s) / 2;
  const offY = (height - spanY * s) / 2;
  const placed = stops.map((stop, i) => ({
    key: stop.key,
    n: i + 1,
    x: offX + (xs[i]! - minX) * s,
    y: height - (offY + (ys[i]! - minY) * s),
  }));
  spreadApart(placed, width, height);
  return placed;
}

/** Markers closer than this (px) cover each other's numbers. */
const MIN_GAP = 17;

/**
 * Nudges markers that would cover each other apart (a few rounds of pairwise pushes, kept
 * inside the box): stops a few hundred metres apart stay readable at the scale of a country.
 */
function spreadApart(placed: Placed[], width: number, height: number): void {
  if (placed.length > 200) return;
  for (let round = 0; round < 40; round++) {
    let moved = false;
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i]!;
        const b = placed[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= MIN_GAP) continue;
        if (d < 1e-6) {
          // Same spot: part them along a fixed direction per pair, so the result is deterministic.
          const angle = ((i * 7 + j * 13) % 16) * (Math.PI / 8);
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (MIN_GAP - d) / 2 / d;
        a.x -= dx * push;
        a.y -= dy * push;
        b.x += dx * push;
        b.y += dy * push;
        moved = true;
      }
    }
    for (const p of placed) {
      p.x = Math.min(width - PAD / 2, Math.max(PAD / 2, p.x));
      p.y = Math.min(height - PAD / 2, Math.max(PAD / 2, p.y));
    }
    if (!moved) break;
  }
}

export function SchematicPreview({
  stops,
  label,
}: {
  stops: readonly TimelineStop[];
  label: string;
}) {
  const placed = placeStops(stops);
  const path = placed.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`);
  return (
    <svg
      className="exhibit-preview"
      data-testid="exhibit-preview"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={label}
    >
      <rect x="0" y="0" width={W} height={H} fill="#ffffff" stroke="#dde2e8" />
      {placed.length > 1 && (
        <path
          d={path.join(' ')}
          fill="none"
          stroke="#5f6b7a"
          strokeWidth="1.5"
          strokeDasharray="5 3"
        />
      )}
      {placed.map((p) => (
        <g key={p.key} data-testid="exhibit-preview-stop">
          <circle cx={p.x} cy={p.y} r="8" fill="#1c2430" stroke="#ffffff" strokeWidth="1.5" />
          <text x={p.x} y={p.y + 3.5} textAnchor="middle" fontSize="9" fill="#ffffff">
            {p.n}
          </text>
        </g>
      ))}
    </svg>
  );
}
