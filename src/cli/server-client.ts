/**
 * The one way the CLI talks to a running Thorbecke server's API: with the server's local token (from
 * `<data dir>/server.json`, while the embedded server holds the database), or — for scripts against a
 * remote Thorbecke — with a person's API token from THORBECKE_SERVER_URL and THORBECKE_API_TOKEN. Problem
 * details come back as the same errors the services throw, so the CLI reports them as if it had worked on
 * the database itself; what the caller may do is decided by the server.
 */
import { AuthenticationError, ConflictError, InputError, messageOf, NotAllowedError, NotFoundError, TooManyRequestsError } from '../domain/errors.js';
import { CLI_USER_HEADER } from '../web/auth/middleware.js';
import type { ServerFile } from '../web/local-token.js';
import { cliActor } from './actor.js';

interface ProblemBody {
  detail?: string;
  invalidParams?: { name: string; reason: string }[];
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A server to call: the local server's file, or a remote server with an API token. */
export type Server = Pick<ServerFile, 'url' | 'token'> & { pid?: number | undefined };

/** The remote server of THORBECKE_SERVER_URL with THORBECKE_API_TOKEN, when both are set. */
export function remoteServer(env: NodeJS.ProcessEnv = process.env): Server | undefined {
  const url = env.THORBECKE_SERVER_URL;
  const token = env.THORBECKE_API_TOKEN;
  if (url === undefined || url === '') return undefined;
  if (token === undefined || token === '') throw new InputError('THORBECKE_SERVER_URL is set: also set THORBECKE_API_TOKEN (an API token from the /account page).');
  if (!/^https?:\/\//.test(url)) throw new InputError('THORBECKE_SERVER_URL must be an http:// or https:// address.');
  return { url: url.endsWith('/') ? url : `${url}/`, token };
}

export async function callServer<T>(server: Server, method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(`api/v1/${path}`, server.url), {
      method,
      headers: { authorization: `Bearer ${server.token}`, [CLI_USER_HEADER]: cliActor().name, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new ConflictError(
      server.pid === undefined
        ? `The Thorbecke server at ${server.url} does not answer: ${messageOf(error)}.`
        : `The embedded database is held by a Thorbecke server (pid ${String(server.pid)}) that does not answer at ${server.url}: ${messageOf(error)}.`,
    );
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
    case 403:
      throw new NotAllowedError(detail);
    case 404:
      throw new NotFoundError(detail);
    case 429:
      throw new TooManyRequestsError(detail, Number(response.headers.get('retry-after') ?? 60));
    default:
      throw new ConflictError(`The server refused: ${detail}`);
  }
}
