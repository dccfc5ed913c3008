/**
 * The printable exhibit: fixed-size sheets, one per printed page. Page 1 is the map with its
 * legend, scale bar, north arrow and attribution; the stop table, the schematic diagram, the
 * method and the evidence files follow, split over as many pages as they need (measured in
 * this browser, then packed by `paginate`), each page with "page X of Y" and the footer.
 */
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import type {
  ExhibitDocument,
  ExhibitLegendItem,
  ExhibitPageStatus,
  ExhibitTable,
} from '../../shared/exhibit/document';
import { STOP_COLOUR } from '../src/map/StopLayer';
import { EXHIBIT_PHOTO_COLOUR } from './ExhibitPhotoLayer';
import { EXHIBIT_CONFLICT_COLOUR, EXHIBIT_TESTIMONY_COLOUR } from './ExhibitTestimonyLayer';
import type { CanvasLimits } from '../../shared/exhibit/tiles';
import { fitCamera, metresPerPixel, scaleBar, type Camera } from '../../shared/exhibit/view';
import { MapImage, routeColourOf, type MapImageInfo } from './MapImage';
import { paginate, type FlowBlock, type PageSlice } from '../../shared/exhibit/paginate';

/** Space between blocks on a page, CSS px. */
const BLOCK_GAP = 18;
/** Kept free at the bottom of every page body against rounding in the print layout. */
const SAFETY = 4;
const MAX_MAP_ZOOM = 16;
/** As the photo layer draws a photo, and a neutral grey for events and accuracy circles. */
const PHOTO_COLOUR = EXHIBIT_PHOTO_COLOUR;
const TESTIMONY_COLOUR = EXHIBIT_TESTIMONY_COLOUR;
const EVENT_COLOUR = '#5f6b7a';
const ACCURACY_COLOUR = '#4363d8';

export interface ExhibitPageProps {
  doc: ExhibitDocument;
  style: StyleSpecification;
  limits: CanvasLimits;
  onStatus: (status: ExhibitPageStatus) => void;
  /** Decoded photo markers by key; none: every photo is drawn as the camera placeholder. */
  photoImages?: ReadonlyMap<string, ImageData>;
}

const NO_IMAGES: ReadonlyMap<string, ImageData> = new Map();

export function ExhibitPage({
  doc,
  style,
  limits,
  onStatus,
  photoImages = NO_IMAGES,
}: ExhibitPageProps) {
  const [pages, setPages] = useState<PageSlice[][] | null>(null);
  if (!pages) return <MeasureSheet doc={doc} onMeasured={setPages} />;
  const total = pages.length + 1;
  return (
    <>
      <MapSheet
        doc={doc}
        style={style}
        limits={limits}
        photoImages={photoImages}
        pageNumber={1}
        total={total}
        onDone={(map) =>
          onStatus({
            state: 'ready',
            pages: total,
            map,
            photos: {
              markers: doc.show.photos
                ? (doc.map.photos ?? []).filter((p) => p.position === 'own').length
                : 0,
              thumbnails: doc.show.photos ? photoImages.size : 0,
            },
          })
        }
        onError={(message) => onStatus({ state: 'error', message })}
      />
      {pages.map((slices, i) => (
        <Sheet key={i} doc={doc} pageNumber={i + 2} total={total}>
          {slices.map((slice) => (
            <FlowSlice key={`${slice.id}-${slice.from}`} doc={doc} slice={slice} />
          ))}
        </Sheet>
      ))}
    </>
  );
}

function Sheet({
  doc,
  pageNumber,
  total,
  first = false,
  bodyRef,
  children,
}: {
  doc: ExhibitDocument;
  pageNumber: number;
  total: number;
  first?: boolean;
  bodyRef?: React.Ref<HTMLDivElement>;
  children: ReactNode;
}) {
  const pageOf = doc.pageOf.replace('{page}', String(pageNumber)).replace('{pages}', String(total));
  return (
    <article
      className={first ? 'sheet sheet-first' : 'sheet'}
      style={{ width: `${doc.page.widthMm}mm`, height: `${doc.page.heightMm}mm` }}
      data-page={pageNumber}
    >
      {first ? (
        <header className="sheet-head">
          <h1>{doc.title}</h1>
          <dl className="particulars">
            {doc.particulars.map((p) => (
              <div key={p.label}>
                <dt>{p.label}</dt>
                <dd>{p.value}</dd>
              </div>
            ))}
          </dl>
        </header>
      ) : (
        <header className="sheet-head running">
          <span className="running-title">{doc.title}</span>
          <span className="running-particulars">
            {doc.particulars
              .filter((p) => p.value !== '')
              .map((p) => `${p.label}: ${p.value}`)
              .join(' · ')}
          </span>
        </header>
      )}
      <div className="sheet-body" ref={bodyRef}>
        {children}
      </div>
      <footer className="sheet-foot">
        <span className="foot-software">{doc.footer}</span>
        <span className="foot-page">{pageOf}</span>
      </footer>
    </article>
  );
}

