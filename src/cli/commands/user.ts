/**
 * `thorbecke user add|list|disable|grant|revoke|password|totp-reset`: the operator's tools for people and
 * their rights, working directly on the database as the local principal (whoever holds the data folder or
 * the database's credentials); every change is recorded in the audit log as `cli:<OS user>`. With the
 * embedded database these need the data folder to themselves: stop Thorbecke (`npm start`) first, or run
 * against PostgreSQL (DATABASE_URL). Passwords come from standard input or a no-echo prompt, never from
 * the command line.
 */
import { Argument, Option, type Command } from 'commander';
import { localAccess, type Access, type OrganisationRole } from '../../domain/access.js';
import { InputError } from '../../domain/errors.js';
import { AccountAdminService } from '../../services/account-admin.js';
import { AccountService } from '../../services/accounts.js';
import { cliActor } from '../actor.js';
import { say, withStore } from '../context.js';
import { readNewPassword } from '../password-input.js';

function access(): Access {
  return localAccess(cliActor().name);
}

/** `gm0363` or `gm0363:admin` (the role defaults to editor). */
function parseMembership(text: string): { organisationCode: string; role: OrganisationRole } {
  const [code = '', role = 'editor', ...rest] = text.split(':');
  if (rest.length > 0 || (role !== 'editor' && role !== 'admin')) {
    throw new InputError(`--organisation takes CODE or CODE:editor or CODE:admin, not "${text}".`);
  }
  return { organisationCode: code, role };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface AddOptions {
  name: string;
  organisation: string[];
  coordinator?: boolean;
  administrator?: boolean;
  passwordStdin?: boolean;
  /** false with --no-password */
  password: boolean;
}

async function add(email: string, options: AddOptions): Promise<void> {
  if (options.passwordStdin === true && !options.password) throw new InputError('Give either --password-stdin or --no-password, not both.');
  const memberships = options.organisation.map(parseMembership);
  const globalRole = options.administrator === true ? 'administrator' : options.coordinator === true ? 'coordinator' : null;
  const password = options.password
    ? await readNewPassword({ stdin: options.passwordStdin === true }, 'give it on standard input with --password-stdin, or use --no-password for an account that logs in through its organisation’s identity provider.')
    : undefined;
  await withStore(async ({ store }) => {
    const { principal, actor } = access();
    const account = await new AccountService(store.db).addUser(principal, actor, { email, displayName: options.name, password, globalRole, memberships });
    say(String(account.id));
  });
}

interface ListOptions {
  organisation?: string;
  json?: boolean;
}

async function list(options: ListOptions): Promise<void> {
  const code = options.organisation?.trim().toLowerCase();
  await withStore(async ({ store }) => {
    const accounts = await new AccountService(store.db).list(access().principal, code);
    if (options.json === true) {
      say(JSON.stringify(accounts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })), null, 2));
      return;
    }
    if (accounts.length === 0) {
      say(`No accounts${code === undefined ? '' : ` in ${code}`} (thorbecke user add EMAIL --name NAME).`);
      return;
    }
    const header = ['id', 'e-mail', 'name', 'global role', 'organisations', '2FA', 'disabled'];
    const rows = accounts.map((a) => [
      String(a.id),
      a.email,
      a.displayName,
      a.globalRole ?? '-',
      a.memberships.length === 0 ? '-' : a.memberships.map((m) => `${m.organisationCode}:${m.role}`).join(','),
      a.secondFactor ? 'yes' : a.oidcIssuer !== null ? 'oidc' : 'no',
      a.disabled ? 'yes' : 'no',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]): string =>
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    for (const row of [header, ...rows]) say(line(row));
  });
}

async function disable(ref: string): Promise<void> {
  await withStore(async ({ store }) => {
    const { principal, actor } = access();
    const account = await new AccountAdminService(store.db).resolve(ref);
    if (account.disabled) {
      say(`Account ${String(account.id)} (${account.email}) was disabled already.`);
      return;
    }
    await new AccountService(store.db).disable(principal, actor, account.id);
    say(`Disabled account ${String(account.id)} (${account.email}): its sessions have ended and its API tokens are revoked.`);
  });
}

