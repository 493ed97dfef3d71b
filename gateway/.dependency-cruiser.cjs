/**
 * Architecture rules (issue 17), checked by src/architecture.test.ts in `npm test`:
 * platform machinery never imports a business module (only the composition root in app/ does),
 * and module folders do not import each other in a circle. The folder cycles that existed when
 * the rule was written are listed in src/architecture.test.ts (each to be removed, none to be
 * added; dependency-cruiser's known-violations file does not cover folder rules): a new one, or a
 * listed one that is gone but still listed, fails the test.
 */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-module',
      comment: 'gateway/src/platform is machinery: it must not know a business module (wire it in app/ instead).',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-folder-cycle',
      comment: 'Module folders import each other in a circle: move the shared part into one of them, a common module or the platform.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|\\.fixture\\.ts$|/testing/|/testing\\.ts$|^src/bench/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