// ---------------------------------------------------------------------------------------------
// Page 1: the map

function MapSheet({
  doc,
  style,
  limits,
  pageNumber,
  total,
  onDone,
  onError,
  photoImages,
}: {
  doc: ExhibitDocument;
  style: StyleSpecification;
  limits: CanvasLimits;
  photoImages: ReadonlyMap<string, ImageData>;
  pageNumber: number;
  total: number;
  onDone: (info: MapImageInfo) => void;
  onError: (message: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    // Whole CSS pixels: MapLibre sizes its canvas from the container's integer client size.
    setSize({ width: Math.floor(el.clientWidth), height: Math.floor(el.clientHeight) });
  }, []);
  const camera = useMemo<Camera | null>(() => {
    if (!size) return null;
    // Pins carry their labels to the right: an interview map keeps more room around them.
    const least = doc.kind === 'interview' ? 110 : 48;
    const share = doc.kind === 'interview' ? 0.2 : 0.07;
    const padding = Math.max(least, Math.round(Math.min(size.width, size.height) * share));
    const bounds = doc.map.bounds ?? { west: -170, south: -60, east: 170, north: 75 };
    return fitCamera(bounds, size.width, size.height, padding, MAX_MAP_ZOOM);
  }, [size, doc]);

  return (
    <Sheet doc={doc} pageNumber={pageNumber} total={total} first>
      <figure className="map-figure">
        <div className="map-box" ref={box}>
          {size && camera ? (
            <>
              <MapImage
                doc={doc}
                style={style}
                camera={camera}
                width={size.width}
                height={size.height}
                limits={limits}
                onDone={onDone}
                onError={onError}
                alt={doc.mapLabels.mapAlt}
                photoImages={photoImages}
              />
              <NorthArrow label={doc.mapLabels.north} />
              <ScaleBar doc={doc} camera={camera} />
              {doc.map.attribution ? (
                <div className="map-attribution">{doc.map.attribution}</div>
              ) : null}
            </>
          ) : null}
        </div>
      </figure>
      <div className="map-notes">
        <div className="legend">
          <span className="legend-title">{doc.legendTitle}</span>
          {doc.legend.map((item) => (
            <span className="legend-item" key={`${item.kind}-${item.label}`}>
              <LegendSwatch kind={item.kind} colour={legendColour(doc, item)} />
              {item.label}
            </span>
          ))}
        </div>
        {doc.testimonyStatement ? (
          <p className="statement testimony">{doc.testimonyStatement}</p>
        ) : null}
        <p className="statement zone">{doc.zoneStatement}</p>
        {doc.kind === 'interview' && doc.map.routes.length === 0 ? null : (
          <p className="statement schematic">{doc.schematicStatement}</p>
        )}
        <p className="statement places">{doc.placesStatement}</p>
      </div>
    </Sheet>
  );
}

function legendColour(doc: ExhibitDocument, item: ExhibitLegendItem): string {
  switch (item.kind) {
    case 'route': {
      const route = doc.map.routes.find((r) => r.key === item.routeKey);
      return route ? routeColourOf(route) : STOP_COLOUR;
    }
    case 'photo':
      return PHOTO_COLOUR;
    case 'testimony':
    case 'testimonySketch':
      return TESTIMONY_COLOUR;
    case 'conflict':
    case 'testimonyConflict':
      return EXHIBIT_CONFLICT_COLOUR;
    case 'event':
      return EVENT_COLOUR;
    case 'accuracy':
      return ACCURACY_COLOUR;
    default:
      return STOP_COLOUR;
  }
}