async function grant(ref: string, organisation: string, role: OrganisationRole): Promise<void> {
  await withStore(async ({ store }) => {
    const { principal, actor } = access();
    const account = await new AccountAdminService(store.db).resolve(ref);
    await new AccountService(store.db).grant(principal, actor, account.id, { organisationCode: organisation, role });
    say(`${account.email} is ${role} of ${organisation.trim().toLowerCase()} now.`);
  });
}

async function revoke(ref: string, organisation: string): Promise<void> {
  await withStore(async ({ store }) => {
    const { principal, actor } = access();
    const account = await new AccountAdminService(store.db).resolve(ref);
    await new AccountService(store.db).revoke(principal, actor, account.id, organisation);
    say(`${account.email} has no role in ${organisation.trim().toLowerCase()} any more.`);
  });
}

async function password(ref: string, options: { passwordStdin?: boolean }): Promise<void> {
  const secret = await readNewPassword({ stdin: options.passwordStdin === true }, 'give it on standard input with --password-stdin.');
  await withStore(async ({ store }) => {
    const { principal, actor } = access();
    const admin = new AccountAdminService(store.db);
    const account = await admin.resolve(ref);
    const { sessionsEnded } = await admin.setPassword(principal, actor, account.id, secret);
    say(`New password set for ${account.email}; ${String(sessionsEnded)} session(s) ended.`);
  });
}

async function totpReset(ref: string): Promise<void> {
  await withStore(async ({ store }) => {
    const { principal, actor } = access();
    const admin = new AccountAdminService(store.db);
    const account = await admin.resolve(ref);
    const { removed, sessionsEnded } = await admin.resetSecondFactor(principal, actor, account.id);
    say(
      removed
        ? `Removed the second factor of ${account.email}; ${String(sessionsEnded)} session(s) ended. They log in with their password and set up a new authenticator app on /account.`
        : `${account.email} has no second factor; nothing changed.`,
    );
  });
}

/** `thorbecke user …`. */
export function registerUserCommand(program: Command): void {
  const user = program
    .command('user')
    .description('people and their rights: add, list, disable, roles in organisations, password and second-factor resets (stop Thorbecke first when it runs on the embedded database)');

  user
    .command('add')
    .description('add an account; prints its id. The password is read from standard input or typed at a prompt, never given as an argument')
    .argument('<email>', 'the e-mail address, used to log in')
    .requiredOption('--name <name>', 'the display name, as shown in the audit trail')
    .option('--organisation <code[:role]>', 'a role in an organisation: CODE (editor) or CODE:admin; repeatable', collect, [])
    .addOption(new Option('--coordinator', 'a coordinator: strategy, explanations, snapshots, imports for everyone').conflicts('administrator'))
    .addOption(new Option('--administrator', 'an administrator: everything, including every organisation’s users'))
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--no-password', 'no local password: the person logs in through their organisation’s identity provider (OpenID Connect)')
    .action(add);

  user
    .command('list')
    .description('list accounts: id, e-mail, name, global role, organisations and roles, second factor, disabled')
    .option('--organisation <code>', 'only the people of this organisation')
    .option('--json', 'print JSON')
    .action(list);

  user.command('disable').description('disable an account: its sessions end and its API tokens are revoked; its history stays').argument('<account>', 'e-mail address or id').action(disable);

  user
    .command('grant')
    .description("give someone a role in an organisation (or change it)")
    .argument('<account>', 'e-mail address or id')
    .argument('<organisation>', 'the organisation code, e.g. gm0363')
    .addArgument(new Argument('<role>', 'editor or admin').choices(['editor', 'admin']))
    .action(grant);

  user.command('revoke').description('remove someone from an organisation').argument('<account>', 'e-mail address or id').argument('<organisation>', 'the organisation code').action(revoke);

  user
    .command('password')
    .description("set a new password for someone (administrators); their sessions end. Typed at a prompt, or read from standard input")
    .argument('<account>', 'e-mail address or id')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(password);

  user
    .command('totp-reset')
    .description('remove the second factor of someone who lost their phone; they set up a new one after logging in')
    .argument('<account>', 'e-mail address or id')
    .action(totpReset);
}
