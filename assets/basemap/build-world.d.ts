import { type ArchiveStats } from '../lib/pmtiles-writer';
export interface WorldBuildResult {
  stats: ArchiveStats;
  tilesPerZoom: number[];
  phasesMs: Record<string, number>;
}
export declare function buildWorld(outPath: string, maxZoom?: number): WorldBuildResult;
