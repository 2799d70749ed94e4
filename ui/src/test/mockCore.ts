// A stand-in for the Rust core in component tests, through Tauri's IPC mock.
import { mockIPC } from '@tauri-apps/api/mocks';

/** Answers one command from its arguments (a thrown value is the command's error). */
export type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Installs a mock core whose `handlers` answer commands by name; any other command fails with
 * `bridge`. Returns the calls made, in order, as they happen.
 */
export function mockCore(handlers: Record<string, Handler>): Array<[string, Record<string, unknown>]> {
  const calls: Array<[string, Record<string, unknown>]> = [];
  mockIPC(async (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const handler = handlers[cmd];
    if (!handler) throw { code: 'bridge', message: `no ${cmd}`, file: null, line: null, field: null };
    return handler(a);
  });
  return calls;
}
