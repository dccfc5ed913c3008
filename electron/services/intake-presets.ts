/**
 * The examiner's own table-mapping presets, kept in one JSON file in the user data directory
 * (Electron's `userData`; a temporary directory in tests). Built-in presets are listed with
 * them but never written. Every preset read back is checked again with `validatePreset`: a
 * file edited by hand cannot smuggle a malformed mapping into the intake.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PresetInfo } from '../../shared/api';
import {
  BUILTIN_PRESETS,
  validatePreset,
  type TablePreset,
} from '../../shared/formats/table/presets';

export const PRESETS_FILE = 'table-presets.json';
const FILE_VERSION = 1;

export class PresetError extends Error {
  override name = 'PresetError';
  constructor(
    readonly code: 'presets.invalid' | 'presets.builtin' | 'presets.not-found',
    message: string,
  ) {
    super(message);
  }
}

export function builtinPresetInfos(): PresetInfo[] {
  return BUILTIN_PRESETS.map((preset) => ({ preset, origin: 'builtin' as const }));
}

export class PresetStore {
  /** Writes are serialised so two saves never interleave their read-modify-write. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void = (m) => console.warn(m),
  ) {}

  get file(): string {
    return join(this.dir, PRESETS_FILE);
  }

  /** Built-ins first, then the user's, each with its origin. */
  async list(): Promise<PresetInfo[]> {
    await this.queue.catch(() => undefined);
    const user = await this.readUser();
    return [
      ...builtinPresetInfos(),
      ...user.map((preset) => ({ preset, origin: 'user' as const })),
    ];
  }

  async userPresets(): Promise<TablePreset[]> {
    await this.queue.catch(() => undefined);
    return this.readUser();
  }

  /** Adds or replaces (by id) a user preset. */
  save(input: unknown): Promise<PresetInfo[]> {
    const checked = validatePreset(input);
    if (!checked.ok) {
      return Promise.reject(
        new PresetError(
          'presets.invalid',
          `invalid preset: ${checked.errors.slice(0, 3).join('; ')}`,
        ),
      );
    }
    const preset = checked.preset;
    if (BUILTIN_PRESETS.some((p) => p.id === preset.id)) {
      return Promise.reject(
        new PresetError(
          'presets.builtin',
          `"${preset.id}" is a built-in preset and cannot be replaced`,
        ),
      );
    }
    return this.mutate((presets) => [...presets.filter((p) => p.id !== preset.id), preset]);
  }

  delete(id: string): Promise<PresetInfo[]> {
    if (BUILTIN_PRESETS.some((p) => p.id === id)) {
      return Promise.reject(
        new PresetError('presets.builtin', `"${id}" is a built-in preset and cannot be deleted`),
      );
    }
    return this.mutate((presets) => {
      if (!presets.some((p) => p.id === id))
        throw new PresetError('presets.not-found', `no user preset "${id}"`);
      return presets.filter((p) => p.id !== id);
    });
  }

  private mutate(change: (presets: TablePreset[]) => TablePreset[]): Promise<PresetInfo[]> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const next = change(await this.readUser());
        await this.writeUser(next);
      });
    this.queue = run;
    return run.then(() => this.list());
  }

  private async readUser(): Promise<TablePreset[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.warn(`presets: ${this.file} is not valid JSON; no user presets loaded`);
      return [];
    }
    const list = (parsed as { presets?: unknown } | null)?.presets;
    if (!Array.isArray(list)) {
      this.warn(`presets: ${this.file} has no "presets" list; no user presets loaded`);
      return [];
    }
    const out: TablePreset[] = [];
    list.forEach((item: unknown, k) => {
      const checked = validatePreset(item);
      if (checked.ok) out.push(checked.preset);
      else this.warn(`presets: entry ${k} of ${this.file} skipped: ${checked.errors.join('; ')}`);
    });
    return out;
  }

  private async writeUser(presets: TablePreset[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Write then rename: a crash mid-write never leaves a truncated presets file.
    const partial = `${this.file}.partial-${process.pid}`;
    await writeFile(
      partial,
      `${JSON.stringify({ version: FILE_VERSION, presets }, null, 2)}\n`,
      'utf8',
    );
    await rename(partial, this.file);
  }
}
