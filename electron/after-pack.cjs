/**
 * electron-builder `afterPack` hook: flips Electron fuses in the packaged binary before it is
 * signed. FUSES must equal FUSE_SETTINGS in electron/security.ts (this hook runs as plain
 * CommonJS, so it keeps its own copy; test/electron/security.test.ts checks both agree and
 * runs this hook against a stand-in binary).
 */
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

/** Path of the Electron executable (or .app bundle) electron-builder just laid out. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

function fuseConfig(context) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: true };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`after-pack: unknown fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  // Flipping fuses breaks the ad-hoc signature arm64 macOS requires; re-sign ad hoc.
  const isDarwin =
    context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  config.resetAdHocDarwinSignature = isDarwin && isArm64(context.arch);
  return config;
}

function isArm64(arch) {
  if (arch === 'arm64') return true;
  // electron-builder passes its Arch enum (a number).
  const { Arch } = require('electron-builder');
  return arch === Arch.arm64;
}

async function afterPack(context) {
  const binary = electronBinaryPath(context);
  await flipFuses(binary, fuseConfig(context));
  console.log(`after-pack: fuses set on ${path.basename(binary)}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinaryPath = electronBinaryPath;
module.exports.fuseConfig = fuseConfig;
