import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../src/progress/dates.js';
import { findCommitment } from '../../src/store/commitments.js';
import { findExplanation } from '../../src/store/explanations.js';
import { accountabilityStrategy } from '../support/accountability-fixtures.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, findAll, parseHtml, seedFederation, textOf, type TestApp } from '../support/web-app.js';
import { addAccount, csrfOf, get, login, post, submit } from '../support/web-session.js';

/**
 * The edit forms of the signed-in web UI: an organisation's planned date per target (set, refuse, clear),
 * proposing an explanation, and a coordinator's decision on it — with the links on the scorecard only for
 * those who may use them, the audit trail of every write, and 403 for another organisation.
 */

let t: TestApp;
let editor = '';
let coordinator = '';
const inDays = (n: number): string => addDays(isoDay(new Date()), n);
const EDIT = '/organisations/gm0363/commitments/mail-secure/edit';

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(accountabilityStrategy()));
  await seedFederation(t.store);
  await addAccount(t.store, 'editor@amsterdam.nl', { name: 'Eva Editor', memberships: [['gm0363', 'editor']] });
  await addAccount(t.store, 'coordinator@bzk.nl', { name: 'Cor Coördinator', globalRole: 'coordinator' });
  editor = (await login(t.app, 'editor@amsterdam.nl')).cookie;
  coordinator = (await login(t.app, 'coordinator@bzk.nl')).cookie;
});
afterAll(async () => {
  await t.store.close();
});

const summaryLinks = (html: string): string[] =>
  findAll(parseHtml(html), (el) => el.name === 'a' && (el.attrs.href ?? '').startsWith('#') && el.attrs.href !== '#main').map((a) => a.attrs.href ?? '');

describe('links on the scorecard', () => {
  it('shows edit links to the organisation’s editors only', async () => {
    const publicHtml = await (await get(t.app, '/organisations/gm0363')).text();
    expect(publicHtml).not.toContain(EDIT);
    const own = await (await get(t.app, '/organisations/gm0363', editor, 'en')).text();
    expect(own).toContain(`href="${EDIT}"`);
    expect(own).toContain('href="/organisations/gm0363/explanations/new?target=mail-secure"');
    expect(own).toContain('Edit planned date');
    expect(own).not.toContain('/organisations/gm0363/users');
    const other = await (await get(t.app, '/organisations/ws0155', editor)).text();
    expect(other).not.toContain('/commitments/');
  });
});

