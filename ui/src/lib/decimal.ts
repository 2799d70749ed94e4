// Exact decimal strings (money, percentages) handled as digits, never as binary floats.

export interface Decimal {
  /** True for values below zero; never set for zero itself. */
  readonly negative: boolean;
  /** Integer digits without leading zeros ("0" for zero). */
  readonly int: string;
  /** Fraction digits as written (may be empty). */
  readonly frac: string;
}

const DECIMAL_PATTERN = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/;

export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const intDigits = match[2] ?? '';
  const fracDigits = match[3] ?? '';
  if (intDigits === '' && fracDigits === '') return null;
  const int = intDigits.replace(/^0+/, '') || '0';
  const isZero = !/[1-9]/.test(int + fracDigits);
  return { negative: match[1] === '-' && !isZero, int, frac: fracDigits };
}

/** Adds one to a string of decimal digits ("0999" → "1000", "99" → "100"). */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] === '9') {
      chars[i] = '0';
    } else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return '1' + chars.join('');
}

/** Rounds half away from zero to exactly `places` fraction digits. */
export function roundDecimal(value: Decimal, places: number): Decimal {
  if (value.frac.length <= places) {
    return { ...value, frac: value.frac.padEnd(places, '0') };
  }
  let digits = value.int + value.frac.slice(0, places);
  const firstDropped = value.frac.charAt(places);
  if (firstDropped >= '5') digits = incrementDigits(digits);
  const intLength = digits.length - places;
  const int = digits.slice(0, intLength).replace(/^0+/, '') || '0';
  const frac = digits.slice(intLength);
  const isZero = !/[1-9]/.test(digits);
  return { negative: value.negative && !isZero, int, frac };
}

/** Inserts a comma between every group of three integer digits, counted from the right. */
export function groupThousands(intDigits: string, separator = ','): string {
  let out = '';
  for (let i = 0; i < intDigits.length; i++) {
    const fromRight = intDigits.length - i;
    if (i > 0 && fromRight % 3 === 0) out += separator;
    out += intDigits.charAt(i);
  }
  return out;
}

/** Orders two decimal strings exactly. Unparseable strings return null so callers can place them. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.int.length !== b.int.length) return sign * (a.int.length - b.int.length);
  if (a.int !== b.int) return sign * (a.int < b.int ? -1 : 1);
  const width = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(width, '0');
  const fb = b.frac.padEnd(width, '0');
  if (fa === fb) return 0;
  return sign * (fa < fb ? -1 : 1);
}

/** Multiplies by 10^places by moving the decimal point (places ≥ 0): "0.125" × 10² → "12.5". */
export function shiftDecimal(value: Decimal, places: number): Decimal {
  const frac = value.frac.padEnd(places, '0');
  const int = (value.int + frac.slice(0, places)).replace(/^0+/, '') || '0';
  return { negative: value.negative, int, frac: frac.slice(places).replace(/0+$/, '') };
}

function toScaledBigInt(value: Decimal, scale: number): bigint {
  const digits = value.int + value.frac.padEnd(scale, '0').slice(0, scale);
  const big = BigInt(digits);
  return value.negative ? -big : big;
}

/**
 * part ÷ whole in thousandths, rounded down and clamped to 0…1000; for drawing bars, exact on
 * the decimal digits (never through binary floats). Null when either is unreadable or whole ≤ 0.
 */
export function ratioPermille(part: string, whole: string): number | null {
  const p = parseDecimal(part);
  const w = parseDecimal(whole);
  if (!p || !w) return null;
  const scale = Math.max(p.frac.length, w.frac.length);
  const pb = toScaledBigInt(p, scale);
  const wb = toScaledBigInt(w, scale);
  if (wb <= 0n) return null;
  const permille = (pb * 1000n) / wb;
  if (permille < 0n) return 0;
  if (permille > 1000n) return 1000;
  return Number(permille);
}

/** A plain non-negative decimal as a person types it: "1200", "1200.50", not "1,200" or "-3". */
export function isPlainDecimal(text: string): boolean {
  return /^\d+(\.\d+)?$/.test(text.trim());
}
