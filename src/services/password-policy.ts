/**
 * Password rules after NCSC guidance ("ICT-beveiligingsrichtlijnen voor webapplicaties", and the NCSC
 * factsheet on passwords): length over complexity — at least 12 characters, no composition rules, long
 * passphrases welcome (up to 256) — and no password that is easy to guess: common passwords, dictionary
 * words with simple substitutions, keyboard patterns, or the person's own e-mail address or name
 * (zxcvbn-ts with the common, English and Dutch dictionaries; score 3 of 4 or more). A second factor (TOTP)
 * comes on top.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as nl from '@zxcvbn-ts/language-nl-be';
import type { Issue } from '../domain/errors.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...nl.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

/** What is wrong with a new password (empty: acceptable). `personal`: e-mail address, name. */
export function passwordProblems(password: string, personal: readonly string[] = []): Issue[] {
  // Characters as people count them (code points), not UTF-16 units.
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) return [{ location: 'password', message: `must be at least ${String(PASSWORD_MIN_LENGTH)} characters long (a passphrase of several words is easiest)` }];
  if (length > PASSWORD_MAX_LENGTH) return [{ location: 'password', message: `must be at most ${String(PASSWORD_MAX_LENGTH)} characters long` }];
  const inputs = personal.flatMap((p) => [p, ...p.split(/[@.\s_-]+/)]).filter((p) => p.length >= 3);
  const lower = password.toLowerCase();
  if (inputs.some((p) => lower.includes(p.toLowerCase()) && p.length >= 4)) {
    return [{ location: 'password', message: 'must not contain your e-mail address or name' }];
  }
  const result = zxcvbn().check(password, inputs);
  if (result.score < 3) {
    const hint = result.feedback.warning ?? 'it is too easy to guess';
    return [{ location: 'password', message: `is too easy to guess: ${hint}. Use a longer passphrase of unrelated words.` }];
  }
  return [];
}
