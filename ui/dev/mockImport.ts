// Development-only: the import and export commands of the mock core. Formats are "detected" from
// the file name; an import streams progress for about two seconds and honours Cancel; any path
// containing "bad" fails with problems; importing the same files again changes nothing.
import type {
  CustomerSummary,
  DetectedFile,
  EntityCounts,
  ErrorBody,
  ExportReport,
  FileReport,
  ImportOutcome,
  ImportProblem,
  ImportProgress,
} from '../src/api/desk';

export interface MockImportInput {
  customers: CustomerSummary[];
  reservationCount: () => number;
  /** Called after an import that changed the store: what it added. */
  onImported: (added: { customers: CustomerSummary[]; reservations: number }) => void;
}

const FORMAT_NAMES = 'azure, partner-center, reservation-details, reservation-summaries, cost-details, focus, portfolio, role-assignments';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** A format from the file name, the way a user names exports. */
function detect(path: string): string | null {
  const name = baseName(path).toLowerCase();
  if (name.includes('missing') || name.includes('unknown')) return null;
  if (name.endsWith('.rdesk') || name.endsWith('.jsonl') || name.includes('portfolio')) return 'portfolio';
  if (name.endsWith('.csv')) {
    if (name.includes('focus')) return 'focus';
    if (name.includes('reservation')) return 'reservation-details';
    return 'cost-details';
  }
  if (name.endsWith('.json')) {
    if (name.includes('role')) return 'role-assignments';
    if (name.includes('partner') || name.includes('customer') || name.includes('entitlement')) return 'partner-center';
    if (name.includes('summar')) return 'reservation-summaries';
    if (name.includes('detail')) return 'reservation-details';
    if (name.includes('reservation') || name.includes('order') || name.includes('azure')) return 'azure';
    return null;
  }
  return null;
}

function sizeOf(path: string): number {
  if (baseName(path).toLowerCase().includes('missing')) return 0;
  const h = hash(path);
  return path.toLowerCase().endsWith('.csv') ? 2_000_000 + (h % 60_000_000) : 4_000 + (h % 900_000);
}

function rowsOf(path: string, format: string): number {
  const size = sizeOf(path);
  return Math.max(1, Math.round(size / (format === 'cost-details' || format === 'focus' ? 640 : format === 'reservation-details' ? 180 : 1400)));
}

function counts(entity: string, total: number, repeat: boolean, seed: number): EntityCounts {
  if (repeat) return { entity, added: 0, updated: 0, unchanged: total, skipped: 0 };
  const updated = Math.floor(total * ((seed % 7) / 40));
  const unchanged = Math.floor(total * ((seed % 5) / 10));
  const skipped = entity === 'costs' || entity === 'utilization' ? seed % 4 : 0;
  return { entity, added: Math.max(0, total - updated - unchanged - skipped), updated, unchanged, skipped };
}

const NEW_CUSTOMERS: ReadonlyArray<[string, string, string, string]> = [
  ["Margie's Travel", 'margiestravel.com', 'US', 'USD'],
  ['Consolidated Messenger', 'consolidatedmessenger.com', 'GB', 'GBP'],
  ['<script>alert(1)</script> Holdings', 'scripted.example', 'DE', 'EUR'],
];

function guid(seed: number): string {
  const hex = (n: number, len: number) => (hash(`${seed}:${n}`) >>> 0).toString(16).padStart(8, '0').slice(0, len);
  return `${hex(1, 8)}-${hex(2, 4)}-4${hex(3, 3)}-a${hex(4, 3)}-${hex(5, 8)}${hex(6, 4)}`;
}

function badProblems(file: string): { problems: ImportProblem[]; problem_count: number } {
  const problems: ImportProblem[] = [
    { file, line: 14, path: null, id: null, field: 'BenefitStartDate', found: '2025-13-01', expected: 'a date (YYYY-MM-DD)' },
    { file, line: null, path: '$[3].properties.quantity', id: null, field: 'quantity', found: '"four"', expected: 'a whole number of at least 1' },
    {
      file,
      line: null,
      path: '$[0]',
      id: null,
      field: 'customer',
      found: null,
      expected: "the customer's tenant ID: this list was made in one tenant and does not name it (choose the customer)",
    },
    { file, line: 57, path: null, id: null, field: 'ReservationId', found: '<script>alert(1)</script>', expected: 'a reservation ID (a GUID)' },
    {
      file,
      line: 88,
      path: null,
      id: null,
      field: 'AdditionalInfo',
      found: '{"UsageType":"ComputeHR","ImageType":"Canonical","ServiceType":"Standard_D4s_v5","VCPUs":4,"ReservationOrderId":"not-a-guid"}',
      expected: 'JSON with a ReservationOrderId that is a GUID',
    },
    { file, line: null, path: null, id: null, field: null, found: null, expected: 'a readable file (permission denied)' },
  ];
  for (let line = 120; problems.length < 50; line += 3) {
    problems.push({ file, line, path: null, id: null, field: 'Quantity', found: String(-(line % 7) - 1), expected: 'a whole number of at least 1' });
  }
  return { problems, problem_count: 73 };
}

