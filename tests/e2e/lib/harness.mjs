// @ts-check
/**
 * Runs the real Reservation Desk window for the end-to-end tests:
 * a private Xvfb display, tauri-driver (which starts WebKitWebDriver, which starts the app),
 * a fresh SQLite store made by the `rdesk` CLI, and a WebDriver session on the window.
 *
 * Everything it starts is killed again, whatever happens: every child is spawned in its own
 * process group and carries a marker in its environment; `stop()`, the exit/signal handlers and
 * a small watchdog (in case this Node process is killed outright) kill the groups and every
 * process that still carries the marker.
 */

import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, command, waitUntil } from './webdriver.mjs';
import { grabDisplay } from './xshot.mjs';

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests/e2e/artifacts');
/** The date the app and the CLI treat as today during the tests. */
export const TODAY = '2026-11-24';

const TARGET_DIR = process.env.CARGO_TARGET_DIR
  ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
  : path.join(REPO_ROOT, 'target');
/** The app under test; `RDESK_E2E_APP` points elsewhere (e.g. a release build). */
export const APP_PATH = process.env.RDESK_E2E_APP ?? path.join(TARGET_DIR, 'debug/reservation-desk');
/** The `rdesk` CLI; `RDESK_E2E_CLI` points elsewhere. */
export const CLI_PATH = process.env.RDESK_E2E_CLI ?? path.join(TARGET_DIR, 'debug/rdesk');

const STARTUP_TIMEOUT_MS = 20_000;
const SESSION_TIMEOUT_MS = 90_000;
const CLI_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Process bookkeeping shared by every harness in this Node process.

/** @type {Set<Desk>} */
const live = new Set();
let handlersInstalled = false;

function installProcessHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Synchronous last resort: whatever is still running when Node exits dies with it.
  process.on('exit', () => {
    for (const desk of live) desk.killNow('SIGKILL');
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      process.stderr.write(`\ne2e: ${signal} received, stopping the app, tauri-driver and Xvfb\n`);
      const hard = setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 4_000);
      Promise.allSettled([...live].map((d) => d.stop())).finally(() => {
        clearTimeout(hard);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    });
  }
}

/**
 * Ends this Node process (after killing every child) if the whole file takes longer than `ms`.
 * @param {number} ms
 */
export function limitWholeRun(ms) {
  const timer = setTimeout(() => {
    process.stderr.write(`\ne2e: the whole run exceeded ${ms / 1000} s, killing everything\n`);
    const hard = setTimeout(() => process.exit(1), 5_000);
    Promise.allSettled([...live].map((d) => d.stop({ failed: true }))).finally(() => {
      clearTimeout(hard);
      process.exit(1);
    });
  }, ms);
  timer.unref();
}

/** @param {number} pid @returns {boolean} true when the process exists and is not a zombie. */
function isRunning(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    if (process.platform === 'linux') return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Running processes (not this one) that carry `marker` in their environment or belong to one of
 * the process groups `pgids`.
 * @param {string} marker
 * @param {number[]} pgids
 * @returns {number[]}
 */
function ownedPids(marker, pgids) {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`RDESK_E2E_RUN=${marker}\0`);
  const groups = new Set(pgids);
  /** @type {number[]} */
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      if (groups.has(Number(fields[2])) || fs.readFileSync(`/proc/${pid}/environ`).includes(needle)) found.push(pid);
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

/** @returns {Promise<number>} a TCP port on 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** @param {string} name @returns {string | undefined} */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir || '.', name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** @returns {string} tauri-driver's path: `$TAURI_DRIVER`, `PATH`, or cargo's bin directory. */
function findTauriDriver() {
  const candidates = [
    process.env.TAURI_DRIVER,
    onPath('tauri-driver'),
    process.env.CARGO_HOME && path.join(process.env.CARGO_HOME, 'bin/tauri-driver'),
    path.join(os.homedir(), '.cargo/bin/tauri-driver'),
  ];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('tauri-driver not found: run `.ci/setup.sh --test` (it runs `cargo install tauri-driver`)');
}

/** @param {string} file @param {number} [bytes] @returns {string} the end of a log file. */
function tail(file, bytes = 4_000) {
  try {
    const buf = fs.readFileSync(file);
    return buf.subarray(Math.max(0, buf.length - bytes)).toString('utf8');
  } catch {
    return '(no log)';
  }
}

/** @param {string} s */
function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'run';
}

// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} Child
 * @property {string} name
 * @property {ChildProcess} proc
 * @property {number} pgid
 * @property {string} log
 */

/** One running app under test, with everything around it. */
export class Desk {
  /** @param {string} label */
  constructor(label) {
    this.label = label;
    this.marker = randomUUID();
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rdesk-e2e-'));
    this.db = path.join(this.tmp, 'desk.sqlite3');
    this.cliLog = path.join(this.tmp, 'cli.log');
    /** @type {Child[]} */
    this.children = [];
    /** @type {Session | undefined} */
    this.session = undefined;
    /** @type {string | undefined} */
    this.display = undefined;
    /** @type {Promise<void> | undefined} */
    this.stopping = undefined;
    this.pgidFile = path.join(this.tmp, 'pgids');
    fs.writeFileSync(this.pgidFile, '');

    const home = (/** @type {string} */ sub) => {
      const dir = path.join(this.tmp, sub);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      return dir;
    };
    /** @type {NodeJS.ProcessEnv} */
    this.env = {
      ...process.env,
      RDESK_DB: this.db,
      RDESK_TODAY: TODAY,
      RDESK_E2E_RUN: this.marker,
      WEBKIT_DISABLE_COMPOSITING_MODE: '1',
      WEBKIT_DISABLE_DMABUF_RENDERER: '1',
      NO_AT_BRIDGE: '1',
      // English UI and no settings or web storage from the developer's own profile.
      LANG: 'C.UTF-8',
      LANGUAGE: 'en',
      XDG_RUNTIME_DIR: home('xdg-runtime'),
      XDG_CONFIG_HOME: home('xdg-config'),
      XDG_DATA_HOME: home('xdg-data'),
      XDG_CACHE_HOME: home('xdg-cache'),
    };
    delete this.env.LC_ALL;
    delete this.env.LC_MESSAGES;
    // Keep the app off the developer's session bus (single-instance forwarding and the like).
    delete this.env.DBUS_SESSION_BUS_ADDRESS;
    delete this.env.WAYLAND_DISPLAY;
    live.add(this);
    installProcessHandlers();
    this.#startWatchdog();
  }

