// @ts-check
/**
 * A screen grab of an X display without any extra tool: speaks just enough of the X11 protocol
 * over the display's Unix socket (connection setup + one GetImage of the root window) and writes
 * the pixels as a PNG. Used when WebDriver's own screenshot command does not answer, which
 * WebKitWebDriver is known to do under Xvfb.
 */

import * as net from 'node:net';
import * as zlib from 'node:zlib';

/** @typedef {{ x: number, y: number, width: number, height: number }} Rect */

/** @type {Uint32Array | undefined} */
let crcTable;

/** @param {Buffer} buf @returns {number} */
function crc32(buf) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of buf) c = /** @type {number} */ (crcTable[(c ^ b) & 0xff]) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * Encodes 8-bit RGB rows as a PNG.
 * @param {number} width
 * @param {number} height
 * @param {(y: number, row: Buffer) => void} fillRow Writes `width * 3` bytes of row `y`.
 */
function encodePng(width, height, fillRow) {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    fillRow(y, raw.subarray(y * stride + 1, (y + 1) * stride));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Grabs the root window of a local X display (e.g. `:99`) as a PNG, optionally cropped.
 * Supports the usual 24/32-bit TrueColor little-endian layout (what Xvfb `-screen 0 WxHx24` gives).
 * @param {string} display
 * @param {{ crop?: Rect, timeoutMs?: number }} [opts]
 * @returns {Promise<Buffer>}
 */
export function grabDisplay(display, { crop, timeoutMs = 10_000 } = {}) {
  const m = /^:(\d+)(?:\.\d+)?$/.exec(display);
  if (!m) return Promise.reject(new Error(`grabDisplay: only local displays like ":99" are supported, not ${display}`));
  const socketPath = `/tmp/.X11-unix/X${m[1]}`;

  return new Promise((resolve, reject) => {
    const sock = net.createConnection(socketPath);
    const timer = setTimeout(() => fail(new Error(`X screen grab of ${display} timed out`)), timeoutMs);
    /** @param {Error} err */
    const fail = (err) => {
      clearTimeout(timer);
      sock.destroy();
      reject(err);
    };
    let buf = Buffer.alloc(0);
    /** @type {'setup' | 'image'} */
    let phase = 'setup';
    /** @type {{ root: number, width: number, height: number, depth: number, bpp: number, pad: number }} */
    let screen = { root: 0, width: 0, height: 0, depth: 0, bpp: 0, pad: 0 };
    /** @type {Rect} */
    let area = { x: 0, y: 0, width: 0, height: 0 };

    sock.on('error', fail);
    sock.on('connect', () => {
      // Connection setup: little-endian, protocol 11.0, no authorization.
      const req = Buffer.alloc(12);
      req[0] = 0x6c;
      req.writeUInt16LE(11, 2);
      req.writeUInt16LE(0, 4);
      sock.write(req);
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        if (phase === 'setup') {
          if (buf.length < 8) return;
          const total = 8 + buf.readUInt16LE(6) * 4;
          if (buf.length < total) return;
          if (buf[0] !== 1) {
            const reason = buf.subarray(8, 8 + (buf[1] ?? 0)).toString('latin1');
            throw new Error(`X server refused the connection: ${reason || `status ${buf[0]}`}`);
          }
          const vendorLen = buf.readUInt16LE(24);
          const formatCount = /** @type {number} */ (buf[29]);
          const formatsAt = 40 + Math.ceil(vendorLen / 4) * 4;
          const screenAt = formatsAt + formatCount * 8;
          const depth = /** @type {number} */ (buf[screenAt + 38]);
          let bpp = 0;
          let pad = 32;
          for (let i = 0; i < formatCount; i++) {
            const at = formatsAt + i * 8;
            if (buf[at] === depth) {
              bpp = /** @type {number} */ (buf[at + 1]);
              pad = /** @type {number} */ (buf[at + 2]);
            }
          }
          if (buf[30] !== 0) throw new Error('X server uses big-endian images, not supported');
          if (bpp !== 32 || depth < 24) throw new Error(`unsupported X visual: depth ${depth}, ${bpp} bits per pixel`);
          screen = {
            root: buf.readUInt32LE(screenAt),
            width: buf.readUInt16LE(screenAt + 20),
            height: buf.readUInt16LE(screenAt + 22),
            depth,
            bpp,
            pad,
          };
          const x = Math.max(0, Math.min(screen.width - 1, Math.round(crop?.x ?? 0)));
          const y = Math.max(0, Math.min(screen.height - 1, Math.round(crop?.y ?? 0)));
          area = {
            x,
            y,
            width: Math.max(1, Math.min(screen.width - x, Math.round(crop?.width ?? screen.width))),
            height: Math.max(1, Math.min(screen.height - y, Math.round(crop?.height ?? screen.height))),
          };
          buf = buf.subarray(total);
          phase = 'image';
          // GetImage (opcode 73), ZPixmap, all planes.
          const req = Buffer.alloc(20);
          req[0] = 73;
          req[1] = 2;
          req.writeUInt16LE(5, 2);
          req.writeUInt32LE(screen.root, 4);
          req.writeInt16LE(area.x, 8);
          req.writeInt16LE(area.y, 10);
          req.writeUInt16LE(area.width, 12);
          req.writeUInt16LE(area.height, 14);
          req.writeUInt32LE(0xffffffff, 16);
          sock.write(req);
        }
        if (phase === 'image') {
          if (buf.length < 32) return;
          if (buf[0] === 0) throw new Error(`X GetImage failed with error code ${buf[1]}`);
          const total = 32 + buf.readUInt32LE(4) * 4;
          if (buf.length < total) return;
          const pixels = buf.subarray(32, total);
          const stride = Math.ceil((area.width * screen.bpp) / screen.pad) * (screen.pad / 8);
          const png = encodePng(area.width, area.height, (row, out) => {
            const from = row * stride;
            for (let i = 0; i < area.width; i++) {
              // little-endian 0x00RRGGBB → bytes B, G, R, X
              out[i * 3] = /** @type {number} */ (pixels[from + i * 4 + 2]);
              out[i * 3 + 1] = /** @type {number} */ (pixels[from + i * 4 + 1]);
              out[i * 3 + 2] = /** @type {number} */ (pixels[from + i * 4]);
            }
          });
          clearTimeout(timer);
          sock.destroy();
          resolve(png);
        }
      } catch (err) {
        fail(/** @type {Error} */ (err));
      }
    });
    sock.on('close', () => fail(new Error('X server closed the connection before the image arrived')));
  });
}
