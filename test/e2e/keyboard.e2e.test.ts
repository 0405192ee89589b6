import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommitment } from '../../src/store/commitments.js';
import { locale, type Lang } from '../../src/web/i18n/index.js';
import { describeBrowser, launchBrowser, stayLocal, type E2eBrowser } from '../support/browser.js';
import { E2E_ORG, E2E_TARGET, startE2eServer, type E2eServer } from '../support/e2e-server.js';
import { PASSWORD } from '../support/people.js';

/**
 * Keyboard only: logging in and setting a planned date with Tab, Shift+Tab, Enter, Space and typing —
 * no clicks. The skip link is the first Tab stop and leads into the main content, and every element that
 * gets focus on the way shows it (an outline or a box shadow, WCAG 2.4.7).
 */

let server: E2eServer;
let browser: E2eBrowser;

interface Focused {
  /** A short description of the focused element, for messages. */
  what: string;
  visible: boolean;
  inMain: boolean;
  tag: string;
  id: string;
  name: string;
  href: string;
}

/** The focused element and whether its focus indicator is drawn (run in the page; this project has no DOM types). */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (el === null || el === document.body) return { what: 'body', visible: false, inMain: false, tag: 'body', id: '', name: '', href: '' };
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\\s+/g, ' ').trim();
  return {
    what: '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '> ' + name.slice(0, 60),
    visible: outline || shadow,
    inMain: el.closest('main') !== null,
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name,
    href: el.getAttribute('href') ?? '',
  };
})()`;

const focused = (page: Page): Promise<Focused> => page.evaluate<Focused>(FOCUSED);

/** A picture of the area around the focused element (its focus indicator may be drawn just outside it), in page coordinates. */
async function shotAroundFocus(page: Page): Promise<{ clip: { x: number; y: number; width: number; height: number }; png: Buffer } | undefined> {
  const box = await page.evaluate<{ x: number; y: number; width: number; height: number } | null>(
    `(() => { const e = document.activeElement; if (e === null || e === document.body) return null; const r = e.getBoundingClientRect(); return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }; })()`,
  );
  if (box === null) return undefined;
  const clip = { x: Math.max(0, box.x - 4), y: Math.max(0, box.y - 4), width: box.width + 8, height: box.height + 8 };
  return { clip, png: await page.screenshot({ clip, fullPage: true }) };
}

/**
 * Presses `key` (Tab or Shift+Tab) until `done` holds for the focused element, checking that every
 * element on the way shows its focus: by its computed outline or box shadow, or — for focus inside a
 * control's own parts, such as the calendar button of a date field, which Chromium rings itself — by
 * the area around it looking different once focus has moved on. Fails after `limit` presses.
 */
async function tabTo(page: Page, done: (f: Focused) => boolean, key = 'Tab', limit = 250): Promise<Focused> {
  let unstyled: { what: string; clip: { x: number; y: number; width: number; height: number }; png: Buffer } | undefined;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    if (unstyled !== undefined) {
      const after = await page.screenshot({ clip: unstyled.clip, fullPage: true });
      expect(after.equals(unstyled.png), `focus is visible on ${unstyled.what} (${page.url()})`).toBe(false);
      unstyled = undefined;
    }
    const f = await focused(page);
    if (!f.visible) {
      const shot = await shotAroundFocus(page).catch((error: unknown) => {
        throw new Error(`no picture of ${f.what}: ${String(error)}`);
      });
      expect(shot, `focus is visible on ${f.what} (${page.url()})`).toBeDefined();
      if (shot !== undefined) unstyled = { what: f.what, ...shot };
    }
    if (done(f)) {
      expect(f.visible, `focus is visible on ${f.what}`).toBe(true);
      return f;
    }
  }
  throw new Error(`no element found after ${String(limit)} presses of ${key} on ${page.url()}`);
}

type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** The digits to type into a date field for `iso` (YYYY-MM-DD), parts in `order`. */
function dateKeys(iso: string, order: DateOrder): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  return order.split('').map((part) => ({ y, m, d })[part as 'y' | 'm' | 'd']).join('');
}

/**
 * The order in which this Chromium's date fields take their parts. It follows the browser's own UI
 * language (not the page's or the context's locale), so it is found by typing into a field on a blank
 * page of the same context.
 */
async function dateOrderOf(context: BrowserContext): Promise<DateOrder> {
  const probe = await context.newPage();
  try {
    for (const order of ['dmy', 'mdy', 'ymd'] as const) {
      await probe.setContent('<input type="date" id="probe" aria-label="probe">');
      await probe.focus('#probe');
      await probe.keyboard.type(dateKeys('2003-01-02', order));
      if ((await probe.inputValue('#probe')) === '2003-01-02') return order;
    }
    throw new Error('could not find the order of the parts of a date field');
  } finally {
    await probe.close();
  }
}

describeBrowser('keyboard only', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  for (const lang of ['nl', 'en'] as const satisfies readonly Lang[]) {
    describe(lang === 'nl' ? 'in Dutch' : 'in English', () => {
      const { t } = locale(lang);
      let context: BrowserContext;
      let page: Page;
      let outside: string[];
      let order: DateOrder;

      beforeAll(async () => {
        // The browser's language decides the page's.
        context = await browser.context({ locale: lang === 'nl' ? 'nl-NL' : 'en-GB' });
        order = await dateOrderOf(context);
        outside = await stayLocal(context);
        page = await context.newPage();
      });
      afterAll(async () => {
        await context.close();
        expect(outside).toEqual([]);
      });

      it('starts with the skip link, which leads into the main content', async () => {
        await page.goto(`${server.origin}/organisations/${E2E_ORG}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await page.keyboard.press('Tab');
        const first = await focused(page);
        expect(first.href).toBe('#main');
        expect(first.name).toBe(t.layout.skipLink);
        expect(first.visible, 'the skip link shows its focus').toBe(true);
        expect(await page.locator('a[href="#main"]').boundingBox(), 'the skip link is on screen when focused').not.toBeNull();
        await page.keyboard.press('Enter');
        expect(new URL(page.url()).hash).toBe('#main');
        await page.keyboard.press('Tab');
        const next = await focused(page);
        expect(next.inMain, `after the skip link, Tab goes into main (got ${next.what})`).toBe(true);
      });

      it('logs in and sets a planned date without a mouse', async () => {
        await page.goto(`${server.origin}/organisations/${E2E_ORG}`);
        // To the login link in the header, then the form.
        await tabTo(page, (f) => f.tag === 'a' && f.name === t.auth.loginLink);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/login\?/);
        await tabTo(page, (f) => f.id === 'email');
        await page.keyboard.type(server.people.editor.email);
        await page.keyboard.press('Tab');
        expect((await focused(page)).id).toBe('password');
        await page.keyboard.type(PASSWORD);
        // Back to check the address, forward again, and to the button.
        await page.keyboard.press('Shift+Tab');
        expect((await focused(page)).id).toBe('email');
        expect(await page.inputValue('#email')).toBe(server.people.editor.email);
        await tabTo(page, (f) => f.tag === 'button' && f.name === t.auth.login.submit);
        await page.keyboard.press('Enter');
        await page.waitForURL(new RegExp(`/organisations/${E2E_ORG}$`));

        // The scorecard's edit link for the explainable target.
        const title = lang === 'nl' ? 'Veilige mail' : 'Secure mail';
        await tabTo(page, (f) => f.tag === 'a' && f.name === t.account.commitment.editLinkLabel(title));
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/commitments\/.*\/edit$/);
        await tabTo(page, (f) => f.id === 'plannedDate');
        const planned = lang === 'nl' ? '2027-06-30' : '2027-05-31';
        await page.keyboard.type(dateKeys(planned, order));
        expect(await page.inputValue('#plannedDate')).toBe(planned);
        await tabTo(page, (f) => f.tag === 'button' && f.name === t.account.commitment.save);
        await page.keyboard.press('Space');
        await page.waitForURL(/done=commitment-saved/);
        expect(await page.getByText(t.account.done['commitment-saved']).isVisible()).toBe(true);
        expect((await findCommitment(server.store.db, E2E_ORG, E2E_TARGET))?.plannedDate).toBe(planned);
      });
    });
  }
});
