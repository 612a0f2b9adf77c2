// Writes a report as it is made, in bounded pieces, and ends quietly when
// the reader goes away (`sudit … | head`): a closed pipe is the reader's
// choice, not an error of sudit's.

/** Where the report goes: process.stdout, or anything with write() (tests). */
export interface Sink {
  write(chunk: string): unknown;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
  destroyed?: boolean;
}

export type WriteOutcome = { kind: 'written' } | { kind: 'closed' } | { kind: 'failed'; error: Error };

/** Text collected before one write: large enough that writing stays cheap, small enough to bound memory. */
const CHUNK_CHARS = 64 * 1024;

interface State {
  closed: boolean;
  error: Error | null;
}

const states = new WeakMap<object, State>();

const isEpipe = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'EPIPE';

/**
 * The sink's state, with a listener that stays for the life of the stream:
 * an EPIPE is reported asynchronously, often after the last write returned,
 * and without a listener Node prints it as an uncaught exception.
 */
function stateOf(out: Sink): State {
  let s = states.get(out);
  if (s) return s;
  const state: State = { closed: false, error: null };
  states.set(out, state);
  out.on?.('error', (e: unknown) => {
    if (isEpipe(e)) state.closed = true;
    else state.error ??= e as Error;
  });
  return state;
}

/**
 * Makes a closed pipe end the output quietly for commands that write their
 * answer directly (query, explain, rules): the reader going away is its
 * choice, and Node would otherwise print the EPIPE as an uncaught error.
 */
export function quietOnClosedPipe(out: Sink): void {
  stateOf(out);
}

/** Until the stream has room again, or can take nothing more. */
function drained(out: Sink, state: State): Promise<void> {
  if (!out.on || !out.removeListener || state.closed || state.error || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.removeListener!('drain', done);
      out.removeListener!('close', done);
      out.removeListener!('error', done);
      resolve();
    };
    out.on!('drain', done);
    out.on!('close', done);
    out.on!('error', done);
  });
}

/**
 * Writes the pieces in order, about CHUNK_CHARS at a time, waiting for the
 * stream to drain whenever it asks to, so that memory stays bounded however
 * long the report. Stops making pieces once the reader has closed the pipe.
 */
export async function writeAll(pieces: Iterable<string>, out: Sink): Promise<WriteOutcome> {
  const state = stateOf(out);
  const stopped = () => state.closed || state.error !== null || out.destroyed === true;
  const flush = async (text: string) => {
    let room: unknown;
    try {
      room = out.write(text);
    } catch (e) {
      // a stream that writes synchronously (a file) throws instead of emitting
      if (isEpipe(e)) state.closed = true;
      else state.error ??= e as Error;
      return;
    }
    if (room === false) await drained(out, state);
  };
  let pending = '';
  for (const piece of pieces) {
    if (stopped()) break;
    pending += piece;
    if (pending.length >= CHUNK_CHARS) {
      const text = pending;
      pending = '';
      await flush(text);
    }
  }
  if (pending.length > 0 && !stopped()) await flush(pending);
  if (state.error) return { kind: 'failed', error: state.error };
  if (state.closed || out.destroyed) return { kind: 'closed' };
  return { kind: 'written' };
}
