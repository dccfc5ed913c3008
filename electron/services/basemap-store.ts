/**
 * The basemap files the examiner added, remembered across starts as `basemaps.json` in the
 * app data directory: the path and what the file was when added, so a file that has gone
 * (an unplugged drive) is still listed, as missing, with its name. Written atomically.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { BasemapInfo } from '../../shared/api';

export const BASEMAP_STORE_FILE = 'basemaps.json';

export interface RememberedBasemap {
  id: string;
  path: string;
  /** ISO time the file was added. */
  addedAt: string;
  /** The probe from when it was added (or last opened). */
  info: BasemapInfo;
}

const numberTuple = <N extends 3 | 4>(n: N) => z.array(z.number()).length(n);

/** Loose on purpose: a field added later must not make an older list unreadable. */
const rememberedSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  path: z.string().min(1).max(4096),
  addedAt: z.string(),
  info: z
    .object({
      name: z.string(),
      kind: z.enum(['pmtiles', 'mbtiles']),
      size: z.number(),
      attribution: z.string(),
      tileType: z.enum(['vector', 'raster']),
      format: z.string(),
      schema: z.string(),
      role: z.enum(['basemap', 'overlay']),
      minzoom: z.number(),
      maxzoom: z.number(),
      bounds: numberTuple(4),
      center: numberTuple(3),
      vectorLayers: z.array(z.string()),
    })
    .passthrough(),
});

const storeSchema = z.object({ version: z.literal(1), basemaps: z.array(z.unknown()) });

export class BasemapStore {
  readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, BASEMAP_STORE_FILE);
  }

  /**
   * The remembered basemaps. A missing file is an empty list; an unreadable one too, with a
   * warning (the next save replaces it); an unreadable entry is skipped, the others kept.
   */
  async load(): Promise<RememberedBasemap[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    let parsed: z.infer<typeof storeSchema>;
    try {
      parsed = storeSchema.parse(JSON.parse(text));
    } catch {
      console.warn(`itinera: ${BASEMAP_STORE_FILE} is unreadable; starting without user basemaps`);
      return [];
    }
    const out: RememberedBasemap[] = [];
    for (const item of parsed.basemaps) {
      const entry = rememberedSchema.safeParse(item);
      if (entry.success) out.push(entry.data as unknown as RememberedBasemap);
    }
    return out;
  }

  async save(basemaps: readonly RememberedBasemap[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ version: 1, basemaps }, null, 2)}\n`, 'utf8');
    await rename(tmp, this.file);
  }
}
