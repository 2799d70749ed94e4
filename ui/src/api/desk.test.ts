import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { DeskError, desk, toDeskError } from './desk';
import { commands } from './bindings';

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('desk', () => {
  it('unwraps an ok result and passes arguments under the names the core expects', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { customer: { tenant_id: 't1' }, subscriptions: [] };
    });
    const detail = await desk.getCustomer('t1');
    expect(detail.subscriptions).toEqual([]);
    expect(calls).toEqual([['get_customer', { tenantId: 't1' }]]);
  });

  it('drafts an access change under the names the core expects', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { id: 3, kind: 'access', status: 'pending' };
    });
    const change = {
      action: 'add' as const,
      assignment: { principal_name: 'A', principal_id: 'g', kind: 'user' as const, role: 'Owner' as const, granted_at: 'order' as const },
    };
    const plan = await desk.planAccessChange('r1', change);
    expect(plan.id).toBe(3);
    expect(calls).toEqual([['plan_access_change', { reservationId: 'r1', change }]]);
  });

  it('imports through a channel that delivers progress to the callback', async () => {
    const heard: unknown[] = [];
    let sent: unknown = null;
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      sent = [cmd, a['paths'], a['format'], a['customer']];
      // The core sends on the channel the way Tauri does: indexed messages to its callback.
      const id = (a['onProgress'] as { id: number }).id;
      const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__;
      internals.runCallback(id, { index: 0, message: { file_index: 0, file_count: 1, file: 'a.json', fraction: 0.5, rows: 10, rows_per_second: 100 } });
      return { status: 'cancelled', rows: 10 };
    });
    const outcome = await desk.importFiles(['a.json'], 'azure', null, (p) => heard.push(p.rows));
    expect(outcome).toEqual({ status: 'cancelled', rows: 10 });
    expect(sent).toEqual(['import_files', ['a.json'], 'azure', null]);
    expect(heard).toEqual([10]);
  });

  it('says in plain words when an import is started without the core', async () => {
    const failure = (await desk.importFiles(['a.json'], null, null, () => {}).catch((e: unknown) => e)) as DeskError;
    expect(failure).toBeInstanceOf(DeskError);
    expect(failure.code).toBe('no_backend');
  });

  it('throws a DeskError carrying the ErrorBody the core sent', async () => {
    const body = { code: 'not_found', message: 'No reservation r9', detail: null, file: null, line: null, field: 'reservation_id' };
    mockIPC(() => {
      throw body;
    });
    const failure = await desk.getReservation('r9').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeskError);
    expect((failure as DeskError).body).toEqual(body);
    expect((failure as DeskError).message).toBe('No reservation r9');
  });

  it('wraps a plain-string error from the bridge', async () => {
    mockIPC(() => {
      throw 'invalid args `tenantId` for command `get_customer`';
    });
    const failure = (await desk.getCustomer('x').catch((e: unknown) => e)) as DeskError;
    expect(failure.code).toBe('bridge');
    expect(failure.message).toContain('invalid args');
  });

  it('says in plain words when there is no core behind the window', async () => {
    const failure = (await desk.storeInfo().catch((e: unknown) => e)) as DeskError;
    expect(failure).toBeInstanceOf(DeskError);
    expect(failure.code).toBe('no_backend');
  });

  it('keeps detail, file, line and field and drops fields of the wrong type', () => {
    const e = toDeskError({ code: 'invalid_input', message: 'Bad date', detail: 7, file: 'a.csv', line: 'x', field: 'EndDate' });
    expect(e.body).toEqual({ code: 'invalid_input', message: 'Bad date', detail: null, file: 'a.csv', line: null, field: 'EndDate' });
    const busy = toDeskError({ code: 'store_busy', message: 'in use', detail: 'database is locked', file: null, line: null, field: null });
    expect(busy.body.detail).toBe('database is locked');
  });

  it('reads a code this window does not know as a bridge failure that keeps the words', () => {
    const e = toDeskError({ code: 'from_a_newer_core', message: 'Something new', file: null, line: null, field: null });
    expect(e.code).toBe('bridge');
    expect(e.body.message).toBe('Something new');
    expect(e.body.detail).toBe('code from_a_newer_core');
  });

  it('hands views inert text: no control or bidi character of a customer name reaches them', async () => {
    mockIPC((cmd) => {
      if (cmd === 'list_customers') {
        return [{ tenant_id: 't1', name: 'Fabrikam\u001b]0;pwned\u0007\u001b[2J', primary_domain: 'f\u202eoc.x' }];
      }
      throw { code: 'invalid_input', message: 'name: bad (found "a\u202eb")', file: 'x\u001b.csv', line: 3, field: null };
    });
    const list = await desk.listCustomers(null);
    expect(list[0]?.name).toBe('Fabrikam\\u{1b}]0;pwned\\u{7}\\u{1b}[2J');
    expect(list[0]?.primary_domain).toBe('f\\u{202e}oc.x');
    const failure = (await desk.getCustomer('t1').catch((e: unknown) => e)) as DeskError;
    expect(failure.message).toBe('name: bad (found "a\\u{202e}b")');
    expect(failure.body.file).toBe('x\\u{1b}.csv');
  });

  it('offers every command of the generated bindings, by its generated name', async () => {
    const names = Object.keys(commands);
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) expect(typeof (desk as Record<string, unknown>)[name], name).toBe('function');
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { total: 0, items: [] };
    });
    await desk.getTriage(true, 0, 5);
    await desk.getDashboard();
    expect(calls.map(([cmd]) => cmd)).toEqual(['get_triage', 'get_dashboard']);
    expect(calls[0]?.[1]).toEqual({ includeHidden: true, offset: 0, limit: 5 });
  });
});
