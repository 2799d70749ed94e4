// @ts-check
/**
 * A deliberately small W3C WebDriver client over Node's global `fetch`.
 * Only what the end-to-end tests use: sessions, element lookup, click, typing,
 * attributes, text, screenshots and page source. Every request carries a deadline.
 */

/** The W3C key under which an element reference travels. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** WebDriver's code points for keys that are not characters (W3C WebDriver, "Keyboard actions"). */
export const KEYS = Object.freeze({ enter: '\uE007', escape: '\uE00C', tab: '\uE004', backspace: '\uE003' });

/** Default deadline of one WebDriver request, in milliseconds. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** An error answered by the driver (or a request that never got an answer). */
export class WebDriverError extends Error {
  /**
   * @param {string} message
   * @param {string} code W3C error code such as `no such element`, or `timeout` / `transport`.
   */
  constructor(message, code) {
    super(message);
    this.name = 'WebDriverError';
    this.code = code;
  }
}

/**
 * Sends one WebDriver command and returns its `value`.
 * @param {string} base Driver URL, e.g. `http://127.0.0.1:4444`.
 * @param {'GET' | 'POST' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {number} [timeoutMs]
 * @returns {Promise<any>}
 */
export async function command(base, method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
  const what = `${method} ${path}`;
  /** @type {Response} */
  let res;
  try {
    res = await fetch(base + path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = /** @type {Error} */ (err);
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    throw new WebDriverError(
      timedOut ? `${what}: no answer within ${timeoutMs} ms` : `${what}: ${e.message}`,
      timedOut ? 'timeout' : 'transport',
    );
  }
  const text = await res.text();
  /** @type {any} */
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(`${what}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`, 'transport');
  }
  const value = json?.value;
  if (!res.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
    const code = value?.error ?? `http ${res.status}`;
    throw new WebDriverError(`${what}: ${code}: ${value?.message ?? text.slice(0, 300)}`, code);
  }
  return value;
}

/**
 * Polls `probe` until it returns something other than `undefined`/`false`, or the deadline passes.
 * Errors thrown by `probe` count as "not yet" and the last one is reported on timeout.
 * @template T
 * @param {string} what Said in the timeout message: what was being waited for.
 * @param {() => Promise<T | undefined | false>} probe
 * @param {{ timeoutMs?: number, intervalMs?: number }} [opts]
 * @returns {Promise<T>}
 */
