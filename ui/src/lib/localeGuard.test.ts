import { describe, expect, it } from 'vitest';
import { guardNavigatorLanguage, usableLanguage } from './localeGuard';

describe('usableLanguage', () => {
  it('keeps valid tags', () => {
    expect(usableLanguage('zh-CN')).toBe('zh-CN');
    expect(usableLanguage('en-gb')).toBe('en-GB');
  });
  it('replaces the POSIX "C" locale and empty values', () => {
    expect(usableLanguage('C')).toBe('en-US');
    expect(usableLanguage('')).toBe('en-US');
    expect(usableLanguage(undefined)).toBe('en-US');
    expect(usableLanguage('en_US.UTF-8')).toBe('en-US');
  });
});

describe('guardNavigatorLanguage', () => {
  it('makes Intl usable with navigator.language', () => {
    const nav = { language: 'C', languages: ['C'] } as unknown as Navigator;
    guardNavigatorLanguage(nav);
    expect(nav.language).toBe('en-US');
    expect(() => new Intl.NumberFormat(nav.language)).not.toThrow();
  });
});
