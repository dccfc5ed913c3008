/**
 * Packaging: electron-builder.yml is valid for the installed electron-builder and ships what
 * the app needs, and the afterPack hook really flips the fuses (run against a stand-in binary
 * that carries Electron's fuse sentinel, since no Electron binary exists on this machine).
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSE_SETTINGS } from '../../electron/security';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

interface AfterPackModule {
  (context: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  fuseConfig(context: unknown): Record<string, unknown>;
  electronBinaryPath(context: unknown): string;
}
const afterPack = require(join(repoRoot, 'electron', 'after-pack.cjs')) as AfterPackModule;
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 49; // '1'
const DISABLE = 48; // '0'
const FUSE_NAMES = Object.keys(fuses.FuseV1Options).filter((k) => Number.isNaN(Number(k)));

/** A file laid out like the fuse wire of an Electron 41 binary, every fuse at the inverse of our wish. */
async function fakeElectronBinary(path: string): Promise<void> {
  const wire = FUSE_NAMES.map((name) =>
    (FUSE_SETTINGS as Record<string, boolean>)[name] ? DISABLE : ENABLE,
  );
  const body = Buffer.concat([
    Buffer.from('\x7fELF padding before the wire '),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, wire.length, ...wire]),
    Buffer.from(' padding after the wire'),
  ]);
  await writeFile(path, body);
}

/** The fuse states after the sentinel, read independently of @electron/fuses. */
async function readWire(path: string): Promise<number[]> {
  const bytes = await readFile(path);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  expect(bytes[at], 'wire version').toBe(1);
  return [...bytes.subarray(at + 2, at + 2 + bytes[at + 1]!)];
}

function context(platform: string, appOutDir: string, arch: number | string = 1): unknown {
  return {
    appOutDir,
    electronPlatformName: platform,
    arch,
    packager: { appInfo: { productFilename: 'Itinera' }, executableName: 'itinera' },
  };
}

describe('afterPack fuses', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-fuses-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the same fuse settings as security.ts, covering every fuse of @electron/fuses', () => {
    expect(afterPack.FUSES).toEqual(FUSE_SETTINGS);
    expect(Object.keys(afterPack.FUSES).sort()).toEqual([...FUSE_NAMES].sort());
  });

  it('asks @electron/fuses to fail on any fuse it does not set', () => {
    const config = afterPack.fuseConfig(context('linux', dir));
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(config.resetAdHocDarwinSignature).toBe(false);
    for (const [name, value] of Object.entries(FUSE_SETTINGS)) {
      expect(config[String(fuses.FuseV1Options[name])]).toBe(value);
    }
  });

  it('re-signs ad hoc only for arm64 macOS', () => {
    expect(afterPack.fuseConfig(context('darwin', dir, 'arm64')).resetAdHocDarwinSignature).toBe(
      true,
    );
    expect(afterPack.fuseConfig(context('darwin', dir, 3)).resetAdHocDarwinSignature).toBe(true);
    expect(afterPack.fuseConfig(context('darwin', dir, 1)).resetAdHocDarwinSignature).toBe(false);
    expect(afterPack.fuseConfig(context('win32', dir, 3)).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the executable on each platform', () => {
    expect(afterPack.electronBinaryPath(context('linux', '/out'))).toBe(join('/out', 'itinera'));
    expect(afterPack.electronBinaryPath(context('win32', '/out'))).toBe(
      join('/out', 'Itinera.exe'),
    );
    expect(afterPack.electronBinaryPath(context('darwin', '/out'))).toBe(
      join('/out', 'Itinera.app'),
    );
  });

  it.each(['linux', 'win32', 'darwin'])('flips every fuse in a %s binary', async (platform) => {
    const outDir = join(dir, platform);
    await mkdir(outDir, { recursive: true });
    const binary =
      platform === 'linux'
        ? join(outDir, 'itinera')
        : platform === 'win32'
          ? join(outDir, 'Itinera.exe')
          : join(
              outDir,
              'Itinera.app',
              'Contents',
              'Frameworks',
              'Electron Framework.framework',
              'Electron Framework',
            );
    await mkdir(resolve(binary, '..'), { recursive: true });
    await fakeElectronBinary(binary);

    await afterPack(context(platform, outDir));

    const wire = await readWire(binary);
    expect(wire.length).toBe(FUSE_NAMES.length);
    for (const [name, wanted] of Object.entries(FUSE_SETTINGS)) {
      const index = fuses.FuseV1Options[name] as number;
      expect(wire[index], name).toBe(wanted ? ENABLE : DISABLE);
    }
  });
});

describe('electron-builder.yml', () => {
  const load = async (): Promise<Record<string, unknown>> => {
    const yaml = require('js-yaml') as { load(text: string): unknown };
    return yaml.load(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
  };

  it('matches the installed electron-builder schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (on: boolean) => unknown;
    };
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator is real: an unknown key is refused.
    await expect(
      validateConfiguration({ ...config, notAKey: 1 }, new DebugLogger(false)),
    ).rejects.toThrow(/notAKey/);
  });

  it('packages the bundles, the basemap and the demo in an asar, with the fuse hook', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(
      expect.arrayContaining([
        'dist/**',
        'assets/basemap/world.pmtiles',
        'assets/demo/**',
        'package.json',
      ]),
    );
    expect(config.afterPack).toBe('electron/after-pack.cjs');
    await expect(stat(join(repoRoot, config.afterPack as string))).resolves.toBeTruthy();
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['assets/basemap/world.pmtiles', 'dist/electron/intake-worker.mjs']),
    );
  });

  it('targets Windows nsis+portable, macOS dmg, Linux AppImage+deb', async () => {
    const config = (await load()) as Record<string, { target: string[] }>;
    expect(config.win!.target).toEqual(['nsis', 'portable']);
    expect(config.mac!.target).toEqual(['dmg']);
    expect(config.linux!.target).toEqual(['AppImage', 'deb']);
  });

  it('starts the bundled main', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });
});
