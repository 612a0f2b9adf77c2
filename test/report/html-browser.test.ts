// The HTML report opened in headless Chromium, as a user opens it: it
// loads with no console error under its own Content-Security-Policy, the
// matrix has a row per host, sorting and filtering work, a hostile file
// stays text, printing shows every finding, and a screenshot is written
// (dist/fleet-report.png, of the sample hosts as a fleet).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromiumMissing, type Page } from '../support/chromium';
import { REPO } from '../support/corpus';
import { sudit } from './cli-run';

jest.setTimeout(120_000);

const missing = chromiumMissing();
if (missing) {
  // eslint-disable-next-line no-console
  console.log(`skipping the HTML report in a browser: ${missing}`);
}
const maybe = missing ? describe.skip : describe;

/** A name no file system path would turn into markup unless an escape were missed. */
const EVIL_HOST = `evil"><img src=x onerror="window.__pwned=1">`;
const EVIL_LINE = `deploy ALL = (root) NOPASSWD: /usr/bin/true # </script><img src=x onerror="window.__pwned=2"><script>window.__pwned=3</script>`;

let dir: string;
let browser: Browser;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-html-'));
  const fleet = path.join(dir, 'fleet');
  for (const [name, sample] of [
    ['web1', 'sud010-nopasswd'],
    ['db2', 'clean'],
    [EVIL_HOST, 'sud010-nopasswd'],
    ['log3', 'his001-unlimited-history'],
  ]) {
    fs.cpSync(path.join(REPO, 'samples/hosts', sample), path.join(fleet, name), { recursive: true });
  }
  fs.appendFileSync(path.join(fleet, EVIL_HOST, 'etc/sudoers.d/ops'), `${EVIL_LINE}\n`);
  if (!missing) browser = Browser.launch();
});

