/**
 * The selected pin or sketch, every field editable (each change one undo step), with what the
 * map knows of it: coordinates, the places around it, the nearest stop of the device timeline
 * (how far, and whether the witness's time overlaps it) and the distances to the other pins.
 */
import { useEffect, useState } from 'react';
import { formatCoordinates } from '../../../shared/geo/coordinates/format';
import type { PointDescription } from '../../../shared/geo/reverse';
import { formatDateTimeWithZone, type Locale } from '../../../shared/i18n';
import { compareWithStops, pathLengthM, pinDistanceM } from '../../../shared/testimony/compare';
import type { PinConfidence, TestimonyPin, TestimonySketch } from '../../../shared/testimony/types';
import { wallMinute, wallMinuteToUtc } from '../../../shared/testimony/wall-time';
import type { TimelineStop } from '../../../shared/timeline/types';
import { useT, type Translate } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { CONFIDENCES } from '../store/testimonySlice';
import { distanceText } from './format';
import { appPlaceSearch } from './placeSearchClient';

/** The phrase for a point ("3.4 km NW of Jabbeke, Belgium"), looked up when it moves. */
export function useDescription(lat: number, lon: number, locale: Locale): PointDescription | null {
  const [description, setDescription] = useState<PointDescription | null>(null);
  useEffect(() => {
    let live = true;
    setDescription(null);
    void appPlaceSearch()
      .describe(lat, lon, locale)
      .then((d) => {
        if (live) setDescription(d);
      });
    return () => {
      live = false;
    };
  }, [lat, lon, locale]);
  return description;
}

export function ConfidencePicker({
  value,
  onChange,
}: {
  value: PinConfidence;
  onChange: (c: PinConfidence) => void;
}) {
  const tr = useT();
  return (
    <div className="iv-confidence" role="radiogroup" aria-label={tr('interview.pin.confidence')}>
      {CONFIDENCES.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={value === c}
          className={`iv-confidence-option iv-confidence-${c}${value === c ? ' active' : ''}`}
          data-testid={`interview-confidence-${c}`}
          onClick={() => onChange(c)}
        >
          {tr(`interview.confidence.${c}`)}
        </button>
      ))}
    </div>
  );
}

function WallTimeField({
  label,
  value,
  zone,
  testId,
  onChange,
}: {
  label: string;
  value: number | undefined;
  zone: string;
  testId: string;
  onChange: (t: number | undefined) => void;
}) {
  return (
    <label className="iv-field">
      <span>{label}</span>
      <input
        type="datetime-local"
        data-testid={testId}
        value={value !== undefined ? wallMinute(value, zone) : ''}
        onChange={(e) => {
          if (e.target.value === '') onChange(undefined);
          else {
            const t = wallMinuteToUtc(e.target.value, zone);
            if (t !== null) onChange(t);
          }
        }}
      />
    </label>
  );
}

function StopComparisonView({
  pin,
  stops,
  tr,
}: {
  pin: TestimonyPin;
  stops: TimelineStop[];
  tr: Translate;
}) {
  const locale = useApp((s) => s.locale);
  const zone = useApp((s) => s.displayZone);
  const cmp = compareWithStops(pin, stops);
  if (!cmp) return <p className="iv-muted">{tr('interview.compare.noStops')}</p>;
  const overlap =
    cmp.overlap === 'overlaps'
      ? tr('interview.compare.overlaps')
      : cmp.overlap === 'disjoint'
        ? tr('interview.compare.disjoint', {
            hours: (Math.round(((cmp.gapMs ?? 0) / 3_600_000) * 10) / 10).toString(),
          })
        : tr('interview.compare.noWindow');
  return (
    <div className="iv-compare" data-testid="interview-compare" data-overlap={cmp.overlap}>
      <div>
        {tr('interview.compare.nearest', {
          n: cmp.stopN,
          distance: distanceText(locale, cmp.distanceM),
        })}
      </div>
      <div className="iv-muted">
        {formatDateTimeWithZone(locale, cmp.stopStart, zone)} –{' '}
        {formatDateTimeWithZone(locale, cmp.stopEnd, zone)}
      </div>
      <div className={`iv-overlap iv-overlap-${cmp.overlap}`}>{overlap}</div>
    </div>
  );
}

