/**
 * Moving a read result between threads without copying the columns: each typed array is
 * trimmed to its length (readers grow columns with spare capacity) and its buffer transferred.
 */
import type { EvidenceRead } from './intake-read';

type Column = Float64Array | Uint8Array | Int32Array;

/** The per-fix cell index of call detail records (`CdrResult.recordCells`), when the result has one. */
function cellColumn(result: object): Int32Array | undefined {
  const cells = (result as { recordCells?: unknown }).recordCells;
  return cells instanceof Int32Array ? cells : undefined;
}

/** Replaces every column by an exactly sized one, so no spare capacity travels or lingers. */
export function trimColumns(read: EvidenceRead): void {
  if (!read.ok) return;
  const { result } = read;
  const fixes = result.fixes;
  fixes.t = trim(fixes.t, fixes.count);
  fixes.lat = trim(fixes.lat, fixes.count);
  fixes.lon = trim(fixes.lon, fixes.count);
  if (fixes.ele) fixes.ele = trim(fixes.ele, fixes.count);
  if (fixes.accuracyM) fixes.accuracyM = trim(fixes.accuracyM, fixes.count);
  if (fixes.speedMps) fixes.speedMps = trim(fixes.speedMps, fixes.count);
  if (fixes.headingDeg) fixes.headingDeg = trim(fixes.headingDeg, fixes.count);
  result.fixTimeBasis = trim(result.fixTimeBasis, fixes.count);
  const cells = cellColumn(result);
  if (cells) (result as { recordCells?: Int32Array }).recordCells = trim(cells, fixes.count);
}

/** Trims the columns and returns their buffers, for postMessage's transfer list. */
export function prepareTransfer(read: EvidenceRead): ArrayBuffer[] {
  if (!read.ok) return [];
  trimColumns(read);
  const { fixes, fixTimeBasis } = read.result;
  const columns: Column[] = [fixes.t, fixes.lat, fixes.lon, fixTimeBasis];
  const cells = cellColumn(read.result);
  if (cells) columns.push(cells);
  for (const optional of [fixes.ele, fixes.accuracyM, fixes.speedMps, fixes.headingDeg]) {
    if (optional) columns.push(optional);
  }
  // A buffer listed twice makes postMessage throw; after trimming each column owns its own.
  const buffers = new Set<ArrayBuffer>();
  for (const column of columns) {
    if (column.buffer instanceof ArrayBuffer && column.buffer.byteLength > 0)
      buffers.add(column.buffer);
  }
  return [...buffers];
}

function trim<T extends Column>(column: T, count: number): T {
  const view = column.length === count ? column : (column.subarray(0, count) as T);
  const exact = view.byteOffset === 0 && view.buffer.byteLength === view.byteLength;
  return exact ? view : (view.slice() as T);
}