  /**
   * Kills the process groups and marked processes if this Node process dies without cleaning up
   * (e.g. SIGKILL from an outer timeout). Exits on its own once this process is gone.
   */
  #startWatchdog() {
    const script = [
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done',
      'for g in $(cat "$2" 2>/dev/null); do kill -s TERM -- "-$g" 2>/dev/null; done',
      'sleep 2',
      'for g in $(cat "$2" 2>/dev/null); do kill -s KILL -- "-$g" 2>/dev/null; done',
      'rm -rf -- "$3"',
    ].join('\n');
    const proc = spawn('sh', ['-c', script, 'rdesk-e2e-watchdog', String(process.pid), this.pgidFile, this.tmp], {
      detached: true,
      stdio: 'ignore',
    });
    proc.unref();
    this.watchdog = proc;
  }

  /** Appends a line to the CLI log. @param {string} text */
  #logCli(text) {
    fs.appendFileSync(this.cliLog, text.endsWith('\n') ? text : `${text}\n`);
  }

  /**
   * Runs the `rdesk` CLI against this run's store and returns its stdout; throws on a non-zero exit.
   * @param {string[]} args Arguments after `--db <store>`.
   */
  cli(args) {
    const full = ['--db', this.db, ...args];
    const res = spawnSync(CLI_PATH, full, {
      env: this.env,
      encoding: 'utf8',
      timeout: CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    this.#logCli(`$ rdesk ${full.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}(exit ${res.status ?? res.signal})`);
    if (res.error) throw new Error(`rdesk ${args.join(' ')}: ${res.error.message}`);
    if (res.status !== 0) {
      throw new Error(`rdesk ${args.join(' ')} exited with ${res.status ?? res.signal}:\n${res.stderr}`);
    }
    return res.stdout;
  }

  /** @param {string[]} args @returns {any} the parsed JSON printed by `rdesk … --json`. */
  cliJson(args) {
    const out = this.cli([...args, '--json']);
    try {
      return JSON.parse(out);
    } catch (err) {
      throw new Error(`rdesk ${args.join(' ')} --json did not print JSON (${/** @type {Error} */ (err).message}):\n${out.slice(0, 500)}`);
    }
  }

  /**
   * Spawns a long-running child in its own process group, output to a log file.
   * @param {string} name
   * @param {string} file
   * @param {string[]} args
   * @param {Array<'ignore' | 'pipe'>} [extraFds] File descriptors from 3 on.
   */
  #spawn(name, file, args, extraFds = []) {
    const log = path.join(this.tmp, `${name}.log`);
    const fd = fs.openSync(log, 'a');
    const proc = spawn(file, args, { env: this.env, detached: true, stdio: ['ignore', fd, fd, ...extraFds] });
    fs.closeSync(fd);
    proc.on('error', (err) => fs.appendFileSync(log, `\n[harness] spawn failed: ${err.message}\n`));
    if (!proc.pid) throw new Error(`could not start ${file}`);
    proc.unref();
    /** @type {Child} */
    const child = { name, proc, pgid: proc.pid, log };
    this.children.push(child);
    fs.appendFileSync(this.pgidFile, `${proc.pid}\n`);
    return child;
  }

  /** Starts Xvfb on a display it picks itself (`-displayfd`). */
  async startXvfb() {
    const child = this.#spawn(
      'xvfb',
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp', '-noreset'],
      ['pipe'],
    );
    const pipe = /** @type {import('node:stream').Readable} */ (child.proc.stdio[3]);
    const display = await new Promise((resolve, reject) => {
      let got = '';
      const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display within ${STARTUP_TIMEOUT_MS} ms:\n${tail(child.log)}`)), STARTUP_TIMEOUT_MS);
      pipe.on('data', (chunk) => {
        got += String(chunk);
        const m = /^(\d+)\n/.exec(got);
        if (m) {
          clearTimeout(timer);
          resolve(`:${m[1]}`);
        }
      });
      child.proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Xvfb exited (${code ?? signal}) before reporting a display:\n${tail(child.log)}`));
      });
    });
    pipe.destroy();
    this.display = display;
    this.env.DISPLAY = display;
    return display;
  }

  /** Starts tauri-driver on free ports and waits until it (and WebKitWebDriver behind it) answers. */
  async startDriver() {
    const port = await freePort();
    let nativePort = await freePort();
    while (nativePort === port) nativePort = await freePort();
    const child = this.#spawn('tauri-driver', findTauriDriver(), ['--port', String(port), '--native-port', String(nativePort)]);
    this.driverUrl = `http://127.0.0.1:${port}`;
    /** @type {string | undefined} */
    let exited;
    child.proc.on('exit', (code, signal) => {
      exited = String(code ?? signal);
    });
    const base = this.driverUrl;
    await waitUntil(
      `tauri-driver to answer ${base}/status`,
      async () => {
        if (exited !== undefined) throw new Error(`tauri-driver exited (${exited}):\n${tail(child.log)}`);
        const v = await command(base, 'GET', '/status', undefined, 2_000);
        return v && v.ready !== false ? true : undefined;
      },
      { timeoutMs: STARTUP_TIMEOUT_MS, intervalMs: 200 },
    ).catch((err) => {
      if (exited !== undefined) throw new Error(`tauri-driver exited (${exited}):\n${tail(child.log)}`);
      throw err;
    });
    return base;
  }

  /** Opens the app window through a new WebDriver session. */
  async openWindow() {
    if (!this.driverUrl) throw new Error('start the driver first');
    if (!fs.existsSync(APP_PATH)) {
      throw new Error(`the app is not built: ${APP_PATH} is missing (cargo build -p reservation-desk -p desk)`);
    }
    this.session = await Session.create(
      this.driverUrl,
      { browserName: 'wry', 'tauri:options': { application: APP_PATH } },
      SESSION_TIMEOUT_MS,
    );
    return this.session;
  }

  /** The session, which must be open. */
  get s() {
    if (!this.session) throw new Error('no WebDriver session');
    return this.session;
  }

  /**
   * A PNG of the app window: WebDriver's `GET /screenshot`, or, when that fails or does not
   * answer within 10 s (a wedged web process, or WebKitGTK builds whose screenshot hangs under
   * Xvfb), a grab of the X display cropped to the window's rectangle.
   * @returns {Promise<Buffer>}
   */
  async screenshot() {
    /** @type {unknown} */
    let webdriverError;
    if (this.session) {
      try {
        return Buffer.from(String(await this.session.cmd('GET', '/screenshot', undefined, 10_000)), 'base64');
      } catch (err) {
        webdriverError = err;
      }
    }
    if (!this.display) throw webdriverError ?? new Error('no session and no display to take a screenshot of');
    /** @type {import('./xshot.mjs').Rect | undefined} */
    const crop = this.session ? await this.session.cmd('GET', '/window/rect', undefined, 5_000).catch(() => undefined) : undefined;
    return grabDisplay(this.display, { crop });
  }

  /**
   * Copies the logs (and, with a session, a screenshot and the page source) to
   * `tests/e2e/artifacts/<time>-<what>/` and prints the paths.
   * @param {string} what
   */
  async saveArtifacts(what) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const dir = path.join(ARTIFACTS_DIR, `${stamp}-${slug(this.label)}-${slug(what)}`);
    fs.mkdirSync(dir, { recursive: true });
    /** @type {string[]} */
    const saved = [];
    if (this.session) {
      try {
        const html = path.join(dir, 'page.html');
        fs.writeFileSync(html, await this.session.source());
        saved.push(html);
      } catch (err) {
        saved.push(`(no page source: ${/** @type {Error} */ (err).message})`);
      }
    }
    if (this.session || this.display) {
      try {
        const png = path.join(dir, 'screenshot.png');
        fs.writeFileSync(png, await this.screenshot());
        saved.push(png);
      } catch (err) {
        saved.push(`(no screenshot: ${/** @type {Error} */ (err).message})`);
      }
    }
    for (const file of [...this.children.map((c) => c.log), this.cliLog]) {
      if (!fs.existsSync(file)) continue;
      const to = path.join(dir, path.basename(file) === 'tauri-driver.log' ? 'tauri-driver-and-app.log' : path.basename(file));
      fs.copyFileSync(file, to);
      saved.push(to);
    }
    process.stderr.write(`e2e: artifacts for "${what}":\n${saved.map((p) => `  ${p}`).join('\n')}\n`);
    return dir;
  }

  /**
   * Runs one piece of a test; on failure saves the artifacts, then rethrows.
   * @template T
   * @param {string} what
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>}
   */
  async step(what, fn) {
    try {
      return await fn();
    } catch (err) {
      await this.saveArtifacts(what).catch((e) => process.stderr.write(`e2e: could not save artifacts: ${e}\n`));
      throw err;
    }
  }

  /**
   * Sends `signal` to every process group started here and every process carrying the marker.
   * Synchronous, so it can run in an `exit` handler.
   * @param {NodeJS.Signals} signal
   */
  killNow(signal) {
    for (const c of this.children) {
      try {
        process.kill(-c.pgid, signal);
      } catch {
        // group already gone
      }
    }
    for (const pid of ownedPids(this.marker, [])) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone
      }
    }
  }

  /** @returns {number[]} processes started here (or by them) that still run. */
  survivors() {
    const pids = new Set(ownedPids(this.marker, this.children.map((c) => c.pgid)));
    for (const c of this.children) if (isRunning(c.pgid)) pids.add(c.pgid);
    return [...pids];
  }

  /**
   * Ends the session and kills the app, tauri-driver, WebKitWebDriver and Xvfb. Idempotent.
   * @param {{ failed?: boolean }} [opts] With `failed`, logs are saved as artifacts first.
   */
  stop(opts = {}) {
    this.stopping ??= (async () => {
      if (opts.failed) await this.saveArtifacts('stop').catch(() => {});
      if (this.session) {
        await this.session.delete(5_000).catch(() => {});
      }
      this.killNow('SIGTERM');
      const deadline = Date.now() + 3_000;
      while (this.survivors().length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (this.survivors().length > 0) this.killNow('SIGKILL');
      const killDeadline = Date.now() + 2_000;
      while (this.survivors().length > 0 && Date.now() < killDeadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const left = this.survivors();
      if (left.length > 0) process.stderr.write(`e2e: processes still running after SIGKILL: ${left.join(' ')}\n`);
      try {
        if (this.watchdog?.pid) process.kill(-this.watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      if (!process.env.RDESK_E2E_KEEP_TMP) fs.rmSync(this.tmp, { recursive: true, force: true });
      live.delete(this);
    })();
    return this.stopping;
  }
}

/**
 * Creates a demo store with the CLI, then starts Xvfb, tauri-driver and the app window.
 * On failure everything started so far is stopped (logs saved) and the error rethrown.
 * @param {string} label Names the artifacts directory.
 * @param {{ seed?: number, copyDb?: string, env?: Record<string, string> }} [opts] `copyDb`: a prepared store file to copy instead of loading the demo; `env`: more environment for the app and the CLI.
 * @returns {Promise<Desk>}
 */
export async function startDesk(label, { seed = 7, copyDb = '', env = {} } = {}) {
  const desk = new Desk(label);
  // Extra environment for the app and the CLI (e.g. a fake Azure's endpoints).
  Object.assign(desk.env, env);
  try {
    if (!fs.existsSync(CLI_PATH)) {
      throw new Error(`the CLI is not built: ${CLI_PATH} is missing (cargo build -p reservation-desk -p desk)`);
    }
    // A prepared store (e.g. the 50,000-reservation portfolio) is copied; otherwise the demo is loaded.
    if (copyDb) fs.copyFileSync(copyDb, desk.db);
    else desk.cli(['demo', '--seed', String(seed)]);
    await desk.startXvfb();
    await desk.startDriver();
    await desk.openWindow();
    return desk;
  } catch (err) {
    await desk.saveArtifacts('startup').catch(() => {});
    await desk.stop();
    throw err;
  }
}

/**
 * Reads the X clipboard of the run's display (`xclip -o -selection clipboard`).
 * @param {Desk} desk
 * @returns {string | undefined} undefined when the clipboard is empty or unreadable.
 */
export function readClipboard(desk) {
  const res = spawnSync('xclip', ['-o', '-selection', 'clipboard'], {
    env: desk.env,
    encoding: 'utf8',
    timeout: 2_000,
    killSignal: 'SIGKILL',
  });
  if (res.error) {
    if (/** @type {NodeJS.ErrnoException} */ (res.error).code === 'ENOENT') {
      throw new Error('xclip is not installed: run `.ci/setup.sh --test`');
    }
    return undefined;
  }
  return res.status === 0 ? res.stdout : undefined;
}
