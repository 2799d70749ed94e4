import { describe, expect, it } from 'vitest';
import { reportFileName } from './fileName';

describe('reportFileName', () => {
  it('adds the extension to a plain name', () => {
    expect(reportFileName('Contoso review 2026-11-24', 'html', 'x')).toBe('Contoso review 2026-11-24.html');
    expect(reportFileName('Contoso review 2026-11-24', 'csv', 'x')).toBe('Contoso review 2026-11-24.csv');
  });

  it('removes the characters a file system refuses', () => {
    expect(reportFileName('A/B \\ C: "D" <E> | F* G? review 2026-11-24', 'html', 'x')).toBe('A B C D E F G review 2026-11-24.html');
    expect(reportFileName('Tab\there\nnew', 'csv', 'x')).toBe('Tab here new.csv');
  });

  it('drops leading and trailing dots and spaces, and falls back when nothing is left', () => {
    expect(reportFileName(' ..Contoso.. ', 'html', 'x')).toBe('Contoso.html');
    expect(reportFileName('///', 'html', 'tenant-1')).toBe('tenant-1.html');
    expect(reportFileName('', 'csv', '')).toBe('report.csv');
  });

  it('keeps non-Latin names and cuts very long ones', () => {
    expect(reportFileName('上海贸易 预留审阅 2026-11-24', 'html', 'x')).toBe('上海贸易 预留审阅 2026-11-24.html');
    expect(reportFileName('x'.repeat(300), 'html', 'y')).toBe(`${'x'.repeat(120)}.html`);
  });
});
