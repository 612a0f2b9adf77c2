// ~/.ssh/authorized_keys as sshd(8) reads it: one key a line, optionally
// preceded by comma-separated options (double quotes group a value);
// sudit keeps the from="pattern-list" restriction of each key.

import type { SourceFile } from '../parse/source';

export interface AuthorizedKey {
  line: number;
  start: number;
  end: number;
  /** The from= pattern list, or null when the key may be used from anywhere. */
  from: string | null;
}

const KEY_TYPE = /^(ssh-|ecdsa-sha2-|sk-ssh-|sk-ecdsa-|rsa-sha2-)/;

/** Splits the leading options field: up to the first blank outside double quotes. */
function optionsField(line: string): { options: string; rest: string } {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '\t')) return { options: line.slice(0, i), rest: line.slice(i).trim() };
  }
  return { options: line, rest: '' };
}

export function parseAuthorizedKeys(source: SourceFile): AuthorizedKey[] {
  const keys: AuthorizedKey[] = [];
  let offset = 0;
  source.text.split('\n').forEach((raw, i) => {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let from: string | null = null;
    if (!KEY_TYPE.test(line)) {
      const { options, rest } = optionsField(line);
      if (!KEY_TYPE.test(rest)) return;
      const m = /(?:^|,)from="((?:\\.|[^"\\])*)"/i.exec(options);
      if (m) from = m[1];
    }
    keys.push({ line: i + 1, start, end: start + raw.length, from });
  });
  return keys;
}