export async function waitUntil(what, probe, { timeoutMs = REQUEST_TIMEOUT_MS, intervalMs = 150 } = {}) {
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let lastError;
  for (;;) {
    try {
      const got = await probe();
      if (got !== undefined && got !== false) return got;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new WebDriverError(`timed out after ${timeoutMs} ms waiting for ${what}${why}`, 'timeout');
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A reference to an element in the page of a session. */
export class Element {
  /**
   * @param {Session} session
   * @param {string} id
   * @param {string} selector How it was found, for messages.
   */
  constructor(session, id, selector) {
    this.session = session;
    this.id = id;
    this.selector = selector;
  }

  /** @param {'GET' | 'POST'} method @param {string} sub @param {unknown} [body] */
  #cmd(method, sub, body) {
    return this.session.cmd(method, `/element/${this.id}${sub}`, body);
  }

  /**
   * Clicks the element like a user would. WebKitWebDriver refuses some elements that are plainly
   * visible, table rows in particular (`element not interactable`); then the first displayed
   * child is clicked instead, and as a last resort the element's own `click()` is called.
   * @returns {Promise<void>}
   */
  async click() {
    try {
      await this.#cmd('POST', '/click', {});
      return;
    } catch (err) {
      if (!(err instanceof WebDriverError) || err.code !== 'element not interactable') throw err;
    }
    for (const { el: child, visible } of await this.session.query(':scope > *', { within: this })) {
      if (!visible) continue;
      try {
        await this.session.cmd('POST', `/element/${child.id}/click`, {});
        return;
      } catch (err) {
        if (!(err instanceof WebDriverError) || err.code !== 'element not interactable') throw err;
      }
      break;
    }
    await this.session.execute('arguments[0].click();', [this.ref()]);
  }

  /** The element as a WebDriver script argument. */
  ref() {
    return { [ELEMENT_KEY]: this.id };
  }

  /** @returns {Promise<void>} */
  async clear() {
    await this.#cmd('POST', '/clear', {});
  }

  /** Types `text` into the element. @param {string} text @returns {Promise<void>} */
  async type(text) {
    await this.#cmd('POST', '/value', { text });
  }

  /** The rendered (visible) text. @returns {Promise<string>} */
  async text() {
    return String(await this.#cmd('GET', '/text'));
  }

  /** @param {string} name @returns {Promise<string | null>} */
  async attribute(name) {
    const v = await this.#cmd('GET', `/attribute/${encodeURIComponent(name)}`);
    return v === null || v === undefined ? null : String(v);
  }

  /** @returns {Promise<boolean>} */
  async displayed() {
    return Boolean(await this.#cmd('GET', '/displayed'));
  }

  /** @param {string} css @returns {Promise<Element[]>} */
  async findAll(css) {
    const list = await this.#cmd('POST', '/elements', { using: 'css selector', value: css });
    return /** @type {any[]} */ (list).map((ref) => new Element(this.session, ref[ELEMENT_KEY], css));
  }

  /** @param {string} css @returns {Promise<Element>} */
  async find(css) {
    const ref = await this.#cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this.session, ref[ELEMENT_KEY], css);
  }
}

/** One WebDriver session (one app window). */
export class Session {
  /** @param {string} base @param {string} id */
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /**
   * Creates a session. Launching the app can take a while, hence the longer deadline.
   * @param {string} base
   * @param {Record<string, unknown>} capabilities `alwaysMatch` capabilities.
   * @param {number} [timeoutMs]
   */
  static async create(base, capabilities, timeoutMs = 90_000) {
    const value = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, timeoutMs);
    const id = value?.sessionId;
    if (typeof id !== 'string') throw new WebDriverError(`new session: no sessionId in ${JSON.stringify(value)}`, 'transport');
    return new Session(base, id);
  }

  /**
   * @param {'GET' | 'POST' | 'DELETE'} method
   * @param {string} path Relative to the session.
   * @param {unknown} [body]
   * @param {number} [timeoutMs]
   */
  cmd(method, path, body, timeoutMs) {
    return command(this.base, method, `/session/${this.id}${path}`, body, timeoutMs);
  }

  /** Ends the session, which makes the driver close the app. @param {number} [timeoutMs] */
  async delete(timeoutMs = 10_000) {
    await command(this.base, 'DELETE', `/session/${this.id}`, undefined, timeoutMs);
  }

  /** @param {string} css @returns {Promise<Element[]>} */
  async findAll(css) {
    const list = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return /** @type {any[]} */ (list).map((ref) => new Element(this, ref[ELEMENT_KEY], css));
  }

  /** @param {string} css @returns {Promise<Element>} */
  async find(css) {
    const ref = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, ref[ELEMENT_KEY], css);
  }

  /**
   * Everything about the elements matching `css` in one round trip: whether each is visible, its
   * rendered text and the attributes asked for.
   *
   * "Visible" is decided in the page (laid out with a non-empty box, `visibility: visible`, not
   * inside `[hidden]`), not by WebDriver's "is displayed" atom: WebKitWebDriver's atom reports
   * `overflow: hidden` elements (ellipsis-truncated text) as not displayed and their text as "".
   * @param {string} css
   * @param {{ within?: Element, attrs?: string[] }} [opts]
   * @returns {Promise<Array<{ el: Element, visible: boolean, text: string, attrs: Record<string, string | null> }>>}
   */
  async query(css, { within, attrs = [] } = {}) {
    const script = `
      const [css, root, names] = arguments;
      return Array.from((root || document).querySelectorAll(css), (e) => {
        const box = e.getBoundingClientRect();
        const visible = e.isConnected && box.width > 0 && box.height > 0 &&
          getComputedStyle(e).visibility === 'visible' && !e.closest('[hidden]');
        const attrs = {};
        for (const n of names) attrs[n] = e.getAttribute(n);
        return { el: e, visible, text: visible ? e.innerText.trim() : '', attrs };
      });`;
    /** @type {any[]} */
    const found = await this.execute(script, [css, within ? within.ref() : null, attrs]);
    return found.map((f) => ({ ...f, el: new Element(this, f.el[ELEMENT_KEY], css) }));
  }

  /**
   * Waits until an element matching `css` is present and visible (see `query`).
   * @param {string} css
   * @param {number} [timeoutMs]
   */
  waitFor(css, timeoutMs = REQUEST_TIMEOUT_MS) {
    return waitUntil(
      `a visible ${css}`,
      async () => (await this.query(css)).find((f) => f.visible)?.el,
      { timeoutMs },
    );
  }

  /**
   * Runs a synchronous script in the page and returns its result.
   * @param {string} script Function body; `arguments` holds `args`.
   * @param {unknown[]} [args]
   */
  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /**
   * Presses keys on whatever has the focus, one after another (W3C key actions), the way a person
   * types them: each key goes down and up before the next. Special keys are given by `KEYS`.
   * @param {string[]} keys One entry per key, e.g. `['j', 'j', KEYS.enter]`.
   */
  async press(keys) {
    /** @type {Array<{ type: string, value: string }>} */
    const actions = [];
    for (const key of keys) actions.push({ type: 'keyDown', value: key }, { type: 'keyUp', value: key });
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions').catch(() => undefined);
  }

  /** A PNG of the window's viewport. @returns {Promise<Buffer>} */
  async screenshot() {
    return Buffer.from(String(await this.cmd('GET', '/screenshot')), 'base64');
  }

  /** @returns {Promise<string>} */
  async source() {
    return String(await this.cmd('GET', '/source'));
  }

  /** @param {{ width: number, height: number }} rect */
  async setWindowSize(rect) {
    await this.cmd('POST', '/window/rect', rect);
  }
}
