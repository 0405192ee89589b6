/**
 * How `thorbecke explanation` and `thorbecke commitment` reach the data: directly in the database
 * (PostgreSQL, or the embedded database when no server holds it), or through the running embedded server's
 * API with its local token.
 */
import { loadConfig } from '../../config/load.js';
import type { Access } from '../../domain/access.js';
import { ConflictError } from '../../domain/errors.js';
import { cliActor } from '../actor.js';
import { callServer, remoteServer, type Server } from '../server-client.js';
import type { ExplanationState } from '../../domain/progress.js';
import { AccountabilityService } from '../../services/accountability.js';
import { StrategyService } from '../../services/strategy.js';
import { openStore, storeTargetFromConfig, type Store } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { presentCommitment, presentExplanation } from '../../web/api/schemas-accountability.js';
import { readServerFile } from '../../web/local-token.js';

export type ExplanationJson = ReturnType<typeof presentExplanation>;
export type CommitmentJson = ReturnType<typeof presentCommitment>;
export interface DecisionJson {
  explanation: ExplanationJson;
  changesStatus: boolean;
  notice: string | null;
}
export interface ListFilter {
  organisation?: string | undefined;
  target?: string | undefined;
  state?: ExplanationState | undefined;
}

export interface AccountabilityClient {
  propose(body: Record<string, unknown>): Promise<ExplanationJson>;
  decide(id: number, body: Record<string, unknown>): Promise<DecisionJson>;
  list(filter: ListFilter): Promise<ExplanationJson[]>;
  get(id: number): Promise<ExplanationJson>;
  setCommitment(code: string, targetId: string, body: Record<string, unknown>): Promise<CommitmentJson>;
  clearCommitment(code: string, targetId: string): Promise<void>;
  commitments(code?: string): Promise<CommitmentJson[]>;
  close(): Promise<void>;
}

function direct(store: Store): AccountabilityClient {
  const service = new AccountabilityService(store.db, new StrategyService(store.db));
  // Working on the database directly: whoever can do that may do anything; the change is recorded as theirs.
  const actor = cliActor();
  const access: Access = { principal: { kind: 'local', name: actor.name }, actor };
  return {
    propose: async (body) => presentExplanation(await service.propose(access, body)),
    decide: async (id, body) => {
      const outcome = await service.decide(access, id, body);
      return { ...outcome, explanation: presentExplanation(outcome.explanation) };
    },
    list: async (f) =>
      (await service.list({ organisationCode: f.organisation, targetId: f.target, states: f.state === undefined ? undefined : [f.state] })).map(presentExplanation),
    get: async (id) => presentExplanation(await service.get(id)),
    setCommitment: async (code, targetId, body) => presentCommitment(await service.setCommitment(access, code, targetId, body)),
    clearCommitment: (code, targetId) => service.clearCommitment(access, code, targetId),
    commitments: async (code) => (await service.commitments(code)).map(presentCommitment),
    close: () => store.close(),
  };
}

function viaServer(server: Server): AccountabilityClient {
  const query = (entries: Record<string, string | undefined>): string => {
    const params = new URLSearchParams(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
    return params.size > 0 ? `?${params.toString()}` : '';
  };
  const commitmentPath = (code: string, targetId: string) => `organisations/${encodeURIComponent(code)}/commitments/${encodeURIComponent(targetId)}`;
  return {
    propose: (body) => callServer(server, 'POST', 'explanations', body),
    decide: (id, body) => callServer(server, 'POST', `explanations/${String(id)}/decision`, body),
    list: async (f) => (await callServer<{ items: ExplanationJson[] }>(server, 'GET', `explanations${query({ organisation: f.organisation, target: f.target, state: f.state, limit: '500' })}`)).items,
    get: (id) => callServer(server, 'GET', `explanations/${String(id)}`),
    setCommitment: (code, targetId, body) => callServer(server, 'PUT', commitmentPath(code, targetId), body),
    clearCommitment: (code, targetId) => callServer(server, 'DELETE', commitmentPath(code, targetId)),
    commitments: async (code) => (await callServer<{ items: CommitmentJson[] }>(server, 'GET', `commitments${query({ organisation: code })}`)).items,
    close: () => Promise.resolve(),
  };
}

/** Opens the way to explanations and commitments; through the running server when it holds the embedded database. */
export async function openAccountabilityClient(): Promise<AccountabilityClient> {
  const remote = remoteServer();
  if (remote !== undefined) return viaServer(remote);
  const config = loadConfig();
  const target = storeTargetFromConfig(config);
  let store: Store;
  try {
    store = await openStore(target);
  } catch (error) {
    if (!(error instanceof ConflictError) || target.engine !== 'pglite' || !('dataDir' in target)) throw error;
    const server = readServerFile(target.dataDir);
    if (server === undefined) throw error;
    return viaServer(server);
  }
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return direct(store);
}

/** Runs `fn` with a client and closes it again. */
export async function withAccountability<T>(fn: (client: AccountabilityClient) => Promise<T>): Promise<T> {
  const client = await openAccountabilityClient();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
