import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

/**
 * Debian's Chromium for the browser tests (playwright-core brings no browser of its own): headless,
 * without the sandbox (CI runs as root), without any background networking (the machines have no
 * Internet; Chromium would otherwise call home) and with a fresh profile (playwright-core makes a new
 * temporary one per launch and refuses --user-data-dir). Without Chromium the e2e suites
 * are skipped with a notice — except with CI=true, where a missing Chromium fails the run (.ci/run
 * installs it).
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => p !== undefined && p !== '');

function findChromium(): string | undefined {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found === undefined) {
    if (process.env.CI === 'true') throw new Error(`CI=true but no Chromium was found (looked at ${CANDIDATES.join(', ')}); install Debian's chromium.`);
    console.warn('NOTICE: no Chromium found (set CHROMIUM_PATH or install Debian\'s chromium); the browser tests are skipped.');
  }
  return found;
}

/** The Chromium executable, or undefined (the suites are then skipped). */
export const chromiumPath = findChromium();

/** `describeBrowser('journeys', () => { ... })`: a suite that runs only when Chromium is there. */
export const describeBrowser = (name: string, suite: () => void): void => {
  describe.skipIf(chromiumPath === undefined)(name, suite);
};

export interface E2eBrowser {
  browser: Browser;
  /**
   * A new context (own cookies) with a viewport and the browser's locale; `bypassCSP` lets a test inject
   * a script (axe-core) into pages whose Content-Security-Policy forbids that.
   */
  context(options?: { width?: number; height?: number; locale?: string; bypassCSP?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches Chromium with the flags above. */
export async function launchBrowser(): Promise<E2eBrowser> {
  if (chromiumPath === undefined) throw new Error('no Chromium');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    context: ({ width = 1280, height = 800, locale = 'nl-NL', bypassCSP = false } = {}) =>
      browser.newContext({ viewport: { width, height }, locale, acceptDownloads: true, bypassCSP }),
    close: async () => {
      await browser.close();
    },
  };
}

/** Fails the test when the page reaches any address but 127.0.0.1 (the tests stay on this machine). */
export async function stayLocal(context: BrowserContext): Promise<string[]> {
  const outside: string[] = [];
  await context.route(/.*/, (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  return outside;
}

/** The page's path and query. */
export const pathOf = (page: Page): string => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};
