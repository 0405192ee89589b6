import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../src/progress/dates.js';
import { locale, type Lang } from '../../src/web/i18n/index.js';
import { describeBrowser, launchBrowser, pathOf, stayLocal, type E2eBrowser } from '../support/browser.js';
import { E2E_ORG, E2E_TARGET, startE2eServer, type E2eServer } from '../support/e2e-server.js';
import { PASSWORD } from '../support/people.js';

/**
 * The main journeys of issue 7 in a real browser, in Dutch (the default) and in English (chosen with the
 * language switch): find an organisation and read its scorecard, open a target and its map, download a
 * table, log in and set a planned date, propose an explanation and approve it as coordinator. Locators
 * go by role and label, as a screen reader user would find things.
 */

let server: E2eServer;
let browser: E2eBrowser;

const TARGET_TITLE: Record<Lang, string> = { nl: 'Veilige mail', en: 'Secure mail' };
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Logs in through the header's login link; the login sends the browser back to the page it came from. */
async function logIn(page: Page, lang: Lang, email: string): Promise<void> {
  const { t } = locale(lang);
  const back = pathOf(page);
  await page.getByRole('navigation', { name: t.auth.userNav }).getByRole('link', { name: t.auth.loginLink }).click();
  await page.waitForURL(/\/login\?/);
  await page.getByLabel(t.auth.login.email).fill(email);
  await page.getByLabel(t.auth.login.password).fill(PASSWORD);
  await page.getByRole('main').getByRole('button', { name: t.auth.login.submit }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === back);
  await page.getByRole('button', { name: t.auth.logout }).waitFor();
}

