/**
 * Dutch messages of Thorbecke's own accessibility statement (/accessibility), in the order and with the
 * parts of the national model statement (modelverklaring, toegankelijkheidsverklaring.nl);
 * accessibility-en.ts has the same keys.
 */
export const accessibilityNl = {
  title: 'Toegankelijkheidsverklaring',
  heading: 'Toegankelijkheidsverklaring van Thorbecke',
  footerLink: 'Toegankelijkheid',
  intro:
    'De beheerder van deze Thorbecke streeft ernaar de website toegankelijk te maken voor iedereen, volgens het Besluit digitale toegankelijkheid overheid. Deze verklaring volgt de opbouw van de landelijke modelverklaring.',
  factsHeading: 'Over deze verklaring',
  factsLabel: 'Gegevens van de verklaring',
  website: 'Website',
  websiteName: 'Thorbecke, de digitaliseringsmonitor van de overheid',
  address: 'Adres',
  law: 'Wettelijke grondslag',
  lawValue: 'Besluit digitale toegankelijkheid overheid (van kracht sinds 1 juli 2018)',
  standard: 'Norm',
  standardValue: 'EN 301 549, dat wil zeggen WCAG 2.1 niveau A en AA',
  status: 'Nalevingsstatus',
  statementDate: 'Datum van deze verklaring',
  reviewDate: 'Laatst herzien',
  /** The statuses of the national register: label and what it means for this website. */
  statuses: {
    A: {
      label: 'A: voldoet volledig',
      body: 'Deze website voldoet volledig aan de eisen: een volledig onderzoek van minder dan drie jaar oud vond geen afwijkingen.',
    },
    B: {
      label: 'B: voldoet gedeeltelijk',
      body: 'Deze website voldoet gedeeltelijk aan de eisen: een onderzoek van minder dan drie jaar oud vond afwijkingen, en voor elke afwijking staan hieronder de maatregelen en een datum.',
    },
    C: {
      label: 'C: eerste maatregelen genomen',
      body: 'Er zijn eerste maatregelen genomen om aan de eisen te voldoen. Een volledig onderzoek door een onafhankelijke partij is nog niet gedaan; het is gepland binnen zes maanden na de datum van deze verklaring.',
    },
    D: {
      label: 'D: voldoet niet',
      body: 'Deze website voldoet (nog) niet aan de eisen.',
    },
    E: {
      label: 'E: geen toegankelijkheidsverklaring',
      body: 'Voor deze website is nog geen toegankelijkheidsverklaring vastgesteld. Deze pagina beschrijft wat er tot nu toe is gedaan.',
    },
  },
  methodHeading: 'Hoe de toegankelijkheid is onderzocht',
  methodIntro: 'Bij elke versie van Thorbecke draaien automatische tests:',
  methods: [
    'axe-core in een echte browser (Chromium) op elk soort pagina, in het Nederlands en in het Engels, zonder overtredingen van de regels voor WCAG 2.2 niveau A en AA;',
    'de belangrijkste taken (een organisatie vinden, een scorecard lezen, een afspraak en de kaart openen, een tabel downloaden, inloggen en een datum plannen, een uitleg voorstellen en goedkeuren) alleen met het toetsenbord, met zichtbare focus;',
    'een structurele test van elke pagina: taal, titel, koppen in volgorde, landmarks, een link naar de hoofdinhoud, labels bij formuliervelden, bijschriften bij tabellen en geen inline stijlen of scripts.',
  ],
  methodLimit:
    'Automatische tests vinden maar een deel van de toegankelijkheidsproblemen. Veel eisen kan alleen een mens beoordelen, zoals of teksten begrijpelijk zijn en of alternatieve teksten de inhoud goed weergeven.',
  auditDone: 'Daarnaast is de website onderzocht tegen EN 301 549; de gevonden afwijkingen staan hieronder bij de bekende problemen.',
  auditNotDone:
    'Een volledig handmatig onderzoek door een onafhankelijke partij is nog niet gedaan. Daarom is de status niet A (voldoet volledig).',
  problemsHeading: 'Bekende problemen',
  problemsIntro: 'Deze onderdelen voldoen nog niet aan de eisen. Per probleem staat wat we eraan doen en wanneer.',
  problemsNone: 'Er zijn op dit moment geen toegankelijkheidsproblemen bekend. Dat betekent niet dat ze er niet zijn: meld ze alstublieft.',
  problemsCaption: 'Bekende problemen, met de maatregel en de datum waarop die klaar is',
  problem: 'Probleem',
  criterion: 'Succescriterium (WCAG)',
  fix: 'Maatregel',
  fixBy: 'Opgelost uiterlijk',
  noFix: 'Nog niet bepaald',
  measuresHeading: 'Genomen maatregelen',
  measures: [
    'Thorbecke gebruikt de componenten en stijlen van NL Design System (Utrecht), die zijn gemaakt om aan WCAG te voldoen.',
    'Elke pagina werkt zonder JavaScript en zonder inline stijlen; inzoomen en eigen lettergroottes worden niet geblokkeerd.',
    'Alles is in het Nederlands en het Engels beschikbaar; de taal van elke pagina is aangegeven.',
    'Kaarten en grafieken hebben een tekstalternatief en dezelfde gegevens staan in tabellen, die ook te downloaden zijn.',
    'De automatische tests hierboven horen bij de testsuite die bij elke wijziging draait.',
  ],
  contactHeading: 'Een probleem melden',
  contactBody:
    'Loopt u tegen een toegankelijkheidsprobleem aan, of heeft u een vraag of opmerking over de toegankelijkheid? Laat het ons weten.',
  contactLink: 'Meld een toegankelijkheidsprobleem',
  reply: (days: string) => `U krijgt binnen ${days} werkdagen een antwoord: wat we met uw melding doen en wanneer.`,
  escalationHeading: 'Niet tevreden met het antwoord?',
  escalationBody:
    'Bent u niet tevreden met de manier waarop uw melding is behandeld, of krijgt u niet op tijd antwoord? Dan kunt u een klacht indienen bij de Nationale ombudsman.',
  ombudsmanLink: 'Nationale ombudsman',
};
