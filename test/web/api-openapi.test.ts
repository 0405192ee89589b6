import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openApiDocument } from '../../src/web/api/openapi.js';

const config = loadConfig({});
const generated = openApiDocument({ url: config.THORBECKE_PUBLIC_URL, email: config.THORBECKE_CONTACT_EMAIL });

describe('OpenAPI document', () => {
  it('is committed and has not drifted from the route schemas (run `npm run openapi` after an API change)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../docs/api/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('is valid OpenAPI 3', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(generated)) as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('follows the testable API Design Rules: no trailing slashes, kebab-case paths, camelCase query keys', () => {
    const paths = Object.keys(generated.paths);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path).not.toMatch(/\/$/);
      for (const segment of path.split('/').filter((s) => s !== '' && !s.startsWith('{'))) {
        expect(segment).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
      const get = (generated.paths[path] as { get?: { parameters?: { in: string; name: string }[] } }).get;
      for (const p of get?.parameters ?? []) {
        if (p.in === 'query') expect(p.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      }
    }
  });
});
