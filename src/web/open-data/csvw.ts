import { openDataEn } from '../i18n/open-data-en.js';
import { openDataNl } from '../i18n/open-data-nl.js';
import { columnTitles, type Column, type ColumnName } from './columns.js';

/** The licence of the open data: Thorbecke's own measurements, dedicated to the public domain. */
export const DATA_LICENCE = 'https://creativecommons.org/publicdomain/zero/1.0/';

/** Text in Dutch and English as a JSON-LD value list. */
const bilingual = (nl: string, en: string) => [
  { '@value': nl, '@language': 'nl' },
  { '@value': en, '@language': 'en' },
];

export interface MetadataInput<Row> {
  /** The CSV file, relative to the metadata file (`progress.csv`, with the query when there is one). */
  url: string;
  title: { nl: string; en: string };
  description: { nl: string; en: string };
  columns: readonly Column<Row>[];
  primaryKey: readonly ColumnName[];
  /** When the data last changed; left out when unknown (no data yet). */
  modified: Date | undefined;
  publisherUrl: string;
}

/**
 * The CSV on the Web metadata (W3C Metadata Vocabulary for Tabular Data) of one CSV file: what the
 * table is, its licence, publisher and date, and for every column its name (the CSV header), titles
 * in Dutch and English, datatype and whether a value is required; the primary key.
 */
export function csvwMetadata<Row>(input: MetadataInput<Row>): Record<string, unknown> {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'nl' }],
    url: input.url,
    'dc:title': bilingual(input.title.nl, input.title.en),
    'dc:description': bilingual(`${input.description.nl} ${openDataNl.csvGuard}`, `${input.description.en} ${openDataEn.csvGuard}`),
    'dc:license': { '@id': DATA_LICENCE },
    'dc:publisher': { 'schema:name': openDataNl.publisher, 'schema:url': { '@id': input.publisherUrl } },
    ...(input.modified === undefined ? {} : { 'dc:modified': { '@value': input.modified.toISOString(), '@type': 'xsd:dateTime' } }),
    dialect: { encoding: 'utf-8', header: true, lineTerminators: ['\r\n', '\n'] },
    tableSchema: {
      columns: input.columns.map((c) => ({
        name: c.name,
        titles: columnTitles(c.name),
        datatype: c.datatype,
        required: c.required,
      })),
      primaryKey: [...input.primaryKey],
    },
  };
}
