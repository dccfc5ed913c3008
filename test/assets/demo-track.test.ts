import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_GPX_PATH, buildDemo, generateDemoTrack } from '../../assets/demo/build-demo';

const repoRoot = resolve(import.meta.dirname, '../..');
const schema = resolve(repoRoot, '../shared/schemas/gpx-1.1.xsd');

function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const canValidate = existsSync(schema) && hasXmllint();
if (!canValidate)
  console.warn(
    'skipping GPX schema validation: xmllint or ../shared/schemas/gpx-1.1.xsd not present',
  );

function parsePoints(gpx: string) {
  return [
    ...gpx.matchAll(
      /<trkpt lat="([-\d.]+)" lon="([-\d.]+)"><ele>[-\d.]+<\/ele><time>([^<]+)<\/time>/g,
    ),
  ].map((m) => ({
    lat: Number(m[1]),
    lon: Number(m[2]),
    t: Date.parse(m[3]!),
    time: m[3]!,
  }));
}

function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  return Math.hypot(x, (b.lat - a.lat) * k) * 6_371_000;
}

describe('demo truck GPX', () => {
  it('is byte-identical when regenerated, and the committed file is current', () => {
    const a = generateDemoTrack().gpx;
    expect(generateDemoTrack().gpx).toBe(a);
    expect(readFileSync(DEMO_GPX_PATH, 'utf8')).toBe(a);
    const dir = mkdtempSync(join(tmpdir(), 'itinera-demo-'));
    expect(buildDemo(join(dir, 'demo.gpx')).written).toBe(true);
    expect(readFileSync(join(dir, 'demo.gpx'), 'utf8')).toBe(a);
  });

  it('looks like a night truck journey: UTC times, 30 s fixes, motorway speeds, standing stops', () => {
    const { gpx, stops } = generateDemoTrack();
    const points = parsePoints(gpx);
    expect(points.length).toBeGreaterThanOrEqual(1_500);
    expect(points.length).toBeLessThanOrEqual(3_000);
    for (const p of points) expect(p.time).toMatch(/^2024-04-1[67]T\d\d:\d\d:\d\dZ$/);
    const speeds: number[] = [];
    for (let i = 1; i < points.length; i++) {
      const dt = (points[i]!.t - points[i - 1]!.t) / 1000;
      expect(dt).toBeGreaterThan(20);
      expect(dt).toBeLessThan(40);
      speeds.push((metres(points[i - 1]!, points[i]!) / dt) * 3.6);
    }
    expect(Math.max(...speeds)).toBeLessThan(100);
    const moving = speeds.filter((s) => s > 60).sort((a, b) => a - b);
    expect(moving[Math.floor(moving.length / 2)]).toBeGreaterThan(75);
    expect(stops.map((s) => s.label)).toEqual(
      expect.arrayContaining(['E40 car park near Jabbeke']),
    );
    expect(stops.length).toBeGreaterThanOrEqual(2);
    expect(stops.length).toBeLessThanOrEqual(4);
    const jabbeke = stops.find((s) => s.label.includes('Jabbeke'))!;
    expect((jabbeke.end - jabbeke.start) / 60_000).toBeGreaterThan(40);
    const atStop = points.filter((p) => p.t >= jabbeke.start && p.t <= jabbeke.end);
    for (const p of atStop) expect(metres(p, jabbeke)).toBeLessThan(40);
    expect(gpx).toContain('creator="Itinera demo generator"');
    expect(gpx).toMatch(/<desc>SYNTHETIC/);
    expect(points[0]!.lon).toBeLessThan(2); // Calais
    expect(points[points.length - 1]!.lat).toBeGreaterThan(51.5); // near Breda
  });

  it.skipIf(!canValidate)('is valid GPX 1.1 (xmllint against the XSD)', () => {
    expect(() =>
      execFileSync('xmllint', ['--noout', '--schema', schema, DEMO_GPX_PATH], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
