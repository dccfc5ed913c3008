/** The demo case imported as the exports and `exhibit verify` see it, and GDAL readers for tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildGazetteer } from '../../assets/gazetteer/build';
import { buildDemoCase, demoCasePaths } from '../../assets/demo/build-demo-case';
import type { ImportedSource } from '../../shared/api';
import { defaultExhibitOptions, type ExhibitRequest } from '../../shared/exhibit/request';
import { defaultTimelineSettings } from '../../shared/timeline/derive';
import { importEvidence } from '../../electron/services/intake';

export const HAVE_OGR = existsSync('/usr/bin/ogrinfo') && existsSync('/usr/bin/ogr2ogr');
if (!HAVE_OGR)
  console.warn('skipping GDAL checks: ogrinfo/ogr2ogr not installed (apt-get install gdal-bin)');

/** Builds the demo case and gazetteer if needed; returns the case's evidence paths. */
export function demoPaths(dir?: string): string[] {
  buildGazetteer();
  buildDemoCase(dir);
  return demoCasePaths(dir);
}

export async function requestFor(
  paths: string[],
  zone = 'Europe/Brussels',
): Promise<ExhibitRequest> {
  const results = await importEvidence(paths);
  const sources: ImportedSource[] = results.flatMap((r) => (r.ok ? [r.source] : []));
  if (sources.length !== results.length)
    throw new Error(`not every file imported: ${paths.join(', ')}`);
  return {
    sources,
    settings: defaultTimelineSettings(zone),
    options: { ...defaultExhibitOptions('en'), displayZone: zone },
  };
}

export async function demoRequest(zone = 'Europe/Brussels'): Promise<{
  request: ExhibitRequest;
  paths: string[];
}> {
  const paths = demoPaths();
  return { request: await requestFor(paths, zone), paths };
}

export interface OgrFeature {
  properties: Record<string, string | number | boolean | null>;
  geometry: { type: string; coordinates: unknown } | null;
}

/** Layer names as GDAL lists them. */
export function ogrLayers(path: string): string[] {
  const run = spawnSync('ogrinfo', ['-ro', '-q', path], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ogrinfo failed on ${path}: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .map((line) => /^\d+: (.*)$/.exec(line.trim())?.[1])
    .map((name) =>
      // Layers of one geometry type are listed with it: `waypoints (Point)`.
      name?.replace(/ \((3D )?(Multi )?(Point|Line String|Polygon|Geometry Collection)\)$/, ''),
    )
    .filter((x): x is string => x !== undefined);
}

/** One layer as GDAL reads it, converted by ogr2ogr to GeoJSON. */
export function ogrFeatures(path: string, layer: string, where?: string): OgrFeature[] {
  const args = ['-f', 'GeoJSON', '/vsistdout/', path, layer];
  if (where !== undefined) args.push('-where', where);
  const run = spawnSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`ogr2ogr failed on ${path} ${layer}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { features: OgrFeature[] }).features;
}
