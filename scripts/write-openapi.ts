// Writes docs/api/openapi.json from the route schemas (with the default configuration).
// Run after changing the API: `npm run openapi`. test/web/openapi.test.ts fails when the file drifts.
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config/load.js';
import { openApiDocument } from '../src/web/api/openapi.js';

const config = loadConfig({});
const doc = openApiDocument({ url: config.THORBECKE_PUBLIC_URL, email: config.THORBECKE_CONTACT_EMAIL });
writeFileSync(new URL('../docs/api/openapi.json', import.meta.url), `${JSON.stringify(doc, null, 2)}\n`);
console.log('wrote docs/api/openapi.json');
