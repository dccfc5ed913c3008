/**
 * The schematic diagram, as the police drew it in the Ukrainian case: the stops as a numbered
 * chain in time order, each with its place, arrival, departure and stay, and between them the
 * straight-line distance and the time taken. No basemap, nothing to scale: it is read, not
 * measured. The chain snakes over rows (left to right, then right to left) so a long day still
 * fits a page. Text uses Noto Sans, which the app bundles; no font or image is referenced
 * remotely. Deterministic: same model, same bytes.
 */
import { exhibitText } from '../exhibit/messages';
import { formatDate, formatDistance, formatDuration, formatTime, isoUtc } from '../exhibit/format';
import { exportTitle, zoneText, type ExportMeta } from './describe';
import type { ExhibitModel, ExhibitStop } from './exhibit-model';
import { xmlAttr, xmlText } from './xml-write';

export interface SchematicOptions extends ExportMeta {
  /** Stops per row; default 5 (4 when the page is portrait). */
  columns?: number;
  /** Width of the drawing in px (user units); default 1400. */
  width?: number;
  /**
   * False when the diagram sits on an exhibit page under the page's own heading: the drawing
   * then carries no title line and no references of its own (they would appear twice).
   */
  heading?: boolean;
}

const FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
const NODE_R = 22;
const ROW_H = 200;
const TOP = 150;
const MARGIN = 70;

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function textEl(
  x: number,
  y: number,
  content: string,
  attrs: Record<string, string | number> = {},
): string {
  const extra = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
  return `<text x="${num(x)}" y="${num(y)}"${extra}>${xmlText(content)}</text>`;
}

