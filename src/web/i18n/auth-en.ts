import type { authNl } from './auth-nl.js';

/** English messages of logging in and out: the same keys as auth-nl.ts. */
export const authEn: typeof authNl = {
  loginLink: 'Log in',
  accountLink: (name: string) => `My account (${name})`,
  logout: 'Log out',
  userNav: 'Account',
  login: {
    title: 'Log in',
    heading: 'Log in',
    intro: "Staff of an organisation log in to update planned dates, explanations and self-assessments. Everything that is public can be read without logging in.",
    withProvider: (name: string) => `Log in with ${name}`,
    providersHeading: "With your organisation's account",
    localHeading: 'With a Thorbecke account',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Log in',
    failed: 'Logging in did not succeed',
    wrong: 'The e-mail address or the password is wrong, or the account is locked for a while after too many attempts.',
    tooMany: 'Too many attempts. Please try again later.',
  },
  secondFactor: {
    title: 'Code from your authenticator app',
    heading: 'Second step: code from your app',
    intro: 'Open the authenticator app on your phone and enter the 6-digit code shown for Thorbecke.',
    code: 'Code (6 digits)',
    submit: 'Confirm',
    failed: 'The code is not right',
    expired: 'The login attempt has expired. Please log in again.',
  },
  loggedOut: 'You have been logged out.',
};
