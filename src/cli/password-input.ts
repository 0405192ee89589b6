/**
 * Reading a password for `thorbecke user add|password`: never from the command line (it would show in `ps`
 * and in the shell's history), but from standard input (`--password-stdin`, for scripts: the first line) or,
 * at a terminal, typed twice without echo.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { InputError } from '../domain/errors.js';

/** The longest input read from stdin (a password is at most 256 characters; this leaves room for UTF-8). */
const MAX_STDIN_BYTES = 4096;

/** The password on standard input: its first line, without the line ending. */
export async function readPasswordFromStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > MAX_STDIN_BYTES) throw new InputError('The password on standard input is too long (at most 256 characters, on one line).');
    if (text.includes('\n')) break;
  }
  const password = text.split(/\r?\n/, 1)[0] ?? '';
  if (password === '') throw new InputError('No password on standard input (--password-stdin reads its first line).');
  return password;
}

/** Asks one question at a terminal without echoing what is typed; Ctrl-C cancels. */
export async function askHidden(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: true });
  const cancel = new AbortController();
  rl.on('SIGINT', () => {
    cancel.abort();
  });
  try {
    output.write(question);
    muted = true;
    return await rl.question('', { signal: cancel.signal });
  } catch (error) {
    if (cancel.signal.aborted) throw new InputError('Cancelled: no password given.');
    throw error;
  } finally {
    muted = false;
    output.write('\n');
    rl.close();
  }
}

export interface PasswordSource {
  /** `--password-stdin` */
  stdin: boolean;
}

/**
 * The password for a command: from stdin with `--password-stdin`; else typed twice at a terminal; else an
 * error that says how to give one.
 */
export async function readNewPassword(source: PasswordSource, noTerminalHint: string): Promise<string> {
  if (source.stdin) return readPasswordFromStdin();
  if (!process.stdin.isTTY) throw new InputError(`No terminal to type a password at: ${noTerminalHint}`);
  const first = await askHidden('New password (at least 12 characters; a passphrase of several words is easiest): ');
  const second = await askHidden('The same password again: ');
  if (first !== second) throw new InputError('The two passwords differ; nothing was changed.');
  return first;
}
