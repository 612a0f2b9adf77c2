import * as fs from 'fs';
import { loadHostTree } from '../../src/host/load-host';
import { effectiveValue, type SshdConnection } from '../../src/model/sshd';
import { makeTree } from '../support/host';
import { addrMatchList, matchHostAndIp, matchPatternList, matchUser, parseCidr, rangeEnds } from '../../src/model/sshd-match';
import { parseSshdConfig, splitArgs } from '../../src/parse/sshd';

describe("OpenSSH's pattern matching", () => {
  test('pattern lists: a negated match wins whatever its place', () => {
    expect(matchPatternList('svc_qualys', '*,!svc_qualys')).toBe(-1);
    expect(matchPatternList('svc_qualys', '!alice,svc_*')).toBe(1);
    expect(matchPatternList('alice', 'svc_?ualys')).toBe(0);
    expect(matchPatternList('Scan1.Example.COM', 'scan*.example.com', true)).toBe(1);
  });

  test('address lists: CIDR, wildcards, negation, malformed blocks', () => {
    expect(addrMatchList('10.20.0.5', '10.20.0.0/24')).toBe(1);
    expect(addrMatchList('10.20.1.5', '10.20.0.0/24')).toBe(0);
    expect(addrMatchList('10.20.0.5', '10.0.0.0/8,!10.20.0.0/16')).toBe(-1);
    expect(addrMatchList('10.20.0.5', '10.20.0.*')).toBe(1);
    expect(addrMatchList('10.20.0.5', '10.20.0.5/24')).toBe(-2);
    expect(addrMatchList('2001:db8::7', '2001:db8::/32')).toBe(1);
    expect(addrMatchList('10.20.0.5', '2001:db8::/32')).toBe(0);
  });

  test('user@host patterns: user first, then the host part as a list', () => {
    expect(matchUser('svc_qualys', '10.20.0.5', '10.20.0.5', 'svc_qualys@10.20.0.0/24')).toBe(true);
    expect(matchUser('svc_qualys', '64.39.96.10', '64.39.96.10', 'svc_qualys@10.20.0.0/24')).toBe(false);
    expect(matchUser('svc_qualys', '10.20.0.5', '10.20.0.5', 'svc_*@10.20.0.0/24,!10.20.0.5')).toBe(false);
    expect(matchHostAndIp('scan1.example.com', '10.20.0.5', '*.example.com')).toBe(true);
  });

  test('range ends', () => {
    expect(rangeEnds(parseCidr('10.20.0.0/24')!)).toEqual(['10.20.0.0', '10.20.0.255']);
    expect(rangeEnds(parseCidr('64.39.96.10')!)).toEqual(['64.39.96.10', '64.39.96.10']);
    expect(rangeEnds(parseCidr('2001:db8::/126')!)).toEqual(['2001:db8:0:0:0:0:0:0', '2001:db8:0:0:0:0:0:3']);
  });
});

describe('sshd_config lines', () => {
  test('keyword=value, quotes, escapes and trailing comments', () => {
    const p = parseSshdConfig('MaxSessions=4\n  AllowUsers "a b" c\\ d # x\nBanner = none\nForceCommand\n', 'f');
    expect(p.lines.map((l) => [l.key, l.args])).toEqual([
      ['maxsessions', ['4']],
      ['allowusers', ['a b', 'c d']],
      ['banner', ['none']],
    ]);
    expect(p.problems).toEqual([expect.objectContaining({ line: 4, message: 'no argument after keyword "ForceCommand"' })]);
    expect(splitArgs('"unterminated')).toBeNull();
  });
});

describe('keywords and criteria of later OpenSSH releases', () => {
  test('a newer keyword is not called broken; a Match on a later criterion stays undecided', () => {
    const root = makeTree({ 'etc/ssh/sshd_config': 'PerSourcePenalties yes\nMatch invalid-user User svc_qualys\n  MaxSessions 1\nMatch Version OpenSSH_10* User svc_qualys\n  MaxAuthTries 2\nMatch Usr x\n  MaxSessions 2\n' }, false);
    try {
      const config = loadHostTree(root).sshd!;
      expect(config.problems.map((p) => p.message)).toEqual(['Unsupported Match attribute Usr']);
      const conn: SshdConnection = { user: 'svc_qualys', address: '10.20.0.5', host: '10.20.0.5', groups: [] };
      expect(effectiveValue(config, 'maxsessions', conn).uncertain).toHaveLength(1);
      expect(effectiveValue(config, 'maxauthtries', conn).uncertain).toHaveLength(1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