function LegendSwatch({ kind, colour }: { kind: string; colour: string }) {
  switch (kind) {
    case 'route':
      return (
        <svg className="swatch" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">
          <line
            x1="2"
            y1="6"
            x2="26"
            y2="6"
            stroke="#ffffff"
            strokeWidth="6"
            strokeLinecap="round"
          />
          <line
            x1="2"
            y1="6"
            x2="26"
            y2="6"
            stroke={colour}
            strokeWidth="3.5"
            strokeLinecap="round"
          />
        </svg>
      );
    case 'schematic':
      return (
        <svg className="swatch" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">
          <line
            x1="2"
            y1="6"
            x2="26"
            y2="6"
            stroke={colour}
            strokeWidth="2"
            strokeDasharray="4 3"
          />
        </svg>
      );
    case 'testimonySketch':
    case 'conflict':
      return (
        <svg className="swatch" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">
          <line
            x1="2"
            y1="6"
            x2="26"
            y2="6"
            stroke={colour}
            strokeWidth="3"
            strokeDasharray={kind === 'conflict' ? '5 3' : '6 3'}
          />
        </svg>
      );
    case 'testimony':
      return (
        <svg className="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" fill="#ffffff" stroke={colour} strokeWidth="2" />
          <text x="8" y="11.5" textAnchor="middle" fontSize="9" fontWeight="700" fill={colour}>
            1
          </text>
        </svg>
      );
    case 'testimonyConflict':
      return (
        <svg className="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" fill="#ffffff" stroke={colour} strokeWidth="2.5" />
          <circle
            cx="8"
            cy="8"
            r="3.5"
            fill="#ffffff"
            stroke={TESTIMONY_COLOUR}
            strokeWidth="1.5"
          />
        </svg>
      );
    case 'stop':
      return (
        <svg className="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="7" fill={colour} stroke="#ffffff" strokeWidth="1.5" />
          <text x="8" y="11.5" textAnchor="middle" fontSize="10" fontWeight="700" fill="#ffffff">
            1
          </text>
        </svg>
      );
    case 'accuracy':
      return (
        <svg className="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" fill={colour} fillOpacity="0.2" stroke={colour} />
        </svg>
      );
    default:
      return (
        <svg className="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="5" fill={colour} stroke="#ffffff" strokeWidth="1.5" />
        </svg>
      );
  }
}

function NorthArrow({ label }: { label: string }) {
  return (
    <svg
      className="north-arrow"
      viewBox="0 0 40 56"
      width="30"
      height="42"
      role="img"
      aria-label={label}
    >
      <rect x="0" y="0" width="40" height="56" rx="4" fill="#ffffff" fillOpacity="0.85" />
      <path d="M20 6 L30 40 L20 33 L10 40 Z" fill="#111111" />
      <path d="M20 6 L20 33 L10 40 Z" fill="#ffffff" stroke="#111111" strokeWidth="1.2" />
      <text x="20" y="53" textAnchor="middle" fontSize="12" fontWeight="700" fill="#111111">
        {label}
      </text>
    </svg>
  );
}

