import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { cadencesFromConfig } from '../../src/scan/service.js';

/** The ConfigError that loading `env` throws. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('scan settings', () => {
  it('has defaults: a confirmation hour, 90 days of evidence, modest limits', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      THORBECKE_CONFIRM_DELAY: 3_600_000,
      THORBECKE_EVIDENCE_RETENTION: 90 * 86_400_000,
      THORBECKE_SCAN_PER_IP: 4,
      THORBECKE_SCAN_PER_ORGANISATION: 4,
      THORBECKE_SCAN_CONCURRENCY: 16,
      THORBECKE_SCAN_JOB_EXPIRY: 600,
      THORBECKE_SCAN_RETRY_DELAY: 30,
      THORBECKE_SCHEDULER: 'on',
      THORBECKE_SERVE_WORKERS: 'on',
    });
    expect(cadencesFromConfig(config)).toHaveLength(2);
  });

  it('reads durations in ms notation as milliseconds', () => {
    expect(loadConfig({ THORBECKE_CONFIRM_DELAY: '2h' }).THORBECKE_CONFIRM_DELAY).toBe(7_200_000);
    expect(loadConfig({ THORBECKE_CONFIRM_DELAY: '90s' }).THORBECKE_CONFIRM_DELAY).toBe(90_000);
    expect(loadConfig({ THORBECKE_CONFIRM_DELAY: '0' }).THORBECKE_CONFIRM_DELAY).toBe(0);
    expect(loadConfig({ THORBECKE_EVIDENCE_RETENTION: '7d' }).THORBECKE_EVIDENCE_RETENTION).toBe(7 * 86_400_000);
    expect(loadConfig({ THORBECKE_EVIDENCE_RETENTION: '2 hours' }).THORBECKE_EVIDENCE_RETENTION).toBe(7_200_000);
    // Empty counts as unset.
    expect(loadConfig({ THORBECKE_CONFIRM_DELAY: '' }).THORBECKE_CONFIRM_DELAY).toBe(3_600_000);
  });

  it('names the variable of a bad duration', () => {
    for (const value of ['soon', '-1h', '1 fortnight', ' ']) {
      const error = configError({ THORBECKE_CONFIRM_DELAY: value });
      expect(error.message).toMatch(/THORBECKE_CONFIRM_DELAY: must be a duration/);
    }
    expect(configError({ THORBECKE_EVIDENCE_RETENTION: '30m' }).message).toMatch(/THORBECKE_EVIDENCE_RETENTION: must be a duration of at least 1 hour/);
  });

  it('names the variable of a limit below one or not whole', () => {
    expect(configError({ THORBECKE_SCAN_PER_IP: '0' }).message).toMatch(/THORBECKE_SCAN_PER_IP/);
    expect(configError({ THORBECKE_SCAN_PER_ORGANISATION: '1.5' }).message).toMatch(/THORBECKE_SCAN_PER_ORGANISATION/);
    expect(configError({ THORBECKE_SCAN_CONCURRENCY: 'many' }).message).toMatch(/THORBECKE_SCAN_CONCURRENCY/);
    expect(configError({ THORBECKE_SCAN_JOB_EXPIRY: '1' }).message).toMatch(/THORBECKE_SCAN_JOB_EXPIRY/);
    expect(configError({ THORBECKE_SCHEDULER: 'yes' }).message).toMatch(/THORBECKE_SCHEDULER/);
  });

  it('names every bad variable at once', () => {
    const { message } = configError({ THORBECKE_SCAN_PER_IP: '0', THORBECKE_CONFIRM_DELAY: 'later' });
    expect(message).toMatch(/THORBECKE_SCAN_PER_IP/);
    expect(message).toMatch(/THORBECKE_CONFIRM_DELAY/);
  });

  it('turns a bad cadence into a ConfigError naming the setting', () => {
    for (const value of ['dns=1x', 'dns,ftp=1d', 'dns,web=', 'dns=1d; dns=7d', 'dns=30s']) {
      const config = loadConfig({ THORBECKE_SCAN_CADENCE: value });
      expect(() => cadencesFromConfig(config)).toThrow(ConfigError);
      expect(() => cadencesFromConfig(config)).toThrow(/THORBECKE_SCAN_CADENCE/);
    }
  });
});
