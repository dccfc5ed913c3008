/**
 * Event icons drawn on a canvas at run time (no sprite file, nothing fetched): a round badge
 * whose fill says what happened and whose ring is the source's route colour, with a white
 * glyph — a power symbol for ignition, a gear for the engine, a door, a fuel pump, a gauge for
 * the odometer, a person for the driver, an "i" for a status. The same drawing feeds the map
 * (as ImageData) and the legend (as a data URL), so both always match.
 */
import type { EventType } from '../../../../shared/model';

/** Badge diameter in CSS pixels; images are drawn at ICON_PIXEL_RATIO times that. */
export const ICON_SIZE = 26;
export const ICON_PIXEL_RATIO = 2;
const SIDE = ICON_SIZE * ICON_PIXEL_RATIO;

type Glyph = 'power' | 'gear' | 'door-open' | 'door-closed' | 'pump' | 'gauge' | 'person' | 'info';

interface EventLook {
  fill: string;
  glyph: Glyph;
}

export const EVENT_LOOKS: Readonly<Record<EventType, EventLook>> = {
  'ignition-on': { fill: '#2e7d32', glyph: 'power' },
  'ignition-off': { fill: '#37474f', glyph: 'power' },
  'engine-start': { fill: '#2e7d32', glyph: 'gear' },
  'engine-stop': { fill: '#37474f', glyph: 'gear' },
  'door-open': { fill: '#1565c0', glyph: 'door-open' },
  'door-close': { fill: '#0d3c78', glyph: 'door-closed' },
  'fuel-level': { fill: '#e65100', glyph: 'pump' },
  'fuel-drop': { fill: '#c62828', glyph: 'pump' },
  odometer: { fill: '#5d4037', glyph: 'gauge' },
  driver: { fill: '#6a1b9a', glyph: 'person' },
  status: { fill: '#546e7a', glyph: 'info' },
};

const UNKNOWN_LOOK: EventLook = { fill: '#546e7a', glyph: 'info' };

export function eventLook(type: string): EventLook {
  return (EVENT_LOOKS as Record<string, EventLook | undefined>)[type] ?? UNKNOWN_LOOK;
}

/** The map image id of an event type in a source colour. */
export function eventIconId(type: string, colour: string): string {
  return `itinera-event|${type}|${colour}`;
}

