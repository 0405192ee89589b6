import { InvalidArgumentError, type Command } from 'commander';
import { EXPLANATION_SCOPES, EXPLANATION_STATES, SUPPLIER_ROLES, type ExplanationState } from '../../domain/progress.js';
import { say } from '../context.js';
import { withAccountability, type ExplanationJson } from './accountability-client.js';

/** What an explanation covers, in a few words: `finding mail.dane on a.nl`, `supplier microsoft-365 (mail)`. */
export function coverage(e: ExplanationJson): string {
  switch (e.scope) {
    case 'target':
      return 'the whole target';
    case 'domain':
      return `domain ${e.domain ?? '?'}`;
    case 'finding':
      return `finding ${e.checkId ?? '?'} on ${e.domain ?? '?'}`;
    case 'supplier':
      return `supplier ${e.supplier ?? '?'} (${e.supplierRole ?? '?'})${e.checkId !== null ? `, ${e.checkId}` : ''}`;
  }
}

/** `#12 approved  gm0363  forum-mail  finding mail.dane on a.nl  expires 2027-01-31` */
export function formatLine(e: ExplanationJson): string {
  return `#${String(e.id)} ${e.state}  ${e.organisationCode ?? '(every organisation)'}  ${e.targetId}  ${coverage(e)}  expires ${e.expiresOn}`;
}

function formatDetail(e: ExplanationJson): string[] {
  const lines = [
    `Explanation ${String(e.id)}: ${e.state}`,
    `  organisation: ${e.organisationCode ?? '(every organisation hosted by the supplier)'}`,
    `  target:       ${e.targetId}`,
    `  covers:       ${coverage(e)}`,
    `  reason:       ${e.reason}`,
    `  author:       ${e.author}`,
    `  proposed at:  ${e.createdAt}`,
    `  expires on:   ${e.expiresOn}`,
  ];
  if (e.decidedBy !== null) lines.push(`  decided by:   ${e.decidedBy} at ${e.decidedAt ?? '?'}${e.decisionNote !== null ? ` — ${e.decisionNote}` : ''}`);
  if (e.endedAt !== null) lines.push(`  ended at:     ${e.endedAt}${e.endedReason !== null ? ` — ${e.endedReason}` : ''}`);
  return lines;
}

const parseId = (value: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new InvalidArgumentError('an explanation id is a positive whole number');
  return Number(value);
};

const parseState = (value: string): ExplanationState => {
  const state = EXPLANATION_STATES.find((s) => s === value);
  if (state === undefined) throw new InvalidArgumentError(`one of ${EXPLANATION_STATES.join(', ')}`);
  return state;
};

interface ProposeOptions {
  org?: string;
  target: string;
  scope: string;
  domain?: string;
  check?: string;
  supplier?: string;
  role?: string;
  reason: string;
  expires: string;
  by: string;
}

async function propose(o: ProposeOptions): Promise<void> {
  const body = {
    scope: o.scope,
    targetId: o.target,
    ...(o.org !== undefined ? { organisationCode: o.org.toLowerCase() } : {}),
    ...(o.domain !== undefined ? { domain: o.domain } : {}),
    ...(o.check !== undefined ? { checkId: o.check } : {}),
    ...(o.supplier !== undefined ? { supplier: o.supplier } : {}),
    ...(o.role !== undefined ? { supplierRole: o.role } : {}),
    reason: o.reason,
    expiresOn: o.expires,
    author: o.by,
  };
  await withAccountability(async (client) => {
    const e = await client.propose(body);
    say(`Explanation ${String(e.id)} proposed: ${coverage(e)}, target ${e.targetId}${e.organisationCode !== null ? ` for ${e.organisationCode}` : ''}, expires ${e.expiresOn}.`);
    say(`A coordinator decides it: thorbecke explanation approve ${String(e.id)} --by NAME (or reject … --note WHY).`);
  });
}

async function decide(decision: 'approve' | 'reject', id: number, o: { by: string; note?: string }): Promise<void> {
  await withAccountability(async (client) => {
    const outcome = await client.decide(id, { decision, by: o.by, ...(o.note !== undefined ? { note: o.note } : {}) });
    say(`Explanation ${String(id)} ${outcome.explanation.state} by ${o.by}.`);
    if (outcome.notice !== null) say(`Note: ${outcome.notice}`);
  });
}

async function list(o: { org?: string; target?: string; state?: ExplanationState; json?: boolean }): Promise<void> {
  await withAccountability(async (client) => {
    const items = await client.list({ organisation: o.org?.toLowerCase(), target: o.target, state: o.state });
    if (o.json === true) {
      say(JSON.stringify(items, null, 2));
      return;
    }
    if (items.length === 0) say('No explanations match.');
    for (const e of items) say(formatLine(e));
  });
}

async function show(id: number, o: { json?: boolean }): Promise<void> {
  await withAccountability(async (client) => {
    const e = await client.get(id);
    if (o.json === true) say(JSON.stringify(e, null, 2));
    else for (const line of formatDetail(e)) say(line);
  });
}

/** `thorbecke explanation propose|approve|reject|list|show`. */
export function registerExplanationCommand(program: Command): void {
  const explanation = program
    .command('explanation')
    .description('comply or explain: propose explanations for not (yet) meeting a target, and decide them as a coordinator');

  explanation
    .command('propose')
    .description('propose an explanation; it counts once a coordinator approves it')
    .option('--org <code>', 'the organisation that explains (not for --scope supplier)')
    .requiredOption('--target <id>', 'the target')
    .requiredOption('--scope <scope>', `what it covers: ${EXPLANATION_SCOPES.join(', ')}`)
    .option('--domain <name>', 'the domain (scope domain or finding)')
    .option('--check <id>', 'the check (scope finding; optional for supplier)')
    .option('--supplier <id>', 'the supplier (provider id, scope supplier)')
    .option('--role <role>', `what the supplier provides: ${SUPPLIER_ROLES.join(', ')}`)
    .requiredOption('--reason <text>', 'why (10 to 4000 characters)')
    .requiredOption('--expires <date>', 'until when (YYYY-MM-DD, at most one year ahead)')
    .requiredOption('--by <name>', 'who proposes it')
    .action(propose);

  explanation
    .command('approve')
    .description('approve a proposed explanation (as a coordinator); records what is measured now')
    .argument('<id>', 'the explanation id', parseId)
    .requiredOption('--by <name>', 'the coordinator')
    .option('--note <text>', 'a note with the decision')
    .action((id: number, o: { by: string; note?: string }) => decide('approve', id, o));

  explanation
    .command('reject')
    .description('reject a proposed explanation (as a coordinator)')
    .argument('<id>', 'the explanation id', parseId)
    .requiredOption('--by <name>', 'the coordinator')
    .requiredOption('--note <text>', 'why it is rejected')
    .action((id: number, o: { by: string; note: string }) => decide('reject', id, o));

  explanation
    .command('list')
    .description('list explanations, newest first')
    .option('--org <code>', 'of one organisation')
    .option('--target <id>', 'on one target')
    .option('--state <state>', `in one state: ${EXPLANATION_STATES.join(', ')}`, parseState)
    .option('--json', 'print JSON')
    .action(list);

  explanation.command('show').description('show one explanation and its life').argument('<id>', 'the explanation id', parseId).option('--json', 'print JSON').action(show);
}
