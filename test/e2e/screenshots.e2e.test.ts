import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, stayLocal, type E2eBrowser } from '../support/browser.js';
import { E2E_ORG, E2E_REPORT, E2E_TARGET, startE2eServer, type E2eServer } from '../support/e2e-server.js';

/**
 * Full-page screenshots of the main pages at a desktop (1280×800) and a mobile (390×844) width in both
 * languages, written to test-results/screenshots/{lang}-{page}-{width}.png for a person to look at (the
 * folder is ignored by git).
 */

const DIR = path.join('test-results', 'screenshots');
const PAGES: Record<string, string> = {
  home: '/',
  progress: '/progress',
  organisations: '/organisations',
  scorecard: `/organisations/${E2E_ORG}`,
  target: `/targets/${E2E_TARGET}`,
  compare: `/compare?org=${E2E_ORG}&org=pv27`,
  report: `/reports/${E2E_REPORT}`,
  explanations: '/explanations',
  about: '/about',
  login: '/login',
};
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

let server: E2eServer;
let browser: E2eBrowser;

describeBrowser('screenshots of the main pages', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    mkdirSync(DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it('writes desktop and mobile screenshots in both languages', async () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const { width, height } of WIDTHS) {
        const context = await browser.context({ width, height, locale: lang === 'nl' ? 'nl-NL' : 'en-GB' });
        const outside = await stayLocal(context);
        const page = await context.newPage();
        for (const [name, href] of Object.entries(PAGES)) {
          const response = await page.goto(`${server.origin}${href}`);
          expect(response?.status(), href).toBe(200);
          const file = path.join(DIR, `${lang}-${name}-${String(width)}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect(statSync(file).size).toBeGreaterThan(5_000);
          // Nothing sticks out sideways at a phone's width (WCAG 1.4.10 reflow).
          const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
          expect(overflow, `${href} at ${String(width)} px scrolls sideways`).toBeLessThanOrEqual(0);
        }
        await context.close();
        expect(outside).toEqual([]);
      }
    }
  }, 120_000);
});
