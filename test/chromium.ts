/**
 * The browser the tests drive: Debian's Chromium through playwright-core (nothing downloaded).
 * One place for its path, the message when it is missing, and how it is launched.
 */
import * as fs from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** "" when Chromium is installed; otherwise what to install (for skipWithout, ./needs-tool.ts). */
export function chromiumMissing(): string {
  return fs.existsSync(CHROMIUM) ? "" : `${CHROMIUM} not found (apt-get install -y --no-install-recommends chromium)`;
}

/** Flags every launch needs in a container: no sandbox (root), no GPU. */
const BASE_ARGS = ["--no-sandbox", "--disable-gpu"];

/** A headless browser with a throwaway profile, for pages that need nothing else. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: BASE_ARGS });
}

/**
 * A headless browser on the profile folder `profile`, with none of the browser's own traffic
 * (updates, sync, field trials, QUIC probes), so a test can assert that no request leaves the machine.
 */
export async function launchQuietProfile(
  profile: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<BrowserContext> {
  const { chromium } = await import("playwright-core");
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: [
      ...BASE_ARGS,
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