function warningsFor(file: string, format: string, repeat: boolean): { warnings: string[]; warnings_omitted: number } {
  if (repeat) return { warnings: [], warnings_omitted: 0 };
  if (format === 'cost-details' || format === 'focus') {
    const warnings = Array.from(
      { length: 100 },
      (_, i) => `Line ${1_204 + i * 17}: skipped a charge for reservation ${guid(i).slice(0, 8)}…, which is not in the store.`,
    );
    warnings[3] = 'Line 1,255: the meter name <b>Standard_D4s_v5</b> is not a known SKU; the row is kept without a SKU.';
    return { warnings, warnings_omitted: 38 };
  }
  if (format === 'reservation-details') {
    return { warnings: [`${baseName(file)}: 2 days without a reported utilization (2025-11-11, 2025-11-12) were left empty.`], warnings_omitted: 0 };
  }
  return { warnings: [], warnings_omitted: 0 };
}

export function createImportMock(input: MockImportInput): (cmd: string, args: Record<string, unknown>) => unknown {
  const imported = new Set<string>();
  let cancel = false;
  let running = false;

  function report(file: string, format: string): FileReport {
    const repeat = imported.has(file);
    const rows = rowsOf(file, format);
    const seed = hash(file);
    const entities: EntityCounts[] = [];
    const add = (entity: string, total: number) => entities.push(counts(entity, Math.max(1, total), repeat, seed));
    switch (format) {
      case 'partner-center':
        add('customers', 3);
        add('subscriptions', 11);
        break;
      case 'azure':
        add('orders', Math.ceil(rows / 3));
        add('reservations', rows);
        add('lineage', 2);
        break;
      case 'reservation-details':
      case 'reservation-summaries':
        add('utilization', rows);
        break;
      case 'cost-details':
        add('costs', rows);
        add('refunds', 2);
        break;
      case 'focus':
        add('costs', rows);
        break;
      case 'portfolio':
        add('customers', 4);
        add('subscriptions', 12);
        add('orders', 20);
        add('reservations', 31);
        add('utilization', 930);
        add('lineage', 3);
        break;
      case 'role-assignments':
        add('role_assignments', rows);
        break;
    }
    return { file, format, rows, entities, ...warningsFor(file, format, repeat) };
  }

  async function runImport(args: Record<string, unknown>): Promise<ImportOutcome> {
    if (running) throw { code: 'store_busy', message: 'An import is already running.', detail: 'database is locked', file: null, line: null, field: null } satisfies ErrorBody;
    const paths = (args['paths'] as string[]) ?? [];
    const override = (args['format'] as string | null) ?? null;
    const customer = (args['customer'] as string | null) ?? null;
    const channel = args['onProgress'] as { onmessage?: (p: ImportProgress) => void } | undefined;
    if (override !== null && !FORMAT_NAMES.split(', ').includes(override)) {
      throw { code: 'invalid_input', message: `format: expected one of: ${FORMAT_NAMES}; found ${override}`, detail: null, file: null, line: null, field: 'format' } satisfies ErrorBody;
    }
    if (customer !== null && !input.customers.some((c) => c.tenant_id === customer)) {
      throw { code: 'not_found', message: `No customer with tenant ID ${customer} is in the store.`, detail: null, file: null, line: null, field: 'customer' } satisfies ErrorBody;
    }

    const files = paths.map((file) => ({ file, format: override ?? detect(file) }));
    const unknown = files.filter((f) => f.format === null);
    const known = files.filter((f): f is { file: string; format: string } => f.format !== null);
    const rowsPer = known.map((f) => rowsOf(f.file, f.format));

    running = true;
    cancel = false;
    const started = Date.now();
    const steps = 20;
    let rows = 0;
    try {
      for (let index = 0; index < known.length; index++) {
        const file = known[index]!;
        const fileRows = rowsPer[index] ?? 0;
        const stepsHere = Math.max(2, Math.round(steps / known.length));
        for (let s = 1; s <= stepsHere; s++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          if (cancel) return { status: 'cancelled', rows };
          const before = rowsPer.slice(0, index).reduce((a, b) => a + b, 0);
          rows = before + Math.round((fileRows * s) / stepsHere);
          const secs = Math.max(0.001, (Date.now() - started) / 1000);
          channel?.onmessage?.({
            file_index: index,
            file_count: known.length,
            file: file.file,
            fraction: s / stepsHere,
            rows,
            rows_per_second: Math.round(rows / secs),
          });
          if (file.file.toLowerCase().includes('bad') && s >= stepsHere / 2) break;
        }
      }
    } finally {
      running = false;
    }

    const bad = known.filter((f) => f.file.toLowerCase().includes('bad'));
    const azureWithoutCustomer = customer === null && known.some((f) => f.format === 'azure' && f.file.toLowerCase().includes('tenant'));
    if (unknown.length > 0 || bad.length > 0 || azureWithoutCustomer) {
      const problems: ImportProblem[] = unknown.map((f) => ({
        file: f.file,
        line: null,
        path: null,
        id: null,
        field: null,
        found: null,
        expected: `a known format: ${FORMAT_NAMES}`,
      }));
      let count = problems.length;
      for (const f of bad) {
        const more = badProblems(f.file);
        problems.push(...more.problems);
        count += more.problem_count;
      }
      if (azureWithoutCustomer) {
        const f = known.find((k) => k.file.toLowerCase().includes('tenant'))!;
        problems.push({ file: f.file, line: null, path: '$', id: null, field: 'customer', found: null, expected: "the customer's tenant ID (choose the customer)" });
        count += 1;
      }
      return { status: 'failed', problems: problems.slice(0, 50), problem_count: count, skippable: false };
    }

    const reports = known.map((f) => report(f.file, f.format));
    const changed = reports.some((r) => r.entities.some((e) => e.added + e.updated > 0));
    if (changed) {
      const added: CustomerSummary[] = [];
      for (const r of reports) {
        const c = r.entities.find((e) => e.entity === 'customers');
        if (!c || c.added === 0) continue;
        for (let i = 0; i < Math.min(c.added, NEW_CUSTOMERS.length); i++) {
          const [name, domain, country, currency] = NEW_CUSTOMERS[i]!;
          if (input.customers.some((x) => x.name === name)) continue;
          added.push({
            tenant_id: guid(hash(name)),
            name,
            primary_domain: domain,
            billing_currency: currency,
            country,
            subscription_count: 2,
            reservation_count: 0,
            active_reservation_count: 0,
            nearest_expiry: null,
            nearest_expiry_days_left: null,
            total_commitment: { amount: '0', currency },
            total_commitment_usd: { amount: '0', currency: 'USD' },
            reservations_without_price: 0,
          });
        }
      }
      const reservations = reports.reduce((n, r) => n + (r.entities.find((e) => e.entity === 'reservations')?.added ?? 0), 0);
      input.onImported({ customers: added, reservations });
    }
    for (const f of known) imported.add(f.file);
    return {
      status: 'imported',
      files: reports,
      changed,
      rows: reports.reduce((n, r) => n + r.rows, 0),
      millis: Date.now() - started,
      skipped: [],
      skipped_count: 0,
    };
  }

  return (cmd, args) => {
    switch (cmd) {
      case 'pick_import_files':
        return [
          '/home/amelia/Downloads/partner-center-customers.json',
          '/home/amelia/Downloads/contoso-reservations.json',
          '/home/amelia/Downloads/Cost Management/cost-details-2025-10.csv',
        ];
      case 'detect_import_files':
        return ((args['paths'] as string[]) ?? []).map(
          (file): DetectedFile => {
            const format = detect(file);
            return { file, format, size: sizeOf(file), may_need_customer: format === 'azure' || format === 'role-assignments', problem: null };
          },
        );
      case 'import_files':
        return runImport(args);
      case 'cancel_import':
        cancel = true;
        return null;
      case 'pick_export_file':
        return '/home/amelia/Documents/Reservation Desk/portfolio-2025-11-24.rdesk.jsonl';
      case 'export_portfolio': {
        const file = String(args['path']);
        if (file.includes('readonly')) {
          throw { code: 'io', message: 'a file could not be created or written', detail: `${file}: permission denied`, file, line: null, field: null } satisfies ErrorBody;
        }
        const reservations = input.reservationCount();
        return { file, customers: input.customers.length, reservations, utilization_days: reservations * 30, bytes: 1_843 + reservations * 9_421 } satisfies ExportReport;
      }
      default:
        return undefined;
    }
  };
}
