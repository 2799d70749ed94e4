import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/index.svelte';
import {
  formatDate,
  formatDaysLeft,
  formatDaysOf,
  formatIdleHint,
  formatInteger,
  formatOnOff,
  formatReservationDaysLeft,
  formatMoney,
  formatPercent,
  formatTerm,
  isoDateToUtcMillis,
  rawValue,
} from './format';

describe('formatMoney', () => {
  const eur = (amount: string) => formatMoney({ amount, currency: 'EUR' });

  it('groups the integer part and keeps two decimals', () => {
    expect(eur('1234.5')).toBe('1,234.50 EUR');
    expect(eur('1234567.891')).toBe('1,234,567.89 EUR');
    expect(eur('12')).toBe('12.00 EUR');
    expect(eur('999')).toBe('999.00 EUR');
    expect(eur('0')).toBe('0.00 EUR');
    expect(eur('.5')).toBe('0.50 EUR');
  });

  it('rounds half away from zero on the digits, carrying through the integer part', () => {
    expect(eur('0.005')).toBe('0.01 EUR');
    expect(eur('0.004')).toBe('0.00 EUR');
    expect(eur('999999.995')).toBe('1,000,000.00 EUR');
    expect(eur('-2.675')).toBe('-2.68 EUR');
  });

  it('keeps amounts beyond float precision exact', () => {
    expect(eur('12345678901234567890.12')).toBe('12,345,678,901,234,567,890.12 EUR');
    expect(eur('0.1000000000000000055511151231257827')).toBe('0.10 EUR');
  });

  it('writes negatives with a leading minus and never a negative zero', () => {
    expect(eur('-1500')).toBe('-1,500.00 EUR');
    expect(eur('-0.001')).toBe('0.00 EUR');
    expect(eur('-0')).toBe('0.00 EUR');
  });

  it('strips leading zeros and accepts an explicit plus sign', () => {
    expect(eur('000123.4')).toBe('123.40 EUR');
    expect(eur('+7')).toBe('7.00 EUR');
  });

  it('shows an unreadable amount as written rather than guessing', () => {
    expect(eur('1e5')).toBe('1e5 EUR');
    expect(eur('abc')).toBe('abc EUR');
    expect(eur('')).toBe('EUR');
  });
});

describe('formatPercent', () => {
  it('shows at most one decimal and drops a trailing zero', () => {
    expect(formatPercent('87.5')).toBe('87.5%');
    expect(formatPercent('87.54')).toBe('87.5%');
    expect(formatPercent('87.55')).toBe('87.6%');
    expect(formatPercent('100')).toBe('100%');
    expect(formatPercent('99.96')).toBe('100%');
    expect(formatPercent('0')).toBe('0%');
  });

  it('shows a dash for missing data', () => {
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatDate', () => {
  it('writes the calendar day in en-US whatever the local time zone', () => {
    expect(formatDate('2025-06-12')).toBe('Jun 12, 2025');
    expect(formatDate('2024-01-01')).toBe('Jan 1, 2024');
    expect(formatDate('2024-12-31')).toBe('Dec 31, 2024');
  });

  it('passes through text that is not an ISO day', () => {
    expect(formatDate('2025-02-30')).toBe('2025-02-30');
    expect(formatDate('soon')).toBe('soon');
    expect(formatDate(null)).toBe('—');
  });

  it('converts ISO days to UTC midnight', () => {
    expect(isoDateToUtcMillis('1970-01-02')).toBe(86_400_000);
    expect(isoDateToUtcMillis('1970-13-01')).toBeNull();
  });
});

describe('formatReservationDaysLeft', () => {
  it('shows no countdown for a cancelled or failed reservation', () => {
    expect(formatReservationDaysLeft('Cancelled', 1025)).toBe('cancelled, no longer runs');
    expect(formatReservationDaysLeft('Failed', 10)).toBe('—');
  });
  it('counts down for running and expired reservations', () => {
    expect(formatReservationDaysLeft('Expiring', 45)).toBe('45 days left');
    expect(formatReservationDaysLeft('Expired', -3)).toBe('expired 3 days ago');
  });
});

describe('formatDaysLeft', () => {
  it('says how long is left or how long ago it ended', () => {
    expect(formatDaysLeft(45)).toBe('45 days left');
    expect(formatDaysLeft(1)).toBe('1 day left');
    expect(formatDaysLeft(0)).toBe('expires today');
    expect(formatDaysLeft(-1)).toBe('expired 1 day ago');
    expect(formatDaysLeft(-12)).toBe('expired 12 days ago');
    expect(formatDaysLeft(1825)).toBe('1,825 days left');
    expect(formatDaysLeft(null)).toBe('—');
  });
});

describe('small labels', () => {
  it('names terms in words', () => {
    expect(formatTerm('P1Y')).toBe('1 year');
    expect(formatTerm('P3Y')).toBe('3 years');
    expect(formatTerm('P5Y')).toBe('5 years');
  });

  it('gives the raw value the end-to-end test compares', () => {
    expect(rawValue(null)).toBe('');
    expect(rawValue(true)).toBe('true');
    expect(rawValue(false)).toBe('false');
    expect(rawValue(3)).toBe('3');
    expect(rawValue('P1Y')).toBe('P1Y');
    expect(rawValue({ amount: '1234.5', currency: 'EUR' })).toBe('1234.5 EUR');
  });
});

describe('in Simplified Chinese', () => {
  afterEach(() => {
    i18n.choice = 'en';
  });

  it('writes dates and numbers the Chinese way, on the same calendar day', () => {
    i18n.choice = 'zh-CN';
    expect(formatDate('2025-06-12')).toBe('2025年6月12日');
    expect(formatDate('2024-12-31')).toBe('2024年12月31日');
    expect(formatDate('2025-02-30')).toBe('2025-02-30');
    expect(formatInteger(1825)).toBe('1,825');
  });

  it('counts days in Chinese', () => {
    i18n.choice = 'zh-CN';
    expect(formatDaysLeft(45)).toBe('剩余 45 天');
    expect(formatDaysLeft(1)).toBe('剩余 1 天');
    expect(formatDaysLeft(0)).toBe('今天到期');
    expect(formatDaysLeft(-3)).toBe('已过期 3 天');
    expect(formatReservationDaysLeft('Cancelled', 1025)).toBe('已取消，不再运行');
    expect(formatDaysOf(620, 1096)).toBe('1,096 天中的 620 天');
    expect(formatIdleHint('62', 3)).toBe('30 天使用率 62 % — 约 3 个单位空闲');
  });

  it('names terms and switches in Chinese, and keeps money in decimal strings with the currency', () => {
    i18n.choice = 'zh-CN';
    expect(formatTerm('P3Y')).toBe('3 年');
    expect(formatOnOff(true)).toBe('开');
    expect(formatMoney({ amount: '1234.5', currency: 'CNY' })).toBe('1,234.50 CNY');
  });

  it('switches back to English', () => {
    i18n.choice = 'zh-CN';
    i18n.choice = 'en';
    expect(formatDate('2025-06-12')).toBe('Jun 12, 2025');
    expect(formatDaysLeft(45)).toBe('45 days left');
    expect(formatOnOff(false)).toBe('Off');
  });
});
