/** Layer rules (DESIGN.md): checked in CI so a wrong import fails the build, not a review. */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-runtime-neutral',
      severity: 'error',
      comment:
        'shared/ may import npm libraries only: no Node builtins, no electron/, no renderer/.',
      from: { path: '^shared/' },
      to: { pathNot: '^(shared/|node_modules/)' },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      comment: 'renderer/ reaches the Node side only through window.itinera.',
      from: { path: '^renderer/' },
      to: { pathNot: '^(renderer/|shared/|node_modules/)' },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-not-renderer',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'only-glue-imports-electron',
      severity: 'error',
      comment: 'main, preload and the IPC binding are the only files that import electron.',
      from: { pathNot: '^electron/(main|preload|ipc)\\.ts$' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    // maplibre-gl, vite and friends are ESM-only: resolve through their export maps.
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
    },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
