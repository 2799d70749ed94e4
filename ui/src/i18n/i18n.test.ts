// The UI exists in English and Simplified Chinese. These tests fail when a string is missing from
// either language, when the two disagree on placeholders, or when a view writes text directly
// instead of through `t`.
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { fill, localeFor } from './index.svelte';

/** Every view's source, read by Vite at test time. */
const SOURCES = import.meta.glob<string>('/src/**/*.svelte', { query: '?raw', import: 'default', eager: true });

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('dictionaries', () => {
  it('define the same keys in both languages, none empty', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zhCN).sort();
    expect(zhKeys, 'every English key needs a Chinese text and vice versa').toEqual(enKeys);
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), `en ${key} is empty`).not.toBe('');
      expect((zhCN as Record<string, string>)[key]?.trim(), `zh-CN ${key} is empty`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(en)) {
      const zh = (zhCN as Record<string, string>)[key] ?? '';
      expect(placeholders(zh), `placeholders of ${key}`).toEqual(placeholders(text));
    }
  });

  it("use the terms of Microsoft's Chinese documentation", () => {
    const zh = zhCN as Record<string, string>;
    const glossary: Record<string, string> = {
      'reservation.noun': '预留',
      'reservation.orderId': '预留订单 ID',
      'reservation.scope': '范围',
      'reservation.utilization': '使用率',
      'reservation.refund': '退款',
      'reservation.exchange': '交换',
      'reservation.tab.iam': '访问控制 (IAM)',
      'reservation.tab.configuration': '配置',
      'reservation.tab.properties': '属性',
      'reservation.tab.support': '新建支持请求',
    };
    for (const [key, term] of Object.entries(glossary)) {
      expect(zh[key], `zh-CN ${key}`).toBe(term);
    }
  });

  it("write today's portal terms, never the 2018 ones (预订, 兑换) or an investor's 资产组合", () => {
    const stale = Object.entries(zhCN as Record<string, string>).filter(([, text]) => /预订|兑换|资产组合/.test(text));
    expect(stale).toEqual([]);
  });
});

describe('fill and localeFor', () => {
  it('fill placeholders and keep unknown ones visible', () => {
    expect(fill('{count} days left', { count: 3 })).toBe('3 days left');
    expect(fill('{missing} stays', {})).toBe('{missing} stays');
  });
  it('pick Chinese for any zh tag and English otherwise', () => {
    expect(localeFor('zh-CN')).toBe('zh-CN');
    expect(localeFor('zh-Hans-CN')).toBe('zh-CN');
    expect(localeFor('en-GB')).toBe('en');
    expect(localeFor('C')).toBe('en');
    expect(localeFor(undefined)).toBe('en');
  });
});

// ---- No text written directly in a view ------------------------------------------------------

/** Attributes a user reads (or a screen reader speaks). */
const READ_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label', 'aria-description', 'aria-valuetext']);
/** Text that is the same in every language: symbols, units and names of products. */
const LANGUAGE_FREE = /^(?:[\s\d.,:;·•…%×+\-–—/|()[\]<>=#*&@'"?!↑↓←→⌘⏎]|Ctrl|Cmd|Esc|Enter|Tab|USD|UTC|ISO|GUID|CSV|HTML|JSON|JSONL|ID|IAM|Azure|Microsoft|az|Y|N|j|k|h|K)*$/;

interface Finding {
  file: string;
  line: number;
  text: string;
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  visit(n);
  // An attribute's own value is checked by `visit` (only the attributes a user reads); a style
  // directive's value (`style:width="240px"`) is never text.
  if (n.type === 'Attribute' || n.type === 'StyleDirective') return;
  for (const [key, value] of Object.entries(n)) {
    if (key === 'instance' || key === 'module' || key === 'css' || key === 'expression') continue;
    if (value && typeof value === 'object') walk(value, visit);
  }
}

function hardCodedText([file, source]: [string, string]): Finding[] {
  const ast = parse(source, { modern: true });
  const found: Finding[] = [];
  const report = (text: string, start: number) => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (trimmed === '' || LANGUAGE_FREE.test(trimmed)) return;
    if (!/[A-Za-z\u4e00-\u9fff]/.test(trimmed)) return;
    found.push({ file: file.replace(/^\/src\//, ''), line: lineOf(source, start), text: trimmed });
  };
  walk(ast.fragment, (n) => {
    if (n.type === 'Text' && typeof n.data === 'string') {
      report(n.data, n.start as number);
    }
    if (n.type === 'Attribute' && typeof n.name === 'string' && READ_ATTRIBUTES.has(n.name)) {
      const values = Array.isArray(n.value) ? (n.value as Record<string, unknown>[]) : [];
      for (const v of values) {
        if (v.type === 'Text' && typeof v.data === 'string') report(v.data, v.start as number);
      }
    }
  });
  // <style> and <svelte:head> are not read as text; the walk skips css already.
  return found;
}

describe('views', () => {
  it('write every visible text through t()', () => {
    const files = Object.entries(SOURCES);
    expect(files.length, 'the views were found').toBeGreaterThan(20);
    const findings = files.flatMap(hardCodedText);
    const listing = findings.map((f) => `${f.file}:${f.line}: ${JSON.stringify(f.text)}`).join('\n');
    expect(listing, 'text written directly in a view is missing from both languages').toBe('');
  });
});
