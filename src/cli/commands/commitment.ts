import { InvalidArgumentError, type Command } from 'commander';
import { say } from '../context.js';
import { withAccountability, type CommitmentJson } from './accountability-client.js';

interface Milestone {
  date: string;
  value: number;
}

/** `--milestone 2026-12-31=50`, repeatable. */
function collectMilestone(value: string, previous: Milestone[] = []): Milestone[] {
  const match = /^(\d{4}-\d\d-\d\d)=(\d+(?:\.\d+)?)%?$/.exec(value);
  if (!match) throw new InvalidArgumentError('write a milestone as YYYY-MM-DD=PERCENT, e.g. 2026-12-31=50');
  return [...previous, { date: match[1] ?? '', value: Number(match[2]) }];
}

/** `gm0363  forum-web  planned 2027-06-30  milestones 2026-12-31 50%, …  (set by x at …)` */
export function formatCommitment(c: CommitmentJson): string {
  const milestones = c.milestones.length > 0 ? `  milestones ${c.milestones.map((m) => `${m.date} ${String(m.value)}%`).join(', ')}` : '';
  const note = c.note !== null ? ` — ${c.note}` : '';
  return `${c.organisationCode}  ${c.targetId}  planned ${c.plannedDate}${milestones}  (set by ${c.setBy} at ${c.setAt})${note}`;
}

async function set(org: string, target: string, o: { planned: string; milestone?: Milestone[]; note?: string; by?: string }): Promise<void> {
  const body = { plannedDate: o.planned, milestones: o.milestone ?? [], ...(o.note !== undefined ? { note: o.note } : {}), ...(o.by !== undefined ? { by: o.by } : {}) };
  await withAccountability(async (client) => {
    const c = await client.setCommitment(org.toLowerCase(), target, body);
    say(`Planned date of ${c.organisationCode} for ${c.targetId}: ${c.plannedDate}${c.milestones.length > 0 ? ` with ${String(c.milestones.length)} milestone(s)` : ''}.`);
  });
}

async function clear(org: string, target: string): Promise<void> {
  await withAccountability(async (client) => {
    await client.clearCommitment(org.toLowerCase(), target);
    say(`Planned date of ${org.toLowerCase()} for ${target} removed: the deadline counts again.`);
  });
}

async function list(org: string | undefined, o: { json?: boolean }): Promise<void> {
  await withAccountability(async (client) => {
    const items = await client.commitments(org?.toLowerCase());
    if (o.json === true) {
      say(JSON.stringify(items, null, 2));
      return;
    }
    if (items.length === 0) say('No planned dates recorded.');
    for (const c of items) say(formatCommitment(c));
  });
}

/** `thorbecke commitment set|clear|list`. */
export function registerCommitmentCommand(program: Command): void {
  const commitment = program
    .command('commitment')
    .description("own pace: record an organisation's planned date (and milestones) for a target");

  commitment
    .command('set')
    .description('set or replace the planned date; after the deadline only where the target allows explaining')
    .argument('<org>', 'the organisation code, e.g. gm0363')
    .argument('<target>', 'the target id')
    .requiredOption('--planned <date>', 'the planned date (YYYY-MM-DD)')
    .option('--milestone <date=percent>', 'a milestone, e.g. 2026-12-31=50 (repeat for more)', collectMilestone)
    .option('--note <text>', 'a note')
    .option('--by <name>', 'who records it (default: cli:<your user name>; with an API token, its person)')
    .action(set);

  commitment
    .command('clear')
    .description('remove the planned date')
    .argument('<org>', 'the organisation code')
    .argument('<target>', 'the target id')
    .action(clear);

  commitment.command('list').description('list planned dates').argument('[org]', 'of one organisation').option('--json', 'print JSON').action(list);
}
