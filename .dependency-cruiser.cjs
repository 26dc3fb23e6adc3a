/**
 * The library's layering, checked by `npm run lint` (dependency-cruiser): imports point down only,
 *   costs, activations, init, random → network → io, engines, training → notebook, tools → cli
 * and no module imports itself back round a loop, through run-time or type-only imports alike
 * (tsPreCompilationDeps: a cycle of `import type` still means a concept sits in the wrong file).
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "A cycle, even through type-only imports, means a concept sits in the wrong file.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