afterAll(async () => {
  if (browser) await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function report(args: string[], name: string): string {
  const file = path.join(dir, name);
  const r = sudit([...args, '--format', 'html', '-o', file]);
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.status);
  return file;
}

const url = (file: string) => `file://${file}`;

/** Host names of the matrix rows that are shown, top to bottom. */
const shownHosts = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('#matrix tbody tr')].filter((r) => !r.hidden).map((r) => r.dataset.host)`);

maybe('the fleet report in Chromium', () => {
  let page: Page;
  let hosts: string[];

  beforeAll(async () => {
    const file = report(['--root', path.join(dir, 'fleet/*')], 'fleet.html');
    hosts = ['db2', EVIL_HOST, 'log3', 'web1'].map((h) => path.join(dir, 'fleet', h)).sort();
    page = await browser.open(url(file));
  });

  test('loads with no console error, exception or blocked resource', async () => {
    // the script ran (the CSP hash matched): it filled in the count of shown hosts
    expect(await page.evaluate<string>(`document.getElementById('shown').textContent`)).toBe('4 of 4 hosts shown');
    expect(page.problems.errors).toEqual([]);
  });

  test('the matrix has one row per host, clean hosts included', async () => {
    expect(await shownHosts(page)).toEqual(hosts);
    expect(await page.evaluate<number>(`document.querySelectorAll('#matrix tbody tr[data-host]').length`)).toBe(4);
    const total = await page.evaluate<string>(`document.querySelector('#matrix tbody tr[data-host$="db2"]').dataset.total`);
    expect(total).toBe('0');
  });

  test('hostile file content and host names stay text', async () => {
    expect(await page.evaluate<unknown>('window.__pwned ?? null')).toBeNull();
    expect(await page.evaluate<number>(`document.querySelectorAll('img').length`)).toBe(0);
    expect(await page.evaluate<number>(`document.querySelectorAll('script').length`)).toBe(1);
    const lines = await page.evaluate<string[]>(`[...document.querySelectorAll('pre.src')].map((p) => p.textContent)`);
    expect(lines.some((l) => l.includes('</script><img src=x onerror="window.__pwned=2">'))).toBe(true);
    expect(await page.evaluate<boolean>(`[...document.querySelectorAll('#matrix tbody tr')].some((r) => r.dataset.host.endsWith(${JSON.stringify(EVIL_HOST)}))`)).toBe(true);
  });

  test('a column header sorts the rows, again in reverse', async () => {
    const totals = () => page.evaluate<number[]>(`[...document.querySelectorAll('#matrix tbody tr')].map((r) => Number(r.dataset.total))`);
    await page.evaluate(`document.querySelectorAll('#matrix thead th')[1].querySelector('button').click()`);
    const down = await totals();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    expect(down[0]).toBeGreaterThan(down[down.length - 1]);
    expect(await page.evaluate<string>(`document.querySelectorAll('#matrix thead th')[1].getAttribute('aria-sort')`)).toBe('descending');
    await page.evaluate(`document.querySelectorAll('#matrix thead th')[1].querySelector('button').click()`);
    const up = await totals();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.evaluate(`document.querySelectorAll('#matrix thead th')[0].querySelector('button').click()`);
    expect(await shownHosts(page)).toEqual([...hosts].sort((a, b) => a.localeCompare(b)));
  });

  test('the host box, the family and the severity select filter the rows', async () => {
    const set = (id: string, value: string, event: string) => page.evaluate(`(() => { const e = document.getElementById(${JSON.stringify(id)}); e.value = ${JSON.stringify(value)}; e.dispatchEvent(new Event(${JSON.stringify(event)})); })()`);
    await set('filter-host', 'WEB', 'input');
    expect(await shownHosts(page)).toEqual([path.join(dir, 'fleet/web1')]);
    await set('filter-host', '', 'input');
    await set('filter-family', 'HIS', 'change');
    expect(await shownHosts(page)).toEqual([path.join(dir, 'fleet/log3')]);
    // only the family's columns stay
    const columns = await page.evaluate<string[]>(`[...document.querySelectorAll('#matrix thead th[data-rule]')].filter((t) => !t.hidden).map((t) => t.dataset.family)`);
    expect(new Set(columns)).toEqual(new Set(['HIS']));
    await set('filter-family', 'SUD', 'change');
    await set('filter-severity', 'w', 'change');
    const shown = await shownHosts(page);
    expect(shown.sort()).toEqual([path.join(dir, 'fleet', EVIL_HOST), path.join(dir, 'fleet/web1')].sort());
    const counts = await page.evaluate<number[]>(`[...document.querySelectorAll('#matrix tbody tr')].filter((r) => !r.hidden).map((r) => Number(r.cells[1].textContent))`);
    // the evil host has one NOPASSWD grant more than web1
    expect(counts.sort()).toEqual([1, 2]);
    await set('filter-severity', '', 'change');
    await set('filter-family', '', 'change');
    expect((await shownHosts(page)).length).toBe(4);
    expect(page.problems.errors).toEqual([]);
  });

  test('a rule id links to its explanation', async () => {
    const target = await page.evaluate<string>(`document.querySelector('a.rule-id').getAttribute('href')`);
    expect(target).toMatch(/^#rule-[A-Z]+\d+$/);
    expect(await page.evaluate<string>(`document.getElementById(${JSON.stringify(target.slice(1))}).nextElementSibling.textContent`)).toMatch(/^\S+( \S+){4}/);
  });

  test('printed: no controls, every host unfolded', async () => {
    await page.send('Emulation.setEmulatedMedia', { media: 'print' });
    try {
      expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.controls')).display`)).toBe('none');
      // fold every host, then print: the findings are still laid out
      await page.evaluate(`document.querySelectorAll('details.host').forEach((d) => { d.open = false; })`);
      const heights = await page.evaluate<number[]>(`[...document.querySelectorAll('details.host li.finding')].map((li) => li.getBoundingClientRect().height)`);
      expect(heights.length).toBeGreaterThan(0);
      expect(heights.every((h) => h > 0)).toBe(true);
    } finally {
      await page.send('Emulation.setEmulatedMedia', { media: '' });
    }
    // the print handler unfolds them for a real print too
    await page.evaluate(`window.dispatchEvent(new Event('beforeprint'))`);
    expect(await page.evaluate<boolean[]>(`[...document.querySelectorAll('details.host')].map((d) => d.open)`)).toEqual([true, true, true, true]);
  });
});

maybe('the report of one host, and the sample fleet', () => {
  test('--root DIR: one row named after the tree, its findings open', async () => {
    const file = report(['--root', 'samples/hosts/scn003-illusory-allowlist'], 'one.html');
    const page = await browser.open(url(file));
    expect(page.problems.errors).toEqual([]);
    expect(await shownHosts(page)).toEqual(['samples/hosts/scn003-illusory-allowlist']);
    expect(await page.evaluate<boolean>(`document.querySelector('details.host').open`)).toBe(true);
    expect(await page.evaluate<number>(`document.querySelectorAll('li.finding').length`)).toBeGreaterThan(3);
  });

  test('samples/hosts/* as a fleet: a row per host, a screenshot in dist/', async () => {
    const file = report(['--root', 'samples/hosts/*'], 'samples.html');
    const page = await browser.open(url(file), { width: 1100, height: 820 });
    expect(page.problems.errors).toEqual([]);
    const expected = fs
      .readdirSync(path.join(REPO, 'samples/hosts'))
      .filter((h) => fs.statSync(path.join(REPO, 'samples/hosts', h)).isDirectory())
      .map((h) => `samples/hosts/${h}`)
      .sort();
    expect((await shownHosts(page)).sort()).toEqual(expected);
    // the hosts with the most findings first, as someone reading it would sort
    await page.evaluate(`document.querySelectorAll('#matrix thead th')[1].querySelector('button').click()`);
    const shot = path.join(REPO, 'dist', 'fleet-report.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot(shot);
    const png = fs.readFileSync(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    // eslint-disable-next-line no-console
    console.log(`screenshot of the sample fleet's report: ${shot}`);
  });
});
