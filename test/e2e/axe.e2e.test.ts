import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locale, type Lang } from '../../src/web/i18n/index.js';
import { describeBrowser, launchBrowser, stayLocal, type E2eBrowser } from '../support/browser.js';
import { E2E_ORG, E2E_REPORT, E2E_TARGET, startE2eServer, type E2eServer } from '../support/e2e-server.js';
import { PASSWORD } from '../support/people.js';
import { insertExplanation } from '../support/scorecard-fixtures.js';

/**
 * axe-core in Chromium on every page type, in both languages: no violation of the WCAG 2.0, 2.1 and 2.2
 * A and AA rules — public pages, the signed-in forms (as an organisation's admin), the audit trail and a
 * decision form (as a coordinator) and the 404 page. A failure lists each violation with the elements
 * it concerns.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string; html: string }[];
}

let server: E2eServer;
let browser: E2eBrowser;
let explanationId = 0;

/** Runs axe on the page (injected once per document). */
async function violationsOf(page: Page): Promise<Violation[]> {
  // Strings run in the page (this project has no DOM types).
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(AXE);
  return page.evaluate<Violation[]>(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary || '', html: n.html })) })))`);
}

/** The violations, readable: rule, impact, help, then per element its selector, HTML and what to fix. */
export function describeViolations(path: string, violations: readonly Violation[]): string {
  return violations
    .map((v) =>
      [
        `${path}: [${v.impact ?? '?'}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map((n) => `    ${JSON.stringify(n.target)}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
      ].join('\n'),
    )
    .join('\n');
}

async function expectNoViolations(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(`${server.origin}${path}`);
  expect(response?.status(), path).toBe(status);
  const violations = await violationsOf(page);
  expect(violations.length, `axe violations on ${path}:\n${describeViolations(path, violations)}`).toBe(0);
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto(`${server.origin}/login?next=%2Faccount`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('main form button[type=submit]').last().click();
  await page.waitForURL(/\/account$/);
}

const PUBLIC = [
  '/',
  '/progress',
  '/organisations',
  '/organisations?q=Amsterdam',
  `/organisations/${E2E_ORG}`,
  `/organisations/${E2E_ORG}/changes`,
  `/targets/${E2E_TARGET}`,
  '/targets/web-https-hsts',
  `/compare?org=${E2E_ORG}&org=pv27`,
  '/reports',
  '/accessibility',
  `/reports/${E2E_REPORT}`,
  '/explanations',
  '/domains/amsterdam.nl',
  '/scans',
  '/about',
  '/login',
];

describeBrowser('axe on every page type', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    explanationId = await insertExplanation(server.store.db, {
      scope: 'finding',
      target_id: E2E_TARGET,
      organisation_code: E2E_ORG,
      domain: 'amsterdam.nl',
      check_id: 'mail.dane',
      reason: 'De mailleverancier ondersteunt DANE pas volgend jaar.',
      state: 'proposed',
    });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  for (const lang of ['nl', 'en'] as const satisfies readonly Lang[]) {
    describe(lang === 'nl' ? 'in Dutch' : 'in English', () => {
      let context: BrowserContext;
      let page: Page;
      let outside: string[];

      beforeAll(async () => {
        context = await browser.context({ locale: lang === 'nl' ? 'nl-NL' : 'en-GB', bypassCSP: true });
        outside = await stayLocal(context);
        page = await context.newPage();
      });
      afterAll(async () => {
        await context.close();
        expect(outside).toEqual([]);
      });

      it('finds no violations on the public pages', async () => {
        for (const path of [...PUBLIC, `/explanations/${String(explanationId)}`]) await expectNoViolations(page, path);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await expectNoViolations(page, '/no/such/page', 404);
      }, 90_000);

      it("finds no violations on an organisation admin's pages", async () => {
        await context.clearCookies();
        await logIn(page, server.people.admin.email);
        for (const path of [
          '/account',
          `/organisations/${E2E_ORG}`,
          `/organisations/${E2E_ORG}/users`,
          `/organisations/${E2E_ORG}/commitments/${E2E_TARGET}/edit`,
          `/organisations/${E2E_ORG}/explanations/new?target=${E2E_TARGET}`,
        ]) {
          await expectNoViolations(page, path);
        }
        // A form sent back with problems (error summary, invalid fields): a milestone without its percentage.
        await page.goto(`${server.origin}/organisations/${E2E_ORG}/commitments/${E2E_TARGET}/edit`);
        await page.locator('#plannedDate').fill('2027-06-30');
        await page.locator('#milestone-1-date').fill('2027-01-01');
        await page.getByRole('button', { name: locale(lang).t.account.commitment.save, exact: true }).click();
        await page.waitForLoadState();
        const violations = await violationsOf(page);
        expect(violations.length, describeViolations('commitment form with problems', violations)).toBe(0);
      });

      it("finds no violations on a coordinator's pages", async () => {
        await context.clearCookies();
        await logIn(page, server.people.coordinator.email);
        for (const path of ['/account', '/audit', `/organisations/${E2E_ORG}/changes`, `/explanations/${String(explanationId)}`]) await expectNoViolations(page, path);
      });
    });
  }
});
