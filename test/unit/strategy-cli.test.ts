import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/run-cli.js';

const run = runInProcess;

describe('thorbecke strategy validate', () => {
  it('reports a valid file with its counts', async () => {
    const { status, out } = await run('strategy', 'validate', 'test/fixtures/strategy/small.yaml');
    expect(status).toBe(0);
    expect(out).toBe('test/fixtures/strategy/small.yaml is valid: 2 priorities, 3 targets, 1 context figures\n');
  });

  it('validates the shipped strategy', async () => {
    const { status, out } = await run('strategy', 'validate', 'strategy/nds.yaml');
    expect(status).toBe(0);
    expect(out).toMatch(/^strategy\/nds\.yaml is valid: 6 priorities, \d+ targets, \d+ context figures\n$/);
  });

  it('prints every located problem and exits 1', async () => {
    const { status, err } = await run('strategy', 'validate', 'test/fixtures/strategy/broken.yaml');
    expect(status).toBe(1);
    expect(err).toContain('Error: test/fixtures/strategy/broken.yaml is not a valid strategy file (9 problems).');
    expect(err).toContain('  - test/fixtures/strategy/broken.yaml:14:5 (targets[0].deadline): missing required key "deadline"');
    expect(err.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(9);
  });
});

describe('thorbecke strategy apply and history (embedded database)', () => {
  let dir: string;
  let file: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-cli-'));
    file = path.join(dir, 'strategy.yaml');
    await copyFile('test/fixtures/strategy/small.yaml', file);
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'data');
    process.env.LOG_LEVEL = 'silent';
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('applies, says "unchanged" the second time, records a change, and shows the history', async () => {
    const first = await run('strategy', 'apply', file, '--by', 'alice', '--note', 'first');
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/^Applied version #1 small 1, applied \S+ by alice — first: 7 change\(s\)\.\n/);
    expect(first.out).toContain('  + target web-https\n');

    const again = await run('strategy', 'apply', file);
    expect(again.status).toBe(0);
    expect(again.out).toMatch(/is unchanged: it equals version #1 /);

    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace("deadline: '2018-12-31'", "deadline: '2019-06-30'")
        .replace('scope: { layers: [gemeente], assets: [web] }', 'scope: { layers: [gemeente, rijk], assets: [web] }'),
    );
    const changed = await run('strategy', 'apply', file, '--by', 'bob');
    expect(changed.status).toBe(0);
    expect(changed.out).toContain('Applied version #2 small 1');
    expect(changed.out).toContain('  ~ target web-https (deadline, scope)\n');

    const versions = await run('strategy', 'history');
    expect(versions.out.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^#2 small 1, applied .* by bob$/),
      expect.stringMatching(/^#1 small 1, applied .* by alice — first$/),
    ]);

    const target = await run('strategy', 'history', 'web-https');
    expect(target.out).toMatch(/#2 small 1.*\n {2}~ changed \(deadline, scope\)\n#1 small 1.*\n {2}\+ added\n/);
  });
});