export function exhibitToSchematicSvg(model: ExhibitModel, options: SchematicOptions): string {
  const { locale } = model.options;
  const zone = model.displayZone;
  const t = (key: Parameters<typeof exhibitText>[1], params?: Record<string, string | number>) =>
    exhibitText(locale, key, params);
  const stops = model.stops;
  const width = options.width ?? 1400;
  const columns = Math.max(
    1,
    Math.min(
      options.columns ?? (model.options.orientation === 'portrait' ? 4 : 5),
      Math.max(1, stops.length),
    ),
  );
  const rows = Math.max(1, Math.ceil(stops.length / columns));
  // Room at either side for the loop that carries the chain down to the next row.
  const x0 = MARGIN + 130;
  const span = width - 2 * x0;
  const pitch = columns > 1 ? span / (columns - 1) : 0;
  const heading = options.heading ?? true;
  // Without the heading line the subtitle and zone move up and the chain follows them.
  const lift = heading ? 0 : 40;
  const top = TOP - lift;
  // The page has its own footer: an embedded diagram leaves its own out.
  const height = top + rows * ROW_H + (heading ? 90 : 20);

  const position = (i: number): { x: number; y: number } => {
    const row = Math.floor(i / columns);
    const col = i % columns;
    const c = row % 2 === 0 ? col : columns - 1 - col;
    return { x: columns === 1 ? width / 2 : x0 + c * pitch, y: top + row * ROW_H + 40 };
  };

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlAttr(FONT)}" lang="${locale}">`,
    `<title>${xmlText(`${exportTitle(model)} – ${t('schematic.title')}`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (heading) {
    out.push(
      textEl(MARGIN, 48, `${exportTitle(model)} – ${t('schematic.title')}`, {
        'font-size': 26,
        'font-weight': 700,
        fill: '#111',
      }),
    );
  }
  out.push(
    textEl(MARGIN, 78 - lift, t('schematic.subtitle'), { 'font-size': 15, fill: '#333' }),
    textEl(MARGIN, 100 - lift, t('exhibit.timesIn', { zone: zoneText(model) }), {
      'font-size': 15,
      fill: '#333',
    }),
  );
  const ref = [
    model.options.caseReference
      ? `${t('exhibit.caseReference')}: ${model.options.caseReference}`
      : '',
    model.options.exhibitNumber
      ? `${t('exhibit.exhibitNumber')}: ${model.options.exhibitNumber}`
      : '',
  ]
    .filter((x) => x !== '')
    .join('   ');
  if (ref && heading)
    out.push(
      textEl(width - MARGIN, 48, ref, { 'font-size': 15, 'text-anchor': 'end', fill: '#333' }),
    );

  if (stops.length === 0) {
    out.push(textEl(MARGIN, top + 40, t('stops.none'), { 'font-size': 18, fill: '#333' }));
  }

  // Connectors first, so the stop circles are drawn over their ends.
  for (let i = 1; i < stops.length; i++) {
    const a = position(i - 1);
    const b = position(i);
    const s = stops[i]!;
    const label = t('schematic.leg', {
      distance: formatDistance(s.fromPrevious?.distanceM ?? NaN, locale),
      duration: formatDuration(s.fromPrevious?.timeS ?? NaN, locale),
    });
    if (a.y === b.y) {
      const dir = b.x > a.x ? 1 : -1;
      const x1 = a.x + dir * (NODE_R + 4);
      const x2 = b.x - dir * (NODE_R + 4);
      out.push(
        `<line x1="${num(x1)}" y1="${num(a.y)}" x2="${num(x2)}" y2="${num(b.y)}" stroke="#333" stroke-width="2" stroke-dasharray="8 5" marker-end="url(#arrow)"/>`,
      );
      out.push(
        textEl((a.x + b.x) / 2, a.y - 10, label, {
          'font-size': 14,
          'text-anchor': 'middle',
          fill: '#111',
        }),
      );
    } else {
      // Down to the next row in a loop outside the stop texts, on the side the row turns at.
      const right = columns === 1 || a.x > width / 2;
      const loopX = a.x + (right ? 1 : -1) * (columns === 1 ? 140 : 115);
      const side = right ? 1 : -1;
      out.push(
        `<path d="M${num(a.x + side * (NODE_R + 4))},${num(a.y)} H${num(loopX)} V${num(b.y)} H${num(
          b.x + side * (NODE_R + 4),
        )}" fill="none" stroke="#333" stroke-width="2" stroke-dasharray="8 5" marker-end="url(#arrow)"/>`,
      );
      const midY = (a.y + b.y) / 2;
      // Turned a quarter clockwise the glyphs stand on the +x side of their baseline.
      const labelX = loopX + (right ? 8 : -18);
      out.push(
        textEl(labelX, midY, label, {
          'font-size': 14,
          'text-anchor': 'middle',
          fill: '#111',
          transform: `rotate(90 ${num(labelX)} ${num(midY)})`,
        }),
      );
    }
  }

  let previousDate = '';
  stops.forEach((s: ExhibitStop, i) => {
    const p = position(i);
    const date = formatDate(s.arrival, zone, locale);
    const depDate = formatDate(s.departure, zone, locale);
    const showDate = date !== previousDate;
    previousDate = depDate;
    const place = s.label ?? (s.place ? `${s.place.name} (${s.place.country})` : '');
    const tip = [
      `${s.n}. ${place}`,
      `${t('stops.arrival')}: ${isoUtc(s.arrival)}`,
      `${t('stops.departure')}: ${isoUtc(s.departure)}`,
    ].join('\n');
    out.push(`<g id="stop-${s.n}">`);
    out.push(`<title>${xmlText(tip)}</title>`);
    out.push(
      `<circle cx="${num(p.x)}" cy="${num(p.y)}" r="${NODE_R}" fill="#b00020" stroke="#ffffff" stroke-width="3"/>`,
    );
    out.push(
      textEl(p.x, p.y + 7, String(s.n), {
        'font-size': 20,
        'font-weight': 700,
        'text-anchor': 'middle',
        fill: '#ffffff',
      }),
    );
    const lines: [string, Record<string, string | number>][] = [
      [truncate(place || '—', 28), { 'font-size': 15, 'font-weight': 700, fill: '#111' }],
      ...(showDate
        ? [[date, { 'font-size': 13, fill: '#444' }] as [string, Record<string, string | number>]]
        : []),
      [
        `${t('schematic.arrival')} ${formatTime(s.arrival, zone, locale)}`,
        { 'font-size': 14, fill: '#111' },
      ],
      [
        `${t('schematic.departure')} ${depDate !== date ? `${depDate} ` : ''}${formatTime(s.departure, zone, locale)}`,
        { 'font-size': 14, fill: '#111' },
      ],
      [
        `${t('schematic.stay')} ${formatDuration(s.durationS, locale)}`,
        { 'font-size': 14, fill: '#111' },
      ],
    ];
    lines.forEach(([content, attrs], k) => {
      out.push(
        textEl(p.x, p.y + NODE_R + 22 + k * 19, content, { 'text-anchor': 'middle', ...attrs }),
      );
    });
    out.push('</g>');
  });

  const footer = [
    `${t('exhibit.software')}: ${options.software.name} ${options.software.version}`,
    model.generatedAt !== null ? `${t('exhibit.generatedAt')}: ${isoUtc(model.generatedAt)}` : '',
    t('exhibit.placeNote'),
  ]
    .filter((x) => x !== '')
    .join(' · ');
  if (heading) out.push(textEl(MARGIN, height - 30, footer, { 'font-size': 12, fill: '#555' }));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