describe('planned dates', () => {
  it('sends the public to the login page and refuses another organisation (403)', async () => {
    const res = await get(t.app, EDIT);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/login?next=${encodeURIComponent(EDIT)}`);
    expect((await get(t.app, '/organisations/ws0155/commitments/mail-secure/edit', editor)).status).toBe(403);
    const page = await (await get(t.app, EDIT, editor)).text();
    const forged = await post(t.app, '/organisations/ws0155/commitments/mail-secure/edit', { _csrf: csrfOf(page), plannedDate: '2027-06-30' }, editor);
    expect(forged.status).toBe(403);
    expect(await findCommitment(t.store.db, 'ws0155', 'mail-secure')).toBeUndefined();
    expect((await get(t.app, '/organisations/gm0363/commitments/no-such-target/edit', editor)).status).toBe(404);
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`shows problems next to the fields and in a summary, keeping the values (${lang})`, async () => {
      const res = await submit(t.app, EDIT, EDIT, { plannedDate: '2027-06-30', note: 'Eerst de mailserver', 'milestone-1-date': '2027-09-01', 'milestone-1-value': '50', 'milestone-2-date': '2027-01-01' }, editor, lang);
      expect(res.status).toBe(400);
      const html = await res.text();
      const doc = parseHtml(html);
      // A half-filled milestone row is refused before anything else.
      expect(summaryLinks(html)).toEqual(['#milestone-2-value']);
      expect(textOf(byTag(doc, 'h2')[0] ?? doc)).toBe(lang === 'nl' ? 'Er is een probleem' : 'There is a problem');
      const date = findAll(doc, (el) => el.attrs.id === 'plannedDate')[0];
      expect(date?.attrs.value).toBe('2027-06-30');
      expect(html).toContain('Eerst de mailserver');
      const second = findAll(doc, (el) => el.attrs.id === 'milestone-2-value')[0];
      expect(second?.attrs['aria-describedby']).toBe('milestone-2-value-error');
      // The service's checks, located on the row they concern.
      const late = await submit(t.app, EDIT, EDIT, { plannedDate: '2027-06-30', 'milestone-2-date': '2027-09-01', 'milestone-2-value': '50' }, editor, lang);
      expect(late.status).toBe(400);
      const lateHtml = await late.text();
      expect(summaryLinks(lateHtml)).toEqual(['#milestone-2-date']);
      expect(lateHtml).toContain(lang === 'nl' ? 'kan niet na de geplande datum 2027-06-30 liggen' : 'cannot lie after the planned date 2027-06-30');
      expect(await findCommitment(t.store.db, 'gm0363', 'mail-secure')).toBeUndefined();
    });
  }

  it('sets its own planned date: 303 to the scorecard with a notice, recorded in the audit log', async () => {
    const res = await submit(t.app, EDIT, EDIT, { plannedDate: '2027-06-30', note: 'Migratie loopt', 'milestone-1-date': '2027-01-31', 'milestone-1-value': '50' }, editor);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/organisations/gm0363?done=commitment-saved#scorecard-mail-secure');
    const saved = await findCommitment(t.store.db, 'gm0363', 'mail-secure');
    expect(saved).toMatchObject({ plannedDate: '2027-06-30', note: 'Migratie loopt', setBy: 'Eva Editor', milestones: [{ date: '2027-01-31', value: 50 }] });
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'actor', 'via', 'organisation_code']).where('action', '=', 'commitment.set').execute();
    expect(audit).toEqual([{ action: 'commitment.set', actor: 'Eva Editor', via: 'web', organisation_code: 'gm0363' }]);
    const page = await (await get(t.app, '/organisations/gm0363?done=commitment-saved', editor)).text();
    expect(page).toContain('De geplande datum is opgeslagen.');
    // The form shows what is set now.
    const form = await (await get(t.app, EDIT, editor)).text();
    expect(findAll(parseHtml(form), (el) => el.attrs.id === 'plannedDate')[0]?.attrs.value).toBe('2027-06-30');
  });

  it('clears it again', async () => {
    const res = await submit(t.app, EDIT, '/organisations/gm0363/commitments/mail-secure/clear', {}, editor);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/organisations/gm0363?done=commitment-cleared#scorecard-mail-secure');
    expect(await findCommitment(t.store.db, 'gm0363', 'mail-secure')).toBeUndefined();
  });
});

describe('explanations', () => {
  let id = 0;
  const NEW = '/organisations/gm0363/explanations/new?target=mail-secure';

  it('proposes an explanation from the prefilled form', async () => {
    const form = await (await get(t.app, NEW, editor, 'en')).text();
    expect(findAll(parseHtml(form), (el) => el.name === 'option' && el.attrs.value === 'mail-secure')[0]?.attrs.selected).toBeDefined();
    const short = await post(t.app, '/organisations/gm0363/explanations', { _csrf: csrfOf(form), scope: 'target', targetId: 'mail-secure', reason: 'kort', expiresOn: inDays(400) }, editor, 'en');
    expect(short.status).toBe(400);
    expect(summaryLinks(await short.text())).toEqual(expect.arrayContaining(['#reason']));
    const res = await post(t.app, '/organisations/gm0363/explanations', { _csrf: csrfOf(form), scope: 'target', targetId: 'mail-secure', domain: '', checkId: '', reason: 'Het mailplatform wordt in 2027 vervangen.', expiresOn: inDays(90) }, editor, 'en');
    expect(res.status).toBe(303);
    const location = res.headers.get('Location') ?? '';
    expect(location).toMatch(/^\/explanations\/\d+\?done=explanation-proposed$/);
    id = Number(/\/explanations\/(\d+)/.exec(location)?.[1]);
    expect(await findExplanation(t.store.db, id)).toMatchObject({ state: 'proposed', author: 'Eva Editor', organisationCode: 'gm0363' });
    expect((await get(t.app, '/organisations/ws0155/explanations/new', editor)).status).toBe(403);
  });

  it('lets a coordinator approve it; the editor sees no decision form and may not decide', async () => {
    const editorView = await (await get(t.app, `/explanations/${String(id)}`, editor)).text();
    expect(editorView).not.toContain('/decision');
    const forged = await post(t.app, `/explanations/${String(id)}/decision`, { _csrf: csrfOf(editorView), decision: 'approve' }, editor);
    expect(forged.status).toBe(403);

    const page = `/explanations/${String(id)}`;
    const view = await (await get(t.app, page, coordinator, 'en')).text();
    expect(view).toContain(`action="/explanations/${String(id)}/decision"`);
    const noNote = await submit(t.app, page, `${page}/decision`, { decision: 'reject', note: '' }, coordinator);
    expect(noNote.status).toBe(400);
    expect(summaryLinks(await noNote.text())).toContain('#decision-note');

    const res = await submit(t.app, page, `${page}/decision`, { decision: 'approve', note: 'Akkoord tot de migratie' }, coordinator);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`${page}?done=explanation-approved`);
    expect(await findExplanation(t.store.db, id)).toMatchObject({ state: 'approved', decidedBy: 'Cor Coördinator', decisionNote: 'Akkoord tot de migratie' });
    const after = await (await get(t.app, `${page}?done=explanation-approved`, coordinator)).text();
    expect(after).toContain('De uitleg is goedgekeurd.');
    expect(after).not.toContain(`action="${page}/decision"`);
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'actor', 'via']).where('subject', '=', `explanation ${String(id)}`).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'explanation.propose', actor: 'Eva Editor', via: 'web' },
      { action: 'explanation.approve', actor: 'Cor Coördinator', via: 'web' },
    ]);
  });
});
