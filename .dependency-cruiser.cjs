/**
 * The library's layering, checked by `npm run lint` (dependency-cruiser): imports point down only,
 *   costs, activations, init, random → network → io, engines, training → notebook, tools → cli
 * and no module imports itself back round a loop, through run-time or type-only imports alike
 * (tsPreCompilationDeps: a cycle of `import type` still means a concept sits in the wrong file).
 */
// The layers, bottom up (paths under src/).
const BASE =
  "^src/(activations|costs|init|random|errors|dataset|gradient|regularization|network-layers|validate|html|project-root|atomic-write|perceptron|sparse-input)\\.ts$";
const NETWORK = "^src/(network|backprop-batch|inference)\\.ts$";
const MNIST = "^src/mnist/";
const IO = "^src/io\\.ts$";
const ENGINES = "^src/engines/";
const TRAINING = "^src/training/";
const NOTEBOOK = "^src/notebook/";
const TOOLS = "^src/tools/";
const CLI = "^src/cli/";

/** Modules matching `from` must not import modules of any layer in `above`. */
function layer(name, from, above) {
  return {
    name: `layering: ${name}`,
    severity: "error",
    comment:
      "Imports point down: costs/activations/init/random → network → io, engines, training → notebook, tools → cli.",
    from: { path: from },
    to: { path: above.map((p) => `(${p})`).join("|") },
  };
}

module.exports = {
  forbidden: [
    layer("the network's parts", BASE, [NETWORK, IO, ENGINES, TRAINING, MNIST, NOTEBOOK, TOOLS, CLI]),
    layer("the network", NETWORK, [IO, ENGINES, TRAINING, NOTEBOOK, TOOLS, CLI]),
    layer("MNIST", MNIST, [NETWORK, IO, ENGINES, TRAINING, NOTEBOOK, TOOLS, CLI]),
    layer("network2.py's JSON (io)", IO, [ENGINES, TRAINING, NOTEBOOK, TOOLS, CLI]),
    layer("the engines", ENGINES, [IO, TRAINING, NOTEBOOK, TOOLS, CLI]),
    layer("the trainer", TRAINING, [IO, NOTEBOOK, TOOLS, CLI]),
    layer("the notebook helpers", NOTEBOOK, [TOOLS, CLI]),
    layer("the tools", TOOLS, [CLI]),
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
