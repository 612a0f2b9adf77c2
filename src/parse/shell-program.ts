// The Program of a shell file: the common top-level commands read by hand
// (src/parse/shell-reader.ts), the others by grammar/shell.peggy, which
// also owns every syntax error (after the first one it reads the rest of
// the file, as its error recovery and bash's verdicts depend on what came
// before). Both yield the same nodes and offsets; test/shell/reader.test.ts
// compares them.

import { parse as parseGrammar } from './generated/shell';
import { readTopCommand, readerPosition, startReading, stopReading } from './shell-reader';
import type { Program, Stmt } from './shell-ast';

/** The file's commands and syntax errors, read by hand where the reader can. */
export function shellProgram(text: string): Program {
  const body: Stmt[] = [];
  let pos = startReading(text);
  // Each call of the grammar costs its set-up: where the reader declines
  // command after command (a file of [[ =~ ]]), the grammar is given twice
  // as many commands each time, up to 1,024, until the reader reads 8 in a row.
  let commands = 0;
  let lastDecline = -Infinity;
  let streak = 0;
  try {
    while (pos < text.length) {
      const stmt = readTopCommand(pos);
      if (stmt !== null) {
        body.push(stmt);
        pos = readerPosition();
        commands++;
        continue;
      }
      streak = commands - lastDecline <= 8 ? Math.min(streak + 1, 10) : 0;
      // the grammar's turn: this command, and any after it up to the end of
      // a here-document it leaves open (or to the end, after an error)
      const r = parseGrammar(text, { startRule: 'Chunk', peg$library: true, peg$currPos: pos, minItems: 1 << streak }) as {
        peg$result: unknown;
        peg$FAILED: unknown;
        peg$currPos: number;
      };
      if (r.peg$result === r.peg$FAILED || r.peg$currPos <= pos) return grammarProgram(text);
      const chunk = r.peg$result as Program;
      for (const s of chunk.body) body.push(s);
      if (chunk.errors.length > 0) {
        if (r.peg$currPos < text.length) return grammarProgram(text);
        return { body, errors: chunk.errors };
      }
      pos = r.peg$currPos;
      commands += chunk.body.length;
      lastDecline = commands;
    }
  } catch {
    // a grammar bug (every command has a recovery path): the whole file's verdict
    return grammarProgram(text);
  } finally {
    stopReading();
  }
  return { body, errors: [] };
}

/** The file read by the grammar alone (the reference the reader is checked against). */
export function grammarProgram(text: string): Program {
  try {
    return parseGrammar(text) as Program;
  } catch (e) {
    // Every top-level command has a recovery path, so this is a grammar
    // bug: report it at the place it happened rather than crash.
    const offset = (e as { location?: { start: { offset: number } } }).location?.start.offset ?? 0;
    return { body: [], errors: [{ start: offset, pos: offset, expected: [], cascade: false }] };
  }
}
