// eslint (flat config): typescript-eslint, type-aware, over src/ and test/; plain rules over the
// JavaScript scripts, benchmarks and browser assets. `npm run lint -- --fix` fixes what it can.
// Import cycles are checked by dependency-cruiser (.dependency-cruiser.cjs), which, unlike
// eslint's no-cycle rules, also follows type-only imports.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "build/",
      "site/",
      "student/",
      "data/",
      "node_modules/",
      ".dist-next-*/",
      "test/fixtures/",
      "grades/",
    ],
  },
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { project: "./tsconfig.test.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's test() returns a promise the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: "package", name: ["test", "describe", "it", "suite"], package: "node:test" },
          ],
        },
      ],
      "@typescript-eslint/no-require-imports": "off", // CommonJS build: require() of optional tools and JSON is deliberate
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-control-regex": "off", // terminal output is matched with its ANSI escapes on purpose
      "no-regex-spaces": "off", // expected output is written as it prints: column alignment
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }] },
  },
  { files: ["**/*.mjs"], languageOptions: { sourceType: "module" } },
  // Browser scripts that outputs inline (src/**/assets/*.js): plain ES5 scripts, no modules.
  {
    files: ["src/**/assets/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser, Float64Array: "readonly" },
    },
  },
);
