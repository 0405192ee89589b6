/** Thrown when the bytes are not valid UTF-8; says where the first bad byte is. */
export class Utf8Error extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    super(`invalid UTF-8 at line ${line}, column ${column}`);
    this.name = 'Utf8Error';
  }
}

/** Tracks the line and column (1-based, in characters) after the text seen so far. */
class Position {
  line = 1;
  column = 1;

  advance(text: string): void {
    let from = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.column += text.length;
      return;
    }
    while (nl !== -1) {
      this.line += 1;
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    this.column = text.length - from + 1;
  }
}

/** The longest prefix of `chunk` that is valid UTF-8 (a sequence cut off at the end counts as valid). */
function validPrefix(chunk: Uint8Array): string {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, lo), { stream: true });
}

/** The bytes at the end of `chunk` that start a character not yet complete (the decoder holds them). */
function incompleteTail(chunk: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, chunk.length); back += 1) {
    const byte = chunk[chunk.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? chunk.slice(chunk.length - back) : new Uint8Array();
  }
  return new Uint8Array();
}

/**
 * Decodes a byte stream as strict UTF-8, chunk by chunk (a leading byte order mark is dropped). Invalid
 * bytes throw a {@link Utf8Error} with their line and column.
 */
export async function* decodeUtf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const position = new Position();
  let carry: Uint8Array = new Uint8Array();
  for await (const chunk of bytes) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const held = new Uint8Array(carry.length + chunk.length);
      held.set(carry);
      held.set(chunk, carry.length);
      position.advance(validPrefix(held));
      throw new Utf8Error(position.line, position.column);
    }
    carry = incompleteTail(carry.length > 0 && text === '' ? Buffer.concat([carry, chunk]) : chunk);
    position.advance(text);
    if (text !== '') yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new Utf8Error(position.line, position.column);
  }
  if (rest !== '') yield rest;
}