export function PinPanel({ pin }: { pin: TestimonyPin }) {
  const tr = useT();
  const store = useAppStore();
  const locale = useApp((s) => s.locale);
  const zone = useApp((s) => s.displayZone);
  const timeline = useApp((s) => s.timeline);
  const pins = useApp((s) => s.testimony.pins);
  const description = useDescription(pin.lat, pin.lon, locale);
  const stops = (timeline?.entries ?? []).filter((e): e is TimelineStop => e.type === 'stop');
  const update = store.getState().updatePin;
  const others = pins.filter((p) => p.hearingId === pin.hearingId && p.id !== pin.id);

  return (
    <section className="iv-card" data-testid="interview-pin-panel" data-pin-id={pin.id}>
      <label className="iv-field">
        <span>{tr('interview.pin.label')}</span>
        <input
          data-testid="interview-pin-label"
          value={pin.label}
          onChange={(e) => update(pin.id, { label: e.target.value })}
        />
      </label>
      <ConfidencePicker
        value={pin.confidence}
        onChange={(c) => update(pin.id, { confidence: c })}
      />
      <label className="iv-field">
        <span>{tr('interview.pin.note')}</span>
        <textarea
          data-testid="interview-pin-note"
          rows={2}
          value={pin.note}
          onChange={(e) => update(pin.id, { note: e.target.value })}
        />
      </label>
      <div className="iv-row">
        <label className="iv-field">
          <span>{tr('interview.pin.indicatedBy')}</span>
          <input
            data-testid="interview-pin-by"
            value={pin.indicatedBy}
            onChange={(e) => update(pin.id, { indicatedBy: e.target.value })}
          />
        </label>
        <label className="iv-field iv-narrow">
          <span>{tr('interview.pin.uncertainty')}</span>
          <input
            type="number"
            min={0}
            step={10}
            data-testid="interview-pin-uncertainty"
            value={pin.uncertaintyM ?? ''}
            onChange={(e) => {
              const v = Number(e.target.value);
              update(pin.id, {
                uncertaintyM: e.target.value === '' || !(v > 0) ? undefined : v,
              });
            }}
          />
        </label>
      </div>
      <div className="iv-muted" data-testid="interview-pin-at">
        {tr('interview.pin.indicatedAt', {
          time: formatDateTimeWithZone(locale, pin.indicatedAt, zone),
        })}
      </div>
      <fieldset className="iv-window">
        <legend>{tr('interview.pin.window')}</legend>
        <div className="iv-row">
          <WallTimeField
            label={tr('interview.pin.windowStart')}
            value={pin.window?.start}
            zone={zone}
            testId="interview-window-start"
            onChange={(start) => update(pin.id, { window: windowWith(pin, { start }) })}
          />
          <WallTimeField
            label={tr('interview.pin.windowEnd')}
            value={pin.window?.end}
            zone={zone}
            testId="interview-window-end"
            onChange={(end) => update(pin.id, { window: windowWith(pin, { end }) })}
          />
        </div>
        <input
          data-testid="interview-window-text"
          placeholder={tr('interview.pin.windowText')}
          aria-label={tr('interview.pin.windowText')}
          value={pin.window?.description ?? ''}
          onChange={(e) =>
            update(pin.id, { window: windowWith(pin, { description: e.target.value }) })
          }
        />
        <div className="iv-muted">{zone}</div>
      </fieldset>
      <div className="iv-where">
        <div className="iv-coords" data-testid="interview-pin-coords">
          {formatCoordinates(pin.lat, pin.lon, 'decimal')} ·{' '}
          {formatCoordinates(pin.lat, pin.lon, 'dms')}
        </div>
        <div data-testid="interview-pin-place">
          {description ? `≈ ${description.text}` : tr('interview.lookup.pending')}
        </div>
      </div>
      <h4>{tr('interview.compare.title')}</h4>
      <StopComparisonView pin={pin} stops={stops} tr={tr} />
      {others.length > 0 && (
        <>
          <h4>{tr('interview.distances')}</h4>
          <ul className="iv-distances" data-testid="interview-pin-distances">
            {others.map((o) => (
              <li key={o.id}>
                {o.label || tr('interview.pin.unnamed')}:{' '}
                {distanceText(locale, pinDistanceM(pin, o))}
              </li>
            ))}
          </ul>
        </>
      )}
      <button
        type="button"
        className="iv-danger"
        data-testid="interview-pin-remove"
        onClick={() => store.getState().removePin(pin.id)}
      >
        {tr('interview.pin.remove')}
      </button>
    </section>
  );
}

function windowWith(
  pin: TestimonyPin,
  patch: Partial<NonNullable<TestimonyPin['window']>>,
): TestimonyPin['window'] {
  const next = { description: '', ...pin.window, ...patch };
  if (next.start === undefined) delete next.start;
  if (next.end === undefined) delete next.end;
  return next.start === undefined && next.end === undefined && next.description === ''
    ? undefined
    : next;
}

export function SketchPanel({ sketch }: { sketch: TestimonySketch }) {
  const tr = useT();
  const store = useAppStore();
  const locale = useApp((s) => s.locale);
  const update = store.getState().updateSketch;
  return (
    <section className="iv-card" data-testid="interview-sketch-panel">
      <label className="iv-field">
        <span>{tr('interview.sketch.label')}</span>
        <input
          data-testid="interview-sketch-label"
          value={sketch.label}
          onChange={(e) => update(sketch.id, { label: e.target.value })}
        />
      </label>
      <ConfidencePicker
        value={sketch.confidence}
        onChange={(c) => update(sketch.id, { confidence: c })}
      />
      <label className="iv-field">
        <span>{tr('interview.pin.note')}</span>
        <textarea
          rows={2}
          value={sketch.note}
          onChange={(e) => update(sketch.id, { note: e.target.value })}
        />
      </label>
      <div data-testid="interview-sketch-length">
        {tr('interview.sketch.length', {
          distance: distanceText(locale, pathLengthM(sketch.points)),
          points: sketch.points.length,
        })}
      </div>
      <button
        type="button"
        className="iv-danger"
        onClick={() => store.getState().removeSketch(sketch.id)}
      >
        {tr('interview.sketch.remove')}
      </button>
    </section>
  );
}

/** What a right-click on the map asked about: the point, the places around it, "Pin here". */
export function LookupPanel({ lat, lon }: { lat: number; lon: number }) {
  const tr = useT();
  const store = useAppStore();
  const locale = useApp((s) => s.locale);
  const description = useDescription(lat, lon, locale);
  return (
    <section className="iv-card iv-lookup" data-testid="interview-lookup">
      <div className="iv-coords">{formatCoordinates(lat, lon, 'decimal')}</div>
      {description ? (
        <ul>
          {description.places.map((p) => (
            <li key={p.gazetteerIndex}>≈ {p.text}</li>
          ))}
        </ul>
      ) : (
        <div className="iv-muted">{tr('interview.lookup.pending')}</div>
      )}
      <button
        type="button"
        className="iv-small-button"
        onClick={() =>
          store.getState().addPin({ lat, lon, label: description?.places[0]?.name ?? '' })
        }
      >
        {tr('interview.pinHere')}
      </button>
    </section>
  );
}
