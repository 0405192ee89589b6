/**
 * Who a CLI command acts as: the person at the keyboard, `cli:<OS user name>`, recorded in the audit log
 * with every change the command makes. A command's `--by NAME` names someone else on whose word the
 * change is made (a coordinator's decision typed in by an operator); the entry then carries that name.
 */
import { userInfo } from 'node:os';
import { actorOf, type Actor } from '../domain/access.js';

/** The OS user name; the environment's where the system cannot tell. */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** `cli:<OS user name>`, or `by` when the command was given one. */
export function cliActor(by?: string): Actor {
  return actorOf({ kind: 'local', name: by ?? `cli:${osUserName()}` }, 'cli');
}
