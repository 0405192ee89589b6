import type { accessibilityNl } from './accessibility-nl.js';

/** English messages of Thorbecke's own accessibility statement: the same keys as accessibility-nl.ts. */
export const accessibilityEn: typeof accessibilityNl = {
  title: 'Accessibility statement',
  heading: 'Accessibility statement of Thorbecke',
  footerLink: 'Accessibility',
  intro:
    'The operator of this Thorbecke aims to make the website accessible to everyone, as the Dutch Digital Accessibility (Government) Decree (Besluit digitale toegankelijkheid overheid) requires. This statement follows the structure of the national model statement.',
  factsHeading: 'About this statement',
  factsLabel: 'Facts of the statement',
  website: 'Website',
  websiteName: 'Thorbecke, the digitalisation monitor of the Dutch government',
  address: 'Address',
  law: 'Legal basis',
  lawValue: 'Besluit digitale toegankelijkheid overheid (in force since 1 July 2018)',
  standard: 'Standard',
  standardValue: 'EN 301 549, that is WCAG 2.1 level A and AA',
  status: 'Compliance status',
  statementDate: 'Date of this statement',
  reviewDate: 'Last reviewed',
  statuses: {
    A: {
      label: 'A: fully compliant',
      body: 'This website fully meets the requirements: a full audit less than three years old found no failures.',
    },
    B: {
      label: 'B: partially compliant',
      body: 'This website partially meets the requirements: an audit less than three years old found failures, and for each of them the measures and a date are listed below.',
    },
    C: {
      label: 'C: first measures taken',
      body: 'First measures have been taken to meet the requirements. A full audit by an independent party has not been carried out yet; it is planned within six months of the date of this statement.',
    },
    D: {
      label: 'D: not compliant',
      body: 'This website does not (yet) meet the requirements.',
    },
    E: {
      label: 'E: no accessibility statement',
      body: 'No accessibility statement has been adopted for this website yet. This page describes what has been done so far.',
    },
  },
  methodHeading: 'How accessibility was assessed',
  methodIntro: 'Every release of Thorbecke runs automated tests:',
  methods: [
    'axe-core in a real browser (Chromium) on every page type, in Dutch and in English, with no violations of the rules for WCAG 2.2 level A and AA;',
    'the main tasks (find an organisation, read a scorecard, open a target and its map, download a table, log in and plan a date, propose and approve an explanation) with the keyboard only, with visible focus;',
    'a structural test of every page: language, title, headings in order, landmarks, a link to the main content, labels on form fields, captions on tables and no inline styles or scripts.',
  ],
  methodLimit:
    'Automated tests find only part of the accessibility problems. Many requirements can only be judged by a person, such as whether texts are understandable and whether text alternatives convey the content well.',
  auditDone: 'In addition, the website has been audited against EN 301 549; the failures found are listed below under known problems.',
  auditNotDone:
    'No full manual audit by an independent party has been carried out yet. That is why the status is not A (fully compliant).',
  problemsHeading: 'Known problems',
  problemsIntro: 'These parts do not meet the requirements yet. For each problem: what we do about it, and when.',
  problemsNone: 'No accessibility problems are known at the moment. That does not mean there are none: please report them.',
  problemsCaption: 'Known problems, with the measure and the date by which it is done',
  problem: 'Problem',
  criterion: 'Success criterion (WCAG)',
  fix: 'Measure',
  fixBy: 'Fixed by',
  noFix: 'Not decided yet',
  measuresHeading: 'Measures taken',
  measures: [
    'Thorbecke uses the components and styles of NL Design System (Utrecht), which are made to meet WCAG.',
    'Every page works without JavaScript and without inline styles; zooming in and your own font sizes are not blocked.',
    'Everything is available in Dutch and in English; the language of every page is marked.',
    'Maps and charts have a text alternative, and the same data is in tables, which can also be downloaded.',
    'The automated tests above are part of the test suite that runs on every change.',
  ],
  contactHeading: 'Reporting a problem',
  contactBody: 'Do you run into an accessibility problem, or do you have a question or remark about accessibility? Please let us know.',
  contactLink: 'Report an accessibility problem',
  reply: (days: string) => `You will get an answer within ${days} working days: what we will do with your report, and when.`,
  escalationHeading: 'Not satisfied with the answer?',
  escalationBody:
    'Are you not satisfied with how your report was handled, or do you not get an answer in time? Then you can file a complaint with the National Ombudsman (Nationale ombudsman).',
  ombudsmanLink: 'National Ombudsman',
};
