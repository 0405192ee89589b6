/**
 * How `thorbecke explanation` and `thorbecke commitment` reach the data: directly in the database
 * (PostgreSQL, or the embedded database when no server holds it), or through the running embedded server's
 * API with its local token.
 */
import { loadConfig } from '../../config/load.js';
import { AuthenticationError, ConflictError, InputError, messageOf, NotFoundError } from '../../domain/errors.js';
import type { ExplanationState } from '../../domain/progress.js';
import { AccountabilityService } from '../../services/accountability.js';
import { StrategyService } from '../../services/strategy.js';
import { openStore, storeTargetFromConfig, type Store } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { presentCommitment, presentExplanation } from '../../web/api/schemas-accountability.js';
import { readServerFile, type ServerFile } from '../../web/local-token.js';

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
  clearCommitment(code: string, targetId: string, by: string): Promise<void>;
  commitments(code?: string): Promise<CommitmentJson[]>;
  close(): Promise<void>;
}

function direct(store: Store): AccountabilityClient {
  const service = new AccountabilityService(store.db, new StrategyService(store.db));
  return {
    propose: async (body) => presentExplanation(await service.propose(body)),
    decide: async (id, body) => {
      const outcome = await service.decide(id, body);
      return { ...outcome, explanation: presentExplanation(outcome.explanation) };
    },
    list: async (f) =>
      (await service.list({ organisationCode: f.organisation, targetId: f.target, states: f.state === undefined ? undefined : [f.state] })).map(presentExplanation),
    get: async (id) => presentExplanation(await service.get(id)),
    setCommitment: async (code, targetId, body) => presentCommitment(await service.setCommitment(code, targetId, body)),
    clearCommitment: (code, targetId, by) => service.clearCommitment(code, targetId, by),
    commitments: async (code) => (await service.commitments(code)).map(presentCommitment),
    close: () => store.close(),
  };
}

interface ProblemBody {
  detail?: string;
  invalidParams?: { name: string; reason: string }[];
}

async function call<T>(server: ServerFile, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(`api/v1/${path}`, server.url), {
      method,
      headers: { authorization: `Bearer ${server.token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new ConflictError(`The embedded database is held by a Thorbecke server (pid ${String(server.pid)}) that does not answer at ${server.url}: ${messageOf(error)}.`);
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as ProblemBody;
  if (response.ok) return payload as T;
  const detail = payload.detail ?? `HTTP ${String(response.status)}`;
  switch (response.status) {
    case 400:
      // The API locates problems as `body.field`; the CLI names the field.
      throw new InputError(detail, (payload.invalidParams ?? []).map((p) => ({ location: p.name.replace(/^(body|input|json|query|path)\./, ''), message: p.reason })));
    case 401:
      throw new AuthenticationError(detail);
    case 404:
      throw new NotFoundError(detail);
    default:
      throw new ConflictError(`The server refused: ${detail}`);
  }
}

function viaServer(server: ServerFile): AccountabilityClient {
  const query = (entries: Record<string, string | undefined>): string => {
    const params = new URLSearchParams(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
    return params.size > 0 ? `?${params.toString()}` : '';
  };
  const commitmentPath = (code: string, targetId: string) => `organisations/${encodeURIComponent(code)}/commitments/${encodeURIComponent(targetId)}`;
  return {
    propose: (body) => call(server, 'POST', 'explanations', body),
    decide: (id, body) => call(server, 'POST', `explanations/${String(id)}/decision`, body),
    list: async (f) => (await call<{ items: ExplanationJson[] }>(server, 'GET', `explanations${query({ organisation: f.organisation, target: f.target, state: f.state, limit: '500' })}`)).items,
    get: (id) => call(server, 'GET', `explanations/${String(id)}`),
    setCommitment: (code, targetId, body) => call(server, 'PUT', commitmentPath(code, targetId), body),
    clearCommitment: (code, targetId, by) => call(server, 'DELETE', `${commitmentPath(code, targetId)}${query({ by })}`),
    commitments: async (code) => (await call<{ items: CommitmentJson[] }>(server, 'GET', `commitments${query({ organisation: code })}`)).items,
    close: () => Promise.resolve(),
  };
}

/** Opens the way to explanations and commitments; through the running server when it holds the embedded database. */
export async function openAccountabilityClient(): Promise<AccountabilityClient> {
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
