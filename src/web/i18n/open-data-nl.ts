/**
 * Dutch messages of the open data (spread into nl.ts as `openData`): the download links under every
 * table, and the titles and descriptions of the data files and their columns, which also go into the
 * CSV on the Web metadata (there in both languages at once).
 */
export const openDataNl = {
  /** Before the links: "Download: CSV · JSON · metadata". */
  download: 'Download',
  /** Read by screen readers after "Download" when the table has no description of its own. */
  thisData: 'deze gegevens',
  csv: 'CSV',
  json: 'JSON',
  metadata: 'metadata',
  /** Spoken after each link text: what the file is. */
  csvHint: 'kommagescheiden bestand, UTF-8',
  jsonHint: 'JSON-bestand',
  metadataHint: 'beschrijving van de kolommen volgens CSV on the Web',
  /** Appended to every table description in the metadata. */
  csvGuard:
    'In de CSV krijgt een tekstcel die begint met =, +, -, @ (ook in brede vorm), een tab of een carriage return een apostrof (\') ervoor, zodat een rekenblad de tekst niet als formule uitvoert. De JSON bevat de waarde ongewijzigd.',
  publisher: 'Thorbecke',
  tables: {
    progress: {
      title: 'Voortgang van alle organisaties op alle afspraken',
      description: 'Per organisatie en afspraak: de status, de waarde van de indicator, de tellingen van domeinen en de data.',
    },
    targetProgress: {
      title: (id: string) => `Voortgang op afspraak ${id}`,
      description: 'Per organisatie waarop de afspraak van toepassing is: de status, de waarde, de tellingen van domeinen en de data.',
    },
    organisationProgress: {
      title: (code: string) => `Voortgang van organisatie ${code}`,
      description: 'Per afspraak die op de organisatie van toepassing is: de status, de waarde, de tellingen van domeinen en de data.',
    },
    aggregates: {
      title: 'Voortgang per land, bestuurslaag en provincie',
      description: 'Per afspraak en per gebied (het land, een bestuurslaag, een provincie): het aantal organisaties per status en de tellingen van domeinen, nu.',
    },
    history: {
      title: (scope: string, id: string) => `Verloop van de voortgang (${scope} ${id})`,
      description: 'Per week (de maandag) en per afspraak: het aantal organisaties per status en de tellingen van domeinen in het gebied.',
    },
    organisationHistory: {
      title: (code: string) => `Verloop van de voortgang van organisatie ${code}`,
      description: 'Per week (de maandag) en per afspraak: de status en de waarde van de organisatie.',
    },
    explanations: {
      title: 'Uitleg (pas toe of leg uit)',
      description: 'Elke uitleg: waarop zij betrekking heeft, de reden, de staat, de vervaldatum, de auteur zoals vastgelegd en wanneer erover is besloten.',
    },
  },
  columns: {
    organisationCode: 'Organisatiecode (TOOI)',
    organisationName: 'Naam van de organisatie',
    layer: 'Bestuurslaag',
    provinceCode: 'Provincie (TOOI)',
    targetId: 'Afspraak',
    status: 'Status',
    value: 'Waarde (%)',
    domainsTotal: 'Domeinen',
    domainsMet: 'Domeinen die voldoen',
    domainsFailing: 'Domeinen die niet voldoen',
    domainsUnknown: 'Domeinen niet te meten',
    domainsExplained: 'Domeinen met uitleg',
    deadline: 'Uiterste datum',
    plannedDate: 'Geplande datum',
    effectiveDate: 'Geldende datum',
    forecastDate: 'Verwachte datum',
    reason: 'Toelichting',
    updatedAt: 'Bijgewerkt',
    scopeKind: 'Soort gebied',
    scopeId: 'Gebied',
    period: 'Week (maandag)',
    organisations: 'Organisaties',
    met: 'Voldaan',
    explained: 'Uitgelegd',
    onTrack: 'Op koers',
    atRisk: 'In gevaar',
    overdue: 'Te laat',
    unknown: 'Onbekend',
    id: 'Nummer',
    scope: 'Reikwijdte',
    domain: 'Domein',
    checkId: 'Toets',
    supplier: 'Leverancier',
    supplierRole: 'Rol van de leverancier',
    state: 'Staat',
    expiresOn: 'Vervalt op',
    author: 'Auteur',
    decidedAt: 'Besloten op',
  },
};
