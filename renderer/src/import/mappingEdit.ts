/**
 * Pure edits of a table mapping made in the mapping step, kept out of the dialog so they can
 * be tested without a DOM.
 */
import {
  COLUMN_ROLES,
  type ColumnRole,
  type TableMapping,
} from '../../../shared/formats/table/mapping';
import { applyPreset, type TablePreset } from '../../../shared/formats/table/presets';

export const ROLE_CHOICES: readonly ColumnRole[] = COLUMN_ROLES;

/** The header row of a preview, when the mapping says there is one. */
export function headerRow(
  mapping: TableMapping,
  rows: readonly string[][],
  lines: readonly number[],
): string[] | undefined {
  if (!mapping.dialect.header) return undefined;
  const k = lines.findIndex((line) => line > mapping.dialect.skipRows);
  return k < 0 ? undefined : rows[k];
}

/** Sets (or clears, with null) the role of column `index`; its other settings stay when the role does. */
export function setColumnRole(
  mapping: TableMapping,
  index: number,
  role: ColumnRole | null,
  header: string | undefined,
): TableMapping {
  const current = mapping.columns.find((c) => c.index === index);
  if (current && current.role === role) return mapping;
  const others = mapping.columns.filter((c) => c.index !== index);
  // Edited by hand: no longer the preset it came from.
  const { preset: _preset, ...rest } = mapping;
  void _preset;
  if (role === null) return { ...rest, columns: others };
  const column: TableMapping['columns'][number] = { index, role };
  if (header !== undefined && header.trim() !== '') column.header = header.trim();
  return { ...rest, columns: [...others, column].sort((a, b) => a.index - b.index) };
}

/**
 * The preset's column roles and settings applied to this file, keeping the detected dialect
 * (the preview was tokenized with it) and its encoding. Null when a required column is missing.
 */
export function mappingFromPreset(
  preset: TablePreset,
  current: TableMapping,
  rows: readonly string[][],
  lines: readonly number[],
): TableMapping | null {
  const header = headerRow(
    { ...current, dialect: { ...current.dialect, header: preset.mapping.dialect.header } },
    rows,
    lines,
  );
  const applied = applyPreset(preset, header);
  if (!applied) return null;
  return {
    ...applied,
    dialect: {
      ...current.dialect,
      header: preset.mapping.dialect.header,
      decimalComma: preset.mapping.dialect.decimalComma,
    },
    timeZone: applied.timeZone ?? current.timeZone ?? 'UTC',
  };
}

/** A stable id for a user preset from its name, so saving twice under one name replaces it. */
export function userPresetId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `user-${slug || 'preset'}`;
}

/**
 * A user preset that recognises this layout again: by the mapped columns' header names when
 * the file has a header, else by its number of columns.
 */
export function presetFromMapping(
  name: string,
  mapping: TableMapping,
  header: readonly string[] | undefined,
  width: number,
): TablePreset {
  const byHeader =
    header !== undefined && mapping.columns.every((c) => (header[c.index] ?? '').trim() !== '');
  const columns = mapping.columns.map((c) => {
    const out: TablePreset['mapping']['columns'][number] = byHeader
      ? { header: header![c.index]!.trim(), role: c.role }
      : { index: c.index, role: c.role };
    if (c.format !== undefined) out.format = c.format;
    if (c.codes !== undefined) out.codes = c.codes;
    return out;
  });
  const { columns: _columns, preset: _preset, ...rest } = mapping;
  void _columns;
  void _preset;
  return {
    id: userPresetId(name),
    label: name.trim(),
    signature: byHeader
      ? { headers: columns.map((c) => c.header!) }
      : { columnCount: Math.max(1, width) },
    mapping: { ...rest, columns },
  };
}
