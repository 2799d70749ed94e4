import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/index.svelte';
import { auditSentence } from './auditWords';

const config = (scope: 'Single' | 'Shared', renew = false) =>
  JSON.stringify({
    scope_type: scope,
    scope_target: scope === 'Single' ? '/subscriptions/11111111-2222-3333-4444-555555555555' : null,
    scope_description: scope === 'Single' ? 'Subscription 11111111-2222-3333-4444-555555555555' : 'Shared',
    instance_flexibility: true,
    renew,
    renewal: null,
  });

afterEach(() => {
  i18n.choice = 'en';
});

describe('auditSentence', () => {
  it('tells a scope change applied as a sentence, never as plan.apply and JSON', () => {
    const s = auditSentence({ action: 'plan.apply', subject: 'plan 3 for reservation r-1', before: config('Single'), after: config('Shared') });
    expect(s).toMatch(/^Applied change plan 3 to reservation r-1: Scope from .+ to Shared$/);
    expect(s).not.toContain('scope_type');
  });

  it('tells tickets, policy, refunds, triage and imports in words', () => {
    expect(auditSentence({ action: 'ticket.status', subject: 'ticket 7', before: 'draft', after: 'submitted' })).toBe('Support request #7 went from Draft to Submitted');
    expect(auditSentence({ action: 'ticket.draft', subject: 'ticket 7', before: null, after: 'Refund VM_RI_1' })).toBe('Drafted support request #7: Refund VM_RI_1');
    expect(auditSentence({ action: 'policy.set', subject: 'refund_limit_usd from 2027-01-01', before: null, after: '40000' })).toContain('40,000.00 USD');
    expect(auditSentence({ action: 'ledger.refund', subject: 'r-1', before: null, after: '736.53' })).toContain('736.53 USD');
    expect(auditSentence({ action: 'triage.hide', subject: 'idle:r-1', before: null, after: '{"key":"idle:r-1","reservation_id":"r-1","reason":"Back in January"}' })).toBe(
      'Hid idle:r-1 from triage: “Back in January”',
    );
    expect(auditSentence({ action: 'demo.load', subject: 'store', before: null, after: '{}' })).toBe('Loaded the demo data');
    expect(auditSentence({ action: 'something.new', subject: 'x', before: null, after: null })).toBe('something.new · x');
  });

  it('speaks Chinese in the Chinese window', () => {
    i18n.choice = 'zh-CN';
    const s = auditSentence({ action: 'ticket.status', subject: 'ticket 7', before: 'draft', after: 'submitted' });
    expect(s).toContain('支持请求 #7');
    expect(s).not.toMatch(/draft|submitted/);
  });
});
