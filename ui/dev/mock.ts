// Development-only stand-in for the Rust core: `npm run dev`, then open /?mock (or ?mock=big,
// ?mock=slow, ?mock=empty, ?mock=error). Loaded from main.ts only when import.meta.env.DEV.
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  CustomerDetail,
  CustomerSummary,
  ErrorBody,
  ReservationView,
  ResourceType,
  ScopeType,
  Status,
  StoreInfo,
  SubscriptionView,
  Term,
  UtilizationPoint,
} from '../src/api/desk';
import { createChangesMock } from './mockChanges';
import { createDeskMock } from './mockDesk';
import { createImportMock } from './mockImport';

const TODAY = '2025-11-24';
const DAY = 86_400_000;

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoPlusDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

function addYears(iso: string, years: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** Integer cents as a decimal string, trimmed like the core sends it ("1234.5", "12"). */
function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const int = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${sign}${int}.${frac}` : `${sign}${int}`;
}

const NAMES = [
  ['Contoso Retail', 'contosoretail.onmicrosoft.com', 'DE', 'EUR'],
  ['Fabrikam Manufacturing', 'fabrikam.com', 'US', 'USD'],
  ['Northwind Traders', 'northwindtraders.co.uk', 'GB', 'GBP'],
  ['Adventure Works Cycles', 'adventure-works.com', 'US', 'USD'],
  ['Tailwind Traders', 'tailwindtraders.onmicrosoft.com', 'NL', 'EUR'],
  ['Woodgrove Bank', 'woodgrovebank.com', 'CH', 'CHF'],
  ['Litware Inc.', 'litwareinc.com', 'US', 'USD'],
  ['Proseware, Inc.', 'proseware.com', 'DK', 'DKK'],
  ['Wide World Importers', 'wideworldimporters.com', 'SE', 'SEK'],
  ['Alpine Ski House', 'alpineskihouse.at', 'AT', 'EUR'],
  ['Fourth Coffee', 'fourthcoffee.onmicrosoft.com', 'JP', 'JPY'],
  ['Lamna Healthcare Company with a Deliberately Long Legal Name GmbH & Co. KG', 'lamnahealthcare.de', 'DE', 'EUR'],
  ['Relecloud', 'relecloud.onmicrosoft.com', 'FR', 'EUR'],
  ['Trey Research', 'treyresearch.net', 'US', 'USD'],
] as const;

// Integer rates (USD per 1,000 units of the currency) keep the mock free of float money.
const USD_PER_1000: Record<string, number> = { EUR: 1085, USD: 1000, GBP: 1270, CHF: 1130, DKK: 145, SEK: 95, JPY: 7 };

const TYPES: ReadonlyArray<{ type: ResourceType; label: string; prefix: string; skus: string[]; hourly: number }> = [
  { type: 'VirtualMachines', label: 'Virtual machine', prefix: 'VM', skus: ['Standard_D4s_v5', 'Standard_E8s_v5', 'Standard_B2ms', 'Standard_F16s_v2', 'Standard_D16ds_v5'], hourly: 9 },
  { type: 'VirtualMachines', label: 'Virtual machine', prefix: 'VM', skus: ['Standard_D2s_v3', 'Standard_E4as_v5'], hourly: 6 },
  { type: 'SqlDatabases', label: 'SQL Database', prefix: 'SQL', skus: ['SQLDB_GP_Compute_Gen5', 'SQLDB_BC_Compute_Gen5'], hourly: 14 },
  { type: 'CosmosDb', label: 'Azure Cosmos DB', prefix: 'COSMOS', skus: ['Cosmos_DB_100_RU_s'], hourly: 5 },
  { type: 'AppService', label: 'App Service', prefix: 'APPSVC', skus: ['P1v3', 'P2v3', 'I1v2'], hourly: 7 },
  { type: 'DedicatedHost', label: 'Dedicated host', prefix: 'DH', skus: ['DSv3-Type1', 'ESv3-Type2'], hourly: 220 },
  { type: 'AVS', label: 'Azure VMware Solution', prefix: 'AVS', skus: ['AV36', 'AV36P'], hourly: 650 },
  { type: 'RedHat', label: 'Red Hat plans', prefix: 'RHEL', skus: ['RHEL_1-4_vCPU'], hourly: 2 },
  { type: 'SuseLinux', label: 'SUSE Linux', prefix: 'SUSE', skus: ['SLES_Standard_3-4_vCPU'], hourly: 2 },
];

const REGIONS = ['westeurope', 'northeurope', 'germanywestcentral', 'eastus', 'eastus2', 'uksouth', 'swedencentral', 'japaneast'];
const TERMS: Term[] = ['P1Y', 'P1Y', 'P3Y', 'P3Y', 'P5Y'];

interface Portfolio {
  customers: CustomerSummary[];
  subscriptions: Map<string, SubscriptionView[]>;
  reservations: ReservationView[];
  utilization: Map<string, UtilizationPoint[]>;
}

function build(customerCount: number, bigCustomerReservations: number): Portfolio {
  const random = rng(20251124);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const guid = () => {
    const hex = () => Math.floor(random() * 16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-${pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
  };

  const customers: CustomerSummary[] = [];
  const subscriptions = new Map<string, SubscriptionView[]>();
  const reservations: ReservationView[] = [];
  const utilization = new Map<string, UtilizationPoint[]>();

  for (let c = 0; c < customerCount; c++) {
    const base = NAMES[c % NAMES.length] ?? NAMES[0];
    const round = Math.floor(c / NAMES.length);
    const name = round === 0 ? base[0] : `${base[0]} ${round + 1}`;
    const domain = round === 0 ? base[1] : base[1].replace('.', `${round + 1}.`);
    const [, , country, currency] = base;
    const tenant = guid();
    const short = name.split(/\s+/)[0]?.replace(/[^A-Za-z]/g, '') ?? 'Customer';

    const subs: SubscriptionView[] = Array.from({ length: int(1, c === 0 ? 6 : 4) }, (_, i) => ({
      id: guid(),
      display_name: [`${short} Production`, `${short} Development`, `${short} Shared Services`, `${short} Data Platform`, `${short} Sandbox`, `${short} Legacy (EA migration)`][i] ?? `${short} ${i}`,
      state: i === 4 ? 'Disabled' : i === 5 ? 'Deleted' : 'Active',
    }));
    subscriptions.set(tenant, subs);

    const count = c === 1 && bigCustomerReservations > 0 ? bigCustomerReservations : c === 0 ? 14 : int(2, 9);
    let activeCents = 0;
    let activeCount = 0;
    let nearest: string | null = null;

    for (let i = 0; i < count; i++) {
      const kind = c === 0 && i === 0 ? TYPES[0]! : pick(TYPES);
      const term = pick(TERMS);
      const years = Number(term.slice(1, 2));
      // Spread purchases so some have ended and some end soon.
      const purchase = c === 0 && i === 0 ? isoPlusDays(TODAY, -(365 - 45)) : isoPlusDays(TODAY, -int(0, years * 365 + 120));
      const benefitStart = purchase;
      const expiry = isoPlusDays(addYears(benefitStart, years), -1);
      const daysLeft = daysBetween(TODAY, expiry);
      const cancelled = random() < 0.06;
      const failed = !cancelled && random() < 0.03;
      const status: Status = cancelled ? 'Cancelled' : failed ? 'Failed' : daysLeft < 0 ? 'Expired' : daysLeft <= 90 ? 'Expiring' : 'Succeeded';
      const quantity = kind.type === 'AVS' || kind.type === 'DedicatedHost' ? int(1, 3) : int(1, 24);
      const hours = years * 8760;
      const cents = Math.round(kind.hourly * quantity * hours * (0.55 + random() * 0.2)) + int(0, 99);
      const usdCents = Math.round((cents * (USD_PER_1000[currency] ?? 1000)) / 1000);
      const sub = pick(subs);
      const scopeType: ScopeType = pick(['single', 'single', 'shared', 'resource_group', 'management_group']);
      const scope =
        scopeType === 'single'
          ? { target: `/subscriptions/${sub.id}`, text: `Single subscription: ${sub.display_name}` }
          : scopeType === 'resource_group'
            ? { target: `/subscriptions/${sub.id}/resourceGroups/rg-${short.toLowerCase()}-prod-weu`, text: `Resource group: rg-${short.toLowerCase()}-prod-weu` }
            : scopeType === 'management_group'
              ? { target: `/providers/Microsoft.Management/managementGroups/mg-${short.toLowerCase()}`, text: `Management group: mg-${short.toLowerCase()}` }
              : { target: null, text: 'Shared (all subscriptions in the billing context)' };
      const orderId = guid();
      const id = guid();
      const mmdd = purchase.slice(5).replace('-', '-');
      const displayName = `${kind.prefix}_RI_${mmdd}${i > 0 && random() < 0.5 ? `_${i}` : ''}`;
      const active = status === 'Succeeded' || status === 'Expiring';
      const noData = active && daysBetween(benefitStart, TODAY) < 1;
      const level = c === 0 && i === 0 ? 0.72 : 0.55 + random() * 0.45;

      const points: UtilizationPoint[] = [];
      if (active && !noData) {
        const days = Math.min(30, daysBetween(benefitStart, TODAY));
        for (let d = days; d >= 1; d--) {
          const date = isoPlusDays(TODAY, -d);
          const gap = c === 0 && i === 0 && (d === 12 || d === 13);
          const pct = Math.max(0, Math.min(1, level + (random() - 0.5) * 0.25 + (d < 8 ? 0.08 : 0)));
          const reserved = quantity * 24;
          const usedTenths = Math.round(reserved * pct * 10);
          points.push({
            date,
            reserved_hours: String(reserved),
            used_hours: gap ? '0' : centsToDecimal(usedTenths * 10),
            percent: gap ? null : centsToDecimal(Math.round(pct * 10000)),
          });
        }
      }
      utilization.set(id, points);
      const avg = (n: number) => {
        const known = points.slice(-n).filter((p) => p.percent !== null);
        if (known.length === 0) return null;
        const sum = known.reduce((s, p) => s + Math.round(Number(p.percent) * 100), 0);
        return centsToDecimal(Math.round(sum / known.length));
      };

      if (active) {
        activeCents += cents;
        activeCount += 1;
        if (nearest === null || expiry < nearest) nearest = expiry;
      }

      reservations.push({
        id,
        order_id: orderId,
        customer_id: tenant,
        customer_name: name,
        display_name: displayName,
        resource_type: kind.type,
        resource_type_label: kind.label,
        sku: pick(kind.skus),
        region: pick(REGIONS),
        quantity,
        term,
        billing_plan: random() < 0.6 ? 'Monthly' : 'Upfront',
        purchase_date: purchase,
        benefit_start: benefitStart,
        expiry_date: expiry,
        days_left: daysLeft,
        scope_type: scopeType,
        scope_target: scope.target,
        scope_description: scope.text,
        billing_subscription_id: sub.id,
        instance_flexibility: kind.type === 'VirtualMachines' ? random() < 0.8 : false,
        renew: random() < 0.35,
        provisioning_state: cancelled ? 'Cancelled' : failed ? 'Failed' : daysLeft < 0 ? 'Expired' : 'Succeeded',
        status,
        utilization_1d: points.length ? avg(1) : null,
        utilization_7d: points.length ? avg(7) : null,
        utilization_30d: points.length ? avg(30) : null,
        utilization_as_of: points.length ? isoPlusDays(TODAY, -1) : null,
        price: { amount: centsToDecimal(cents), currency },
        price_usd: { amount: centsToDecimal(usdCents), currency: 'USD' },
        portal_url: `https://portal.azure.com/#@${domain}/resource/providers/Microsoft.Capacity/reservationOrders/${orderId}/reservations/${id}/overview`,
        exchange_right: null,
      });
    }

    customers.push({
      tenant_id: tenant,
      name,
      primary_domain: domain,
      billing_currency: currency,
      country,
      subscription_count: subs.length,
      reservation_count: count,
      active_reservation_count: activeCount,
      nearest_expiry: nearest,
      nearest_expiry_days_left: nearest === null ? null : daysBetween(TODAY, nearest),
      total_commitment: { amount: centsToDecimal(activeCents), currency },
      total_commitment_usd: {
        amount: centsToDecimal(Math.round((activeCents * (USD_PER_1000[currency] ?? 1000)) / 1000)),
        currency: 'USD',
      },
      reservations_without_price: 0,
    });
  }
  return { customers, subscriptions, reservations, utilization };
}

