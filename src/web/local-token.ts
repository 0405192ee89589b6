/**
 * The embedded server's address and local token, in `<data dir>/server.json` (mode 0600): how `thorbecke
 * scan` on the same machine reaches the server that holds the embedded database. Whoever can read the data
 * folder can already read the database; the token grants no more than that.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const ServerFileSchema = z.object({ url: z.url(), token: z.string().min(32), pid: z.number().int() });
export type ServerFile = z.infer<typeof ServerFileSchema>;

export function serverFilePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'server.json');
}

export function newLocalToken(): string {
  return randomBytes(32).toString('base64url');
}

export function writeServerFile(dataDir: string, file: ServerFile): () => void {
  const where = serverFilePath(dataDir);
  writeFileSync(where, `${JSON.stringify(file)}\n`, { mode: 0o600 });
  return () => {
    rmSync(where, { force: true });
  };
}

/** The running server's file, or undefined when there is none or it cannot be read. */
export function readServerFile(dataDir: string): ServerFile | undefined {
  try {
    const parsed = ServerFileSchema.safeParse(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
