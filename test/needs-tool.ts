/**
 * The rule for tests that need a tool the machine may lack (numpy, Chromium, Jupyter): without it,
 * a local run skips the test with a message saying what to install; under CI=true the test runs
 * anyway and fails, so a CI machine missing a tool can never pass by skipping.
 *
 *   test("…", { skip: skipWithout(missingTool) }, …)   // missingTool: "" or what is missing
 */
export function skipWithout(missing: string): string | false {
  if (!missing || process.env.CI === "true") return false;
  console.log(`# skipped: ${missing}`);
  return missing;
}