function notFound(what: string, id: string): ErrorBody {
  return { code: 'not_found', message: `No ${what} with ID ${id} is in the store.`, detail: null, file: null, line: null, field: null };
}

export function installMock(mode: string): void {
  const big = mode === 'big';
  const portfolio = mode === 'empty' ? build(0, 0) : build(big ? 3000 : NAMES.length, big ? 2500 : 0);
  const delay = mode === 'slow' ? 1500 : 120;
  const store: StoreInfo = {
    db_path: '/home/amelia/.local/share/com.reservationdesk.app/desk.sqlite3',
    schema_version: 1,
    customers: portfolio.customers.length,
    reservations: portfolio.reservations.length,
    today: TODAY,
    demo_loaded:
      mode === 'empty'
        ? null
        : { seed: 20251124, customers: portfolio.customers.length, subscriptions: 0, reservations: portfolio.reservations.length, utilization_days: 30 },
  };

  const deskMock = createDeskMock({
    today: TODAY,
    customers: portfolio.customers,
    reservations: portfolio.reservations,
    empty: mode === 'empty',
  });

  const changesMock = createChangesMock({
    reservations: portfolio.reservations,
    subscriptions: portfolio.subscriptions,
    empty: mode === 'empty',
  });

  const importMock = createImportMock({
    customers: portfolio.customers,
    reservationCount: () => store.reservations,
    onImported: (added) => {
      portfolio.customers.push(...added.customers);
      for (const c of added.customers) portfolio.subscriptions.set(c.tenant_id, []);
      store.customers = portfolio.customers.length;
      store.reservations += added.reservations;
    },
  });

  const handle = (cmd: string, args: Record<string, unknown>): unknown => {
    // Import answers null (cancel_import) as well as values, so it is asked first and apart.
    const importAnswer = importMock(cmd, args);
    if (importAnswer !== undefined) return importAnswer;
    const answered = deskMock(cmd, args) ?? changesMock(cmd, args);
    if (answered !== undefined) return answered;
    switch (cmd) {
      case 'store_info':
        return { ...store };
      case 'list_customers':
        if (mode === 'error') {
          throw {
            code: 'store_busy',
            message: 'the database is in use by another program; try again in a moment',
            detail: 'database is locked',
            file: null,
            line: null,
            field: null,
          } satisfies ErrorBody;
        }
        return portfolio.customers;
      case 'get_customer': {
        const tenantId = String(args['tenantId']);
        const customer = portfolio.customers.find((c) => c.tenant_id === tenantId);
        if (!customer) throw notFound('customer', tenantId);
        return { customer, subscriptions: portfolio.subscriptions.get(tenantId) ?? [] } satisfies CustomerDetail;
      }
      case 'list_reservations': {
        const customerId = args['customerId'];
        return customerId === null ? portfolio.reservations : portfolio.reservations.filter((r) => r.customer_id === customerId);
      }
      case 'get_reservation': {
        const id = String(args['reservationId']);
        const found = portfolio.reservations.find((r) => r.id === id);
        if (!found) throw notFound('reservation', id);
        return { ...found };
      }
      case 'get_utilization': {
        const id = String(args['reservationId']);
        if (!portfolio.utilization.has(id)) throw notFound('reservation', id);
        return portfolio.utilization.get(id) ?? [];
      }
      case 'plugin:clipboard-manager|write_text':
        console.info('[mock] clipboard:', args['text']);
        return null;
      case 'plugin:opener|open_url':
        console.info('[mock] open in browser:', args['url']);
        return null;
      default:
        throw { code: 'bridge', message: `The mock core has no command ${cmd}.`, detail: null, file: null, line: null, field: null } satisfies ErrorBody;
    }
  };

  mockIPC(async (cmd, args) => {
    await new Promise((resolve) => setTimeout(resolve, delay));
    return handle(cmd, (args ?? {}) as Record<string, unknown>);
  });
}