function ScaleBar({ doc, camera }: { doc: ExhibitDocument; camera: Camera }) {
  const bar = scaleBar(metresPerPixel(camera.center[1], camera.zoom), 160);
  const number = new Intl.NumberFormat(doc.lang, { maximumFractionDigits: 3 });
  const label =
    bar.metres >= 1000
      ? `${number.format(bar.metres / 1000)} ${doc.mapLabels.kilometre}`
      : `${number.format(bar.metres)} ${doc.mapLabels.metre}`;
  const w = Math.round(bar.width);
  return (
    <div className="scale-bar" style={{ width: w + 16 }}>
      <svg viewBox={`0 0 ${w + 2} 10`} width={w + 2} height="10" aria-hidden="true">
        <rect x="1" y="2" width={w / 2} height="6" fill="#111111" />
        <rect x={1 + w / 2} y="2" width={w / 2} height="6" fill="#ffffff" stroke="#111111" />
        <rect x="1" y="2" width={w} height="6" fill="none" stroke="#111111" />
      </svg>
      <span>{label}</span>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Flowing content: tables and the schematic diagram

function blockTable(doc: ExhibitDocument, id: string): ExhibitTable | null {
  if (id === doc.stops.id) return doc.stops;
  if (id === doc.method.id) return doc.method;
  if (id === doc.evidence.id) return doc.evidence;
  if (doc.pins && id === doc.pins.id) return doc.pins;
  if (doc.sketches && id === doc.sketches.id) return doc.sketches;
  return null;
}

const SCHEMATIC_ID = 'schematic';

function flowIds(doc: ExhibitDocument): { id: string; kind: 'table' | 'figure' }[] {
  const ids: { id: string; kind: 'table' | 'figure' }[] = [];
  const testimony: { id: string; kind: 'table' }[] = [];
  if (doc.pins) testimony.push({ id: doc.pins.id, kind: 'table' });
  if (doc.sketches) testimony.push({ id: doc.sketches.id, kind: 'table' });
  const interview = doc.kind === 'interview';
  // An interview map leads with the pins; its device evidence (if shown) follows.
  if (interview) ids.push(...testimony);
  if (!interview || doc.map.routes.length > 0) ids.push({ id: doc.stops.id, kind: 'table' });
  if (doc.schematic.svg) ids.push({ id: SCHEMATIC_ID, kind: 'figure' });
  if (!interview) ids.push(...testimony);
  // Without device evidence an interview map has no method and no evidence files to list.
  if (!interview || doc.map.routes.length > 0) {
    ids.push({ id: doc.method.id, kind: 'table' }, { id: doc.evidence.id, kind: 'table' });
  }
  return ids;
}

function FlowSlice({ doc, slice }: { doc: ExhibitDocument; slice: PageSlice }) {
  if (slice.kind === 'figure') {
    return (
      <section className="flow-block figure" data-block={slice.id}>
        <div className="block-head">
          <h2>{doc.schematic.title}</h2>
        </div>
        <SchematicFigure svg={doc.schematic.svg ?? ''} maxHeight={slice.maxHeight} />
      </section>
    );
  }
  const table = blockTable(doc, slice.id);
  if (!table) return null;
  return (
    <TableBlock
      doc={doc}
      table={table}
      from={slice.from}
      to={slice.to}
      continued={slice.continued}
    />
  );
}

function TableBlock({
  doc,
  table,
  from,
  to,
  continued,
}: {
  doc: ExhibitDocument;
  table: ExhibitTable;
  from: number;
  to: number;
  continued: boolean;
}) {
  const rows = table.rows.slice(from, to);
  return (
    <section className="flow-block" data-block={table.id}>
      <div className="block-head">
        <h2>
          {table.title}
          {continued ? <span className="continued"> {doc.continued}</span> : null}
        </h2>
        {table.note && !continued ? <p className="block-note">{table.note}</p> : null}
      </div>
      <table className={`flow-table table-${table.id}`}>
        <colgroup>
          {table.columns.map((c, i) => (
            <col key={i} style={{ width: `${c.width}%` }} />
          ))}
        </colgroup>
        {table.header ? (
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={i} className={c.align === 'end' ? 'end' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="empty">
                {table.empty}
              </td>
            </tr>
          ) : (
            rows.map((row, r) => (
              <tr key={from + r}>
                {row.map((cell, c) => {
                  const column = table.columns[c];
                  const classes = [column?.mono ? 'mono' : '', column?.align === 'end' ? 'end' : '']
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <td key={c} className={classes || undefined}>
                      {cell}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The schematic diagram inlined, so it is drawn with the page's bundled fonts (an SVG in an
 * <img> could only use the system's). It is our own output; scripts and event handlers are
 * stripped all the same.
 */
function SchematicFigure({ svg, maxHeight }: { svg: string; maxHeight?: number | undefined }) {
  const clean = useMemo(() => sanitiseSvg(svg), [svg]);
  return (
    <div
      className="figure-body"
      style={maxHeight !== undefined ? { height: maxHeight } : undefined}
      dangerouslySetInnerHTML={{ __html: clean }}
    />
  );
}

function sanitiseSvg(svg: string): string {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg') return '';
  for (const el of Array.from(root.querySelectorAll('script, foreignObject'))) el.remove();
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.toLowerCase().startsWith('on') || value.startsWith('javascript:')) {
        el.removeAttribute(attr.name);
      }
    }
  }
  return new XMLSerializer().serializeToString(root);
}

// ---------------------------------------------------------------------------------------------
// Measuring

/**
 * One sheet with every flowing block laid out whole, measured once the fonts are in, then
 * replaced by the paginated sheets.
 */
function MeasureSheet({
  doc,
  onMeasured,
}: {
  doc: ExhibitDocument;
  onMeasured: (pages: PageSlice[][]) => void;
}) {
  const body = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => flowIds(doc), [doc]);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const bodyHeight = el.clientHeight - SAFETY;
    const blocks: FlowBlock[] = [];
    for (const { id, kind } of ids) {
      const section = el.querySelector<HTMLElement>(`[data-block="${id}"]`);
      if (!section) continue;
      const titleHeight = height(section.querySelector('.block-head'));
      if (kind === 'figure') {
        blocks.push({
          kind,
          id,
          titleHeight,
          height: height(section.querySelector('.figure-body')),
        });
        continue;
      }
      // An empty table's one row ("no stops") is measured and placed like any row.
      const rows = Array.from(section.querySelectorAll('tbody > tr')).map((tr) => height(tr));
      blocks.push({
        kind,
        id,
        titleHeight,
        headHeight: height(section.querySelector('thead')),
        rowHeights: rows,
      });
    }
    onMeasured(paginate(blocks, bodyHeight, BLOCK_GAP));
  }, [doc, ids, onMeasured]);

  return (
    <div className="measuring" aria-hidden="true">
      <Sheet doc={doc} pageNumber={2} total={2} bodyRef={body}>
        <div className="measure-flow">
          {ids.map(({ id, kind }) =>
            kind === 'figure' ? (
              <FlowSlice
                key={id}
                doc={doc}
                slice={{ id, kind, from: 0, to: 1, continued: false }}
              />
            ) : (
              <TableBlock
                key={id}
                doc={doc}
                table={blockTable(doc, id)!}
                from={0}
                to={blockTable(doc, id)!.rows.length}
                continued={false}
              />
            ),
          )}
        </div>
      </Sheet>
    </div>
  );
}

function height(el: Element | null): number {
  return el ? el.getBoundingClientRect().height : 0;
}