export function parseEventIconId(id: string): { type: string; colour: string } | null {
  const parts = id.split('|');
  return parts.length === 3 && parts[0] === 'itinera-event'
    ? { type: parts[1]!, colour: parts[2]! }
    : null;
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws the badge for `type` filling a `side`-pixel square at the origin. */
export function drawEventIcon(ctx: Ctx, type: string, colour: string, side: number): void {
  const look = eventLook(type);
  const c = side / 2;
  const u = side / 26; // one CSS pixel of the 26-pixel design
  ctx.clearRect(0, 0, side, side);
  ctx.beginPath();
  ctx.arc(c, c, c - u * 0.5, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.beginPath();
  ctx.arc(c, c, c - u * 1.5, 0, Math.PI * 2);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.beginPath();
  ctx.arc(c, c, c - u * 4.5, 0, Math.PI * 2);
  ctx.fillStyle = look.fill;
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.fillStyle = '#ffffff';
  ctx.lineWidth = 1.8 * u;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  drawGlyph(ctx, look.glyph, c, u);
}

function drawGlyph(ctx: Ctx, glyph: Glyph, c: number, u: number): void {
  switch (glyph) {
    case 'power':
      ctx.beginPath();
      ctx.arc(c, c + 0.5 * u, 4.6 * u, -Math.PI / 2 + 0.75, -Math.PI / 2 - 0.75 + Math.PI * 2);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(c, c - 5.6 * u);
      ctx.lineTo(c, c - 0.4 * u);
      ctx.stroke();
      return;
    case 'gear':
      for (let i = 0; i < 8; i++) {
        const a = (i * Math.PI) / 4;
        ctx.beginPath();
        ctx.moveTo(c + Math.cos(a) * 3.6 * u, c + Math.sin(a) * 3.6 * u);
        ctx.lineTo(c + Math.cos(a) * 6 * u, c + Math.sin(a) * 6 * u);
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.arc(c, c, 3.6 * u, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.arc(c, c, 1.5 * u, 0, Math.PI * 2);
      ctx.fillStyle = '#37474f';
      ctx.fill();
      return;
    case 'door-open':
    case 'door-closed': {
      ctx.lineWidth = 1.4 * u;
      ctx.strokeRect(c - 4 * u, c - 6 * u, 8 * u, 12 * u);
      ctx.beginPath();
      if (glyph === 'door-open') {
        // The leaf swung open, seen in perspective.
        ctx.moveTo(c - 4 * u, c - 6 * u);
        ctx.lineTo(c + 1.5 * u, c - 4 * u);
        ctx.lineTo(c + 1.5 * u, c + 7.5 * u);
        ctx.lineTo(c - 4 * u, c + 6 * u);
        ctx.closePath();
        ctx.fill();
      } else {
        ctx.rect(c - 4 * u, c - 6 * u, 8 * u, 12 * u);
        ctx.fill();
        ctx.beginPath();
        ctx.arc(c + 2 * u, c + 0.5 * u, 1 * u, 0, Math.PI * 2);
        ctx.fillStyle = '#0d3c78';
        ctx.fill();
      }
      return;
    }
    case 'pump':
      ctx.fillRect(c - 5 * u, c - 6 * u, 7 * u, 12 * u);
      ctx.fillStyle = 'rgba(0,0,0,0.35)';
      ctx.fillRect(c - 3.6 * u, c - 4.6 * u, 4.2 * u, 3.2 * u);
      ctx.lineWidth = 1.4 * u;
      ctx.beginPath();
      ctx.moveTo(c + 2 * u, c - 3 * u);
      ctx.lineTo(c + 4.5 * u, c - 1 * u);
      ctx.lineTo(c + 4.5 * u, c + 3.5 * u);
      ctx.lineTo(c + 3 * u, c + 4.5 * u);
      ctx.stroke();
      return;
    case 'gauge':
      ctx.beginPath();
      ctx.arc(c, c + 2.5 * u, 6 * u, Math.PI, 0);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(c, c + 2.5 * u);
      ctx.lineTo(c + 3.5 * u, c - 2 * u);
      ctx.stroke();
      return;
    case 'person':
      ctx.beginPath();
      ctx.arc(c, c - 3 * u, 2.8 * u, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.ellipse(c, c + 5.5 * u, 5.5 * u, 4.5 * u, 0, Math.PI, 0);
      ctx.fill();
      return;
    case 'info':
      ctx.beginPath();
      ctx.arc(c, c - 4.5 * u, 1.4 * u, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillRect(c - 1.2 * u, c - 1.8 * u, 2.4 * u, 7.5 * u);
      return;
  }
}

/** The badge as map image pixels, or null where there is no 2D canvas (tests without one). */
export function eventIconImage(type: string, colour: string): ImageData | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const ctx = new OffscreenCanvas(SIDE, SIDE).getContext('2d');
  if (!ctx) return null;
  drawEventIcon(ctx, type, colour, SIDE);
  return ctx.getImageData(0, 0, SIDE, SIDE);
}

const dataUrls = new Map<string, string>();

/** The badge as a PNG data URL for the legend (cached); empty where there is no canvas. */
export function eventIconDataUrl(type: string, colour: string): string {
  const key = eventIconId(type, colour);
  const cached = dataUrls.get(key);
  if (cached !== undefined) return cached;
  const canvas = typeof document === 'undefined' ? null : document.createElement('canvas');
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas?.getContext('2d') ?? null;
  } catch {
    ctx = null; // jsdom without the canvas package throws "not implemented"
  }
  if (!canvas || !ctx) return '';
  canvas.width = SIDE;
  canvas.height = SIDE;
  drawEventIcon(ctx, type, colour, SIDE);
  const url = canvas.toDataURL('image/png');
  dataUrls.set(key, url);
  return url;
}