describeBrowser('journeys in a real browser', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  for (const lang of ['nl', 'en'] as const) {
    describe(`in ${lang === 'nl' ? 'Dutch' : 'English'}`, () => {
      const { t } = locale(lang);
      const title = TARGET_TITLE[lang];
      let context: BrowserContext;
      let page: Page;
      let outside: string[];
      let explanation = '';

      beforeAll(async () => {
        context = await browser.context();
        outside = await stayLocal(context);
        page = await context.newPage();
        await page.goto(`${server.origin}/`);
        if (lang === 'en') {
          await page.getByRole('navigation', { name: locale('nl').t.layout.languageNav }).getByRole('link', { name: 'English' }).click();
          await page.waitForURL(/lang=en/);
        }
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
      });
      afterAll(async () => {
        await context.close();
        expect(outside, 'requests to other addresses than 127.0.0.1').toEqual([]);
      });

      it('finds an organisation and reads its scorecard', async () => {
        await page.getByRole('navigation', { name: t.layout.primaryNav }).getByRole('link', { name: t.nav.organisations }).click();
        await page.waitForURL(/\/organisations$/);
        await page.getByRole('search').getByLabel(t.organisations.q).fill('Amsterdam');
        await page.getByRole('search').getByRole('button', { name: t.organisations.submit }).click();
        await page.waitForURL(/q=Amsterdam/);
        // The language stays as chosen (the switch sets a cookie).
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await page.getByRole('table').getByRole('link', { name: 'Gemeente Amsterdam' }).click();
        await page.waitForURL(new RegExp(`/organisations/${E2E_ORG}$`));
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Gemeente Amsterdam');
        expect(await page.getByRole('link', { name: title, exact: true }).count()).toBeGreaterThan(0);
      });

      it('opens a target and its map, with a text alternative and a table', async () => {
        await page.getByRole('link', { name: title, exact: true }).first().click();
        await page.waitForURL(new RegExp(`/targets/${E2E_TARGET}`));
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
        const map = page.locator('svg.thorbecke-map').first();
        await map.waitFor();
        expect(await map.getAttribute('role')).toBe('img');
        const [titleId, descId] = ((await map.getAttribute('aria-labelledby')) ?? '').split(' ');
        expect(await page.locator(`[id="${titleId ?? ''}"]`).textContent()).not.toBe('');
        expect(await page.locator(`[id="${descId ?? ''}"]`).textContent()).toMatch(/\d/);
        // The text alternative links to the table with the same data.
        const toTable = page.getByRole('link', { name: locale(lang).t.dashboard.map.toTable }).first();
        const href = (await toTable.getAttribute('href')) ?? '';
        await toTable.click();
        await page.waitForURL((url) => url.hash === href);
        const table = page.getByRole('table').filter({ hasText: 'Amsterdam' }).last();
        expect(await table.getByRole('row').count()).toBeGreaterThan(1);
      });

      it('downloads a table as CSV', async () => {
        await page.goto(`${server.origin}/organisations/${E2E_ORG}`);
        const link = page.getByRole('link', { name: new RegExp(`^${escape(t.openData.csv)} .*${escape(t.scorecard.downloadProgress)}`) }).first();
        const href = (await link.getAttribute('href')) ?? '';
        expect(href).toMatch(/^\/data\/.*\.csv/);
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toMatch(/\.csv$/);
        const file = await readFile(await download.path(), 'utf8');
        const response = await page.request.get(`${server.origin}${href}`);
        expect(response.headers()['content-type']).toMatch(/^text\/csv/);
        const firstLine = file.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
        expect(firstLine).toMatch(/^organisationCode,organisationName,layer,provinceCode,targetId,status,value,/);
        expect((await response.text()).replace(/^\uFEFF/, '')).toBe(file.replace(/^\uFEFF/, ''));
      });

      it('logs in and sets a planned date', async () => {
        await logIn(page, lang, server.people.editor.email);
        const m = t.account.commitment;
        await page.getByRole('link', { name: m.editLinkLabel(title) }).click();
        await page.waitForURL(/\/commitments\/.*\/edit$/);
        await page.getByLabel(m.plannedDate, { exact: true }).fill(lang === 'nl' ? '2027-06-30' : '2027-05-31');
        await page.getByRole('button', { name: m.save, exact: true }).click();
        await page.waitForURL(/done=commitment-saved/);
        expect(await page.getByText(t.account.done['commitment-saved']).isVisible()).toBe(true);
      });

      it('proposes an explanation', async () => {
        const p = t.account.propose;
        await page.getByRole('link', { name: p.explainLinkLabel(title) }).click();
        await page.waitForURL(/\/explanations\/new/);
        await page.getByLabel(p.scope).selectOption({ label: lang === 'nl' ? p.scopes.target : p.scopes.domain });
        if (lang === 'en') await page.getByLabel(p.domain, { exact: true }).selectOption('amsterdam.nl');
        await page.getByLabel(p.reason).fill(lang === 'nl' ? 'De mailleverancier ondersteunt DANE pas volgend jaar.' : 'Our mail provider supports DANE next year.');
        await page.getByLabel(p.expiresOn).fill(addDays(isoDay(new Date()), 90));
        await page.getByRole('button', { name: p.submit }).click();
        await page.waitForURL(/\/explanations\/\d+\?done=explanation-proposed/);
        explanation = new URL(page.url()).pathname;
        expect(await page.getByText(t.account.done['explanation-proposed']).isVisible()).toBe(true);
      });

      it('is approved by a coordinator', async () => {
        const coordinator = await context.browser()?.newContext({ viewport: { width: 1280, height: 800 }, locale: lang === 'nl' ? 'nl-NL' : 'en-GB' });
        if (coordinator === undefined) throw new Error('no browser');
        const outsideToo = await stayLocal(coordinator);
        const other = await coordinator.newPage();
        try {
          await other.goto(`${server.origin}${explanation}`);
          expect(await other.getAttribute('html', 'lang')).toBe(lang);
          await logIn(other, lang, server.people.coordinator.email);
          await other.getByRole('button', { name: t.account.decision.approve, exact: true }).click();
          await other.waitForURL(/done=explanation-approved/);
          expect(await other.getByText(t.account.done['explanation-approved']).isVisible()).toBe(true);
          expect(outsideToo).toEqual([]);
        } finally {
          await coordinator.close();
        }
      });
    });
  }
});
