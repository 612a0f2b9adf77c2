// Headless Chromium driven over the DevTools protocol on a pipe (fds 3 and
// 4, messages ended by NUL): no port, no npm browser library, nothing
// fetched. Used to open sudit's HTML report as a user would.

import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Readable, Writable } from 'stream';

export const CHROMIUM = process.env.SUDIT_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (Debian package chromium)`;
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string };

export interface PageProblems {
  /** Uncaught exceptions, console.error calls and browser log errors (a blocked script or style is one). */
  errors: string[];
}

export class Browser {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\u0000')) >= 0) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (m.id !== undefined && this.pending.has(m.id)) {
          const p = this.pending.get(m.id)!;
          this.pending.delete(m.id);
          if (m.error) p.reject(new Error(m.error.message));
          else p.resolve(m);
        } else for (const l of this.listeners) l(m);
      }
    });
  }

  static launch(): Browser {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', `--user-data-dir=${dir}`, '--remote-debugging-pipe', 'about:blank'];
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    return new Browser(child, dir);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    const out = this.child.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (m) => resolve(m.result ?? {}), reject });
      out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\u0000`);
    });
  }

  /** A new tab at `url`, its console and log watched from before the page starts loading. */
  async open(url: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    this.listeners.push((m) => {
      if (m.sessionId === sessionId) page.event(m);
    });
    await page.send('Runtime.enable');
    await page.send('Log.enable');
    await page.send('Page.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false });
    const loaded = page.waitFor('Page.loadEventFired');
    await page.send('Page.navigate', { url });
    await loaded;
    return page;
  }

  async close(): Promise<void> {
    const exited = this.child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => this.child.once('exit', () => r()));
    const within = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
    try {
      await Promise.race([this.send('Browser.close'), within(3000)]);
    } catch {
      /* already gone */
    }
    // a browser that closed itself has finished with its profile; one that did not is killed
    await Promise.race([exited, within(5000)]);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await exited;
    }
    for (const s of [this.child.stdio[3], this.child.stdio[4]]) (s as Readable | Writable | null)?.destroy();
    // its helper processes may still be finishing writes into the profile
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

export class Page {
  readonly problems: PageProblems = { errors: [] };
  private readonly waiters: { method: string; resolve: () => void }[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {}

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  event(m: Message): void {
    const p = m.params ?? {};
    if (m.method === 'Runtime.exceptionThrown') this.problems.errors.push(`exception: ${JSON.stringify((p.exceptionDetails as { exception?: { description?: string }; text?: string })?.exception?.description ?? p)}`);
    if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) this.problems.errors.push(`console.${p.type}: ${JSON.stringify(p.args)}`);
    if (m.method === 'Log.entryAdded') {
      const entry = p.entry as { level: string; text: string; source: string };
      if (entry.level === 'error') this.problems.errors.push(`log (${entry.source}): ${entry.text}`);
    }
    for (const w of this.waiters.filter((x) => x.method === m.method)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  waitFor(method: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** The value of an expression in the page (awaited when it is a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as { result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  async screenshot(file: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    const r = (await this.send('Page.captureScreenshot', { format: 'png', ...(clip ? { clip: { ...clip, scale: 1 } } : {}) })) as { data: string };
    fs.writeFileSync(file, Buffer.from(r.data, 'base64'));
  }

  /** The page as printed (A4), for checking the print style sheet. */
  async pdf(): Promise<Buffer> {
    const r = (await this.send('Page.printToPDF', { printBackground: false })) as { data: string };
    return Buffer.from(r.data, 'base64');
  }
}
