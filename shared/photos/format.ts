/** Text forms of photo facts that examiners read and type: DMS positions and clock corrections. */

function dmsPart(value: number, positive: string, negative: string): string {
  const hemisphere = value < 0 ? negative : positive;
  // Work in hundredths of a second so rounding can never print 60".
  const total = Math.round(Math.abs(value) * 360_000);
  const degrees = Math.floor(total / 360_000);
  const minutes = Math.floor((total % 360_000) / 6_000);
  const seconds = (total % 6_000) / 100;
  return `${degrees}°${String(minutes).padStart(2, '0')}′${seconds.toFixed(2).padStart(5, '0')}″${hemisphere}`;
}

/** `50°51′02.40″N 4°21′06.00″E`: degrees, minutes and seconds to the hundredth (about 30 cm). */
export function formatDms(lat: number, lon: number): string {
  return `${dmsPart(lat, 'N', 'S')} ${dmsPart(lon, 'E', 'W')}`;
}

/** A signed duration as `+1:02:03` or `−0:00:30` (h:mm:ss, sub-seconds as `.250` when present). */
export function formatSignedDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  const totalSeconds = Math.floor(abs / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const frac = Math.round(abs % 1000);
  const fraction = frac ? `.${String(frac).padStart(3, '0')}` : '';
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${fraction}`;
}

/**
 * Reads a correction typed as `±h:mm:ss`, `±mm:ss`, `±h:mm:ss.sss` or plain seconds (`-90`).
 * Null for anything else: a typo must not silently shift every photo of a camera.
 */
export function parseSignedDuration(text: string): number | null {
  const trimmed = text.trim().replace(/^−/, '-');
  if (trimmed === '') return null;
  const match = /^([+-]?)(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?(?:\.(\d{1,3}))?$/.exec(trimmed);
  if (!match) return null;
  const [, sign, a, b, c, fraction] = match;
  let seconds: number;
  if (c !== undefined) {
    if (Number(b) > 59 || Number(c) > 59) return null;
    seconds = Number(a) * 3600 + Number(b) * 60 + Number(c);
  } else if (b !== undefined) {
    if (Number(b) > 59) return null;
    seconds = Number(a) * 60 + Number(b);
  } else seconds = Number(a);
  const ms = seconds * 1000 + (fraction ? Number(fraction.padEnd(3, '0')) : 0);
  return sign === '-' ? -ms : ms;
}
