// Development-only: the refund, exchange, ticket, policy and catalog commands of the mock core.
// Money is kept in integer cents here (the mock only), so no float ever reaches the screen.
import type {
  CatalogEntryView,
  Contact,
  CustomerSummary,
  ErrorBody,
  ErrorCode,
  ExchangeQuoteView,
  ExchangeRequest,
  MoneyView,
  PolicyValue,
  Reason,
  RefundQuoteView,
  ReservationView,
  TicketDraft,
  TicketStatus,
  TicketView,
} from '../src/api/desk';

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const plusDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

function cents(amount: string): number {
  const [int = '0', frac = ''] = amount.replace('-', '').split('.');
  const value = Number(int) * 100 + Number((frac + '00').slice(0, 2));
  return amount.startsWith('-') ? -value : value;
}
function dec(c: number): string {
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(Math.round(c));
  const frac = String(abs % 100).padStart(2, '0');
  return `${sign}${Math.floor(abs / 100)}.${frac}`;
}
const money = (c: number, currency: string): MoneyView => ({ amount: dec(c), currency });

function bad(code: ErrorCode, message: string, field: string | null = null): ErrorBody {
  return { code, message, detail: null, file: null, line: null, field };
}

const MESSAGES: Record<Reason, string> = {
  RefundLimitExceeded: "The canceled commitment is more than the customer's remaining refund limit (USD, rolling window).",
  NotRefundable: 'This type of reservation cannot be refunded or exchanged.',
  InvalidRefundQuantity: "The quantity must be at least 1 and at most the reservation's quantity.",
  OperationCannotBePerformedInCurrentState: 'Only an active reservation can be refunded or exchanged.',
  DifferentProductFamily: 'Exchanges are allowed only within one product family; across families, cancel and repurchase.',
  ExchangeNotAllowedAfterCutover: 'Reservations of savings-plan-covered services bought on or after the cut-over date cannot be exchanged.',
  FinalExchangeUsed: 'This reservation has already used its one final exchange after the cut-over date.',
  InsufficientPurchaseValue: "The new reservations' lifetime commitment must be at least the returned value.",
  CurrencyMismatch: 'New purchases must be priced in the billing currency of the returned reservations.',
  MixedCustomers: 'All returned reservations must belong to one customer.',
  EmptyExchange: 'An exchange needs at least one reservation to return and one to buy.',
  UnknownSku: 'A SKU to buy is not in the catalog and its type cannot be recognised.',
  PriceUnknown:
    "The reservation's price is unknown: import the reservation order with its payment schedule, or a cost-details export with its purchase row.",
  BillingPlanUnknown: "The reservation's billing plan is unknown: import the reservation order (Azure Reservations API), a cost-details export with its purchase row, or a portfolio file.",
  TermUnknown: "The reservation's term is unknown: import the reservation order (Azure Reservations API) or a portfolio file.",
};

/** The mock's reservations all have a known price (the demo's); `usd` picks the USD one. */
function priceOf(r: ReservationView, usd = false): MoneyView {
  const price = usd ? r.price_usd : r.price;
  if (!price) throw bad('invalid_input', 'the price is unknown', 'price');
  return price;
}

/** A quoted figure; a ticket is never drafted from an unknown one. */
function known(m: MoneyView | null): MoneyView {
  if (!m) throw bad('invalid_input', 'the price is unknown', 'price');
  return m;
}

const DESTINATION =
  'CSP: Microsoft cancels the original purchase invoice and issues a new invoice for the refund to the partner, who credits the customer.';

export interface MockDeskInput {
  today: string;
  customers: CustomerSummary[];
  reservations: ReservationView[];
  empty: boolean;
}

export function createDeskMock(input: MockDeskInput): (cmd: string, args: Record<string, unknown>) => unknown {
  const { today, customers, reservations } = input;
  let policy: PolicyValue[] = [
    { key: 'refund_limit_usd', value: '50000', effective_from: '2022-10-10', source: 'Exchange and refund policy, learn.microsoft.com (10/10/2022)' },
    { key: 'refund_window_days', value: '365', effective_from: '2022-10-10', source: 'Exchange and refund policy, learn.microsoft.com (10/16/2023)' },
    { key: 'early_termination_fee_rate', value: '0', effective_from: '2022-10-10', source: 'Exchange and refund policy: "currently not charging" (03/19/2026)' },
    { key: 'exchange_cutover_date', value: '2027-02-01', effective_from: '2026-08-27', source: 'Reservation exchange policy changes (08/27/2026)' },
    { key: 'non_refundable_types', value: 'RedHat,SuseLinux', effective_from: '2022-10-10', source: 'Exchange and refund policy (03/19/2026)' },
    { key: 'savings_plan_covered_types', value: 'VirtualMachines,AppService,DedicatedHost,SqlDatabases', effective_from: '2026-08-27', source: 'Reservation exchange policy changes (08/27/2026)' },
  ];
  let catalog: CatalogEntryView[] = [
    { sku: 'Standard_D4s_v5', region: 'westeurope', term: 'P1Y', resource_type: 'VirtualMachines', unit_price: '1180.80', currency: 'EUR' },
    { sku: 'Standard_D4s_v5', region: 'westeurope', term: 'P3Y', resource_type: 'VirtualMachines', unit_price: '2290.44', currency: 'EUR' },
    { sku: 'Standard_E8s_v5', region: 'westeurope', term: 'P1Y', resource_type: 'VirtualMachines', unit_price: '2650.20', currency: 'EUR' },
    { sku: 'Standard_D8ds_v5', region: 'germanywestcentral', term: 'P3Y', resource_type: 'VirtualMachines', unit_price: '5120', currency: 'EUR' },
    { sku: 'Standard_D4s_v5', region: 'eastus', term: 'P1Y', resource_type: 'VirtualMachines', unit_price: '1090.32', currency: 'USD' },
    { sku: 'SQLDB_GP_Compute_Gen5', region: 'westeurope', term: 'P1Y', resource_type: 'SqlDatabases', unit_price: '1402.5', currency: 'EUR' },
  ];
  // Refunds already processed, in USD cents per customer (the first customer is close to its limit).
  const usedUsd = new Map<string, number>();
  if (customers[0]) usedUsd.set(customers[0].tenant_id, 4_235_050);
  if (customers[2]) usedUsd.set(customers[2].tenant_id, 1_200_000);

  let contact: Contact = {
    preferred_contact_method: 'Email',
    severity: 'C',
    name: '',
    email: '',
    phone: '',
    country: '',
    time_zone: '(UTC) Coordinated Universal Time',
    language: 'English',
  };
  const tickets: TicketView[] = [];
  let nextId = 1;
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const reservation = (id: string) => {
    const r = reservations.find((x) => x.id === id);
    if (!r) throw bad('not_found', `No reservation with ID ${id} is in the store.`, 'reservation_id');
    return r;
  };
  const customerOf = (r: ReservationView) => customers.find((c) => c.tenant_id === r.customer_id);
  const inForce = (key: PolicyValue['key'], on: string) =>
    policy.filter((p) => p.key === key && p.effective_from <= on).sort((a, b) => (a.effective_from < b.effective_from ? 1 : -1))[0] ?? policy.find((p) => p.key === key)!;
  const policyOn = (on: string) => (['refund_limit_usd', 'refund_window_days', 'early_termination_fee_rate', 'exchange_cutover_date', 'non_refundable_types', 'savings_plan_covered_types'] as const).map((k) => inForce(k, on));

  function value(r: ReservationView, q: number, on: string) {
    const T = Math.max(1, days(r.benefit_start, r.expiry_date));
    const R = Math.max(0, Math.min(T, days(on, r.expiry_date)));
    const total = (cents(priceOf(r).amount) * q) / r.quantity;
    const totalUsd = (cents(priceOf(r, true).amount) * q) / r.quantity;
    return { T, R, total, canceled: Math.round((total * R) / T), canceledUsd: Math.round((totalUsd * R) / T) };
  }

  function refundQuote(id: string, quantity: number | null, on: string | null): RefundQuoteView {
    const r = reservation(id);
    const day = on ?? today;
    const q = quantity ?? r.quantity;
    const cur = priceOf(r).currency;
    const v = value(r, q, day);
    const reasons: Reason[] = [];
    if (q < 1 || q > r.quantity) reasons.push('InvalidRefundQuantity');
    if (r.status !== 'Succeeded' && r.status !== 'Expiring') reasons.push('OperationCannotBePerformedInCurrentState');
    if (r.resource_type === 'RedHat' || r.resource_type === 'SuseLinux') reasons.push('NotRefundable');
    const limit = 5_000_000;
    const used = usedUsd.get(r.customer_id) ?? 0;
    const available = limit - used;
    if (v.canceledUsd > available) reasons.push('RefundLimitExceeded');
    const monthly = r.billing_plan === 'Monthly';
    const elapsed = v.T - v.R;
    const paid = monthly ? Math.round((v.total * Math.min(v.T, elapsed + 20)) / v.T) : null;
    const refund = monthly ? Math.max(0, (paid ?? 0) - Math.round((v.total * elapsed) / v.T)) : v.canceled;
    const future = monthly ? Math.max(0, Math.round(v.total) - (paid ?? 0)) : null;
    const pol = policyOn(day);
    const unit = Math.round(cents(priceOf(r).amount) / r.quantity);
    const how = [
      `Term days T = ${v.T} (${r.benefit_start} to ${r.expiry_date}); remaining days R = ${v.R} (from ${day} to the expiry, UTC, clamped to 0..T).`,
      `Price per unit U = ${dec(unit)} ${cur} (the lower of the purchase price and the catalog's current price).`,
      `Canceled commitment C = U × ${q} × R / T = ${dec(v.canceled)} ${cur} (${dec(v.canceledUsd)} USD).`,
      ...(monthly ? [`Monthly plan: paid so far ${dec(paid ?? 0)} ${cur}; the current month's unused part is refunded and the future payments (${dec(future ?? 0)} ${cur}) are canceled — they count against the limit.`] : []),
      `Early-termination fee = 0 × ${monthly ? "the current month's refund" : 'C'} (policy from ${inForce('early_termination_fee_rate', day).effective_from}) = 0.00 ${cur}; refund = ${dec(refund)} ${cur}.`,
      `Refund limit: 50000 USD per customer over 365 days (policy from ${inForce('refund_limit_usd', day).effective_from}); used ${dec(used)} USD; available ${dec(available)} USD.`,
    ];
    return {
      reservation_id: r.id,
      order_id: r.order_id,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      on: day,
      quantity: q,
      billing_plan: r.billing_plan,
      term_days: v.T,
      remaining_days: v.R,
      unit_price_basis: money(unit, cur),
      canceled_commitment: money(v.canceled, cur),
      canceled_commitment_usd: money(v.canceledUsd, 'USD'),
      fee_rate: '0',
      fee: money(0, cur),
      refund: money(refund, cur),
      paid_to_date: paid === null ? null : money(paid, cur),
      future_payments_canceled: future === null ? null : money(future, cur),
      limit_usd: '50000',
      used_usd: dec(used),
      available_usd: dec(available),
      available_after_usd: dec(available - v.canceledUsd),
      allowed: reasons.length === 0,
      reasons,
      reason_messages: reasons.map((x) => MESSAGES[x]),
      headroom_returns_on: reasons.includes('RefundLimitExceeded') && v.canceledUsd <= limit ? plusDays(today, 143) : null,
      refund_destination: DESTINATION,
      policy: pol,
      how,
    };
  }

  function exchangeQuote(req: ExchangeRequest): ExchangeQuoteView {
    const day = req.on ?? today;
    const rets = req.returns.map((x) => {
      const r = reservation(x.reservation_id);
      const q = x.quantity ?? r.quantity;
      const v = value(r, q, day);
      const util = r.utilization_30d === null ? null : Number(r.utilization_30d);
      return {
        r,
        view: {
          reservation_id: r.id,
          display_name: r.display_name,
          sku: r.sku,
          quantity: q,
          reservation_quantity: r.quantity,
          remaining_days: v.R,
          term_days: v.T,
          refund: money(v.canceled, priceOf(r).currency),
          refund_usd: money(v.canceledUsd, 'USD'),
          utilization_7d: r.utilization_7d,
          utilization_30d: r.utilization_30d,
          suggested_return: util === null ? 0 : Math.floor((r.quantity * (100 - util)) / 100),
        },
        c: v.canceled,
      };
    });
    const cur = rets[0] ? priceOf(rets[0].r).currency : 'USD';
    const buys = req.purchases.map((p) => {
      const total = cents(p.unit_price) * p.quantity;
      const known = catalog.find((e) => e.sku === p.sku);
      return {
        view: {
          sku: p.sku,
          region: p.region,
          term: p.term,
          quantity: p.quantity,
          resource_type: known?.resource_type ?? (p.sku.startsWith('Standard_') ? 'VirtualMachines' : null),
          unit_price: { amount: p.unit_price, currency: p.currency },
          total: money(total, p.currency),
        },
        total,
        currency: p.currency,
      };
    });
    const refunds = rets.reduce((s, x) => s + x.c, 0);
    const purchases = buys.reduce((s, x) => s + x.total, 0);
    const reasons: Reason[] = [];
    if (rets.length === 0 || buys.length === 0) reasons.push('EmptyExchange');
    if (buys.some((b) => b.currency !== cur)) reasons.push('CurrencyMismatch');
    if (buys.some((b) => b.view.resource_type === null)) reasons.push('UnknownSku');
    const families = new Set([...rets.map((x) => (x.r.resource_type === 'SqlDatabases' ? 'sql' : x.r.resource_type === 'CosmosDb' ? 'cosmos' : 'compute')), ...buys.filter((b) => b.view.resource_type).map((b) => (b.view.resource_type === 'SqlDatabases' ? 'sql' : b.view.resource_type === 'CosmosDb' ? 'cosmos' : 'compute'))]);
    if (families.size > 1) reasons.push('DifferentProductFamily');
    if (purchases < refunds) reasons.push('InsufficientPurchaseValue');
    return {
      on: day,
      customer_id: rets[0]?.r.customer_id ?? null,
      returns: rets.map((x) => x.view),
      purchases: buys.map((b) => b.view),
      refunds_total: money(refunds, cur),
      purchases_total: money(purchases, cur),
      net_payable: money(purchases - refunds, cur),
      allowed: reasons.length === 0,
      reasons,
      reason_messages: reasons.map((x) => MESSAGES[x]),
      policy: policyOn(day),
    };
  }

  /** The core's `TicketDraft::missing`, for the browser preview. */
  function missingOf(d: TicketDraft): string[] {
    const out: string[] = [];
    if (!d.problem.summary.trim()) out.push('summary');
    if (!d.problem.description.trim()) out.push('description');
    else if (/^[ \t]*Reason:[ \t]*$/m.test(d.problem.description)) out.push('reason');
    const c = d.contact;
    for (const [k, v] of [['preferred_contact_method', c.preferred_contact_method], ['name', c.name], ['email', c.email], ['phone', c.phone], ['country', c.country]] as const) {
      if (!v.trim()) out.push(k);
    }
    return out;
  }

  function text(d: TicketDraft): string {
    const c = d.contact;
    return `1 Basics\n  Issue type: ${d.basics.issue_type}\n  Subscription: ${d.basics.subscription_id}\n\n2 Problem\n  Problem type: ${d.problem.problem_type}\n  Category: ${d.problem.category}\n  Summary: ${d.problem.summary}\n  Description:\n${d.problem.description
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n\n3 Contact information\n  Preferred contact method: ${c.preferred_contact_method}\n  Severity: ${c.severity}\n  Name: ${c.name}\n  Email: ${c.email}\n  Phone: ${c.phone}\n  Country/region: ${c.country}\n  Time zone: ${c.time_zone}\n  Support language: ${c.language}\n`;
  }

  function newTicket(r: ReservationView, kind: TicketView['kind'], summary: string, description: string, amount: MoneyView | null, amountUsd: string | null): TicketView {
    const domain = customerOf(r)?.primary_domain ?? 'contoso.onmicrosoft.com';
    const draft: TicketDraft = {
      basics: { issue_type: 'Billing', subscription_id: r.billing_subscription_id },
      problem: { problem_type: 'Reservation management', category: kind === 'other' ? 'Other' : 'Exchanges and refunds', summary, description },
      contact: { ...contact },
    };
    const stamp = now();
    const t: TicketView = {
      id: nextId++,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      reservation_id: r.id,
      kind,
      status: 'draft',
      ms_ticket_number: null,
      created_at: stamp,
      updated_at: stamp,
      draft,
      text: text(draft),
      missing: missingOf(draft),
      portal_url: `https://portal.azure.com/#@${domain}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest`,
      amount,
      amount_usd: amountUsd,
    };
    tickets.unshift(t);
    return t;
  }

  function refundTicket(id: string, quantity: number | null, on: string | null, reason: string): TicketView {
    const q = refundQuote(id, quantity, on);
    const r = reservation(id);
    if (!q.allowed) throw bad('invalid_input', `This refund cannot be requested: ${q.reason_messages.join(' ')}`);
    const [canceled, canceledUsd, refund] = [known(q.canceled_commitment), known(q.canceled_commitment_usd), known(q.refund)];
    const description = [
      `Please refund (cancel) ${q.quantity} of ${r.quantity} units of reservation ${r.display_name} for our CSP customer ${r.customer_name}.`,
      '',
      `Reservation ID: ${r.id}`,
      `Reservation order ID: ${r.order_id}`,
      `SKU / region: ${r.sku} / ${r.region}`,
      `Return date: ${q.on}; remaining ${q.remaining_days} of ${q.term_days} days`,
      `Canceled commitment: ${canceled.amount} ${canceled.currency} (${canceledUsd.amount} USD)`,
      `Expected refund: ${refund.amount} ${refund.currency}`,
      '',
      reason ? `Reason: ${reason}` : 'Reason:',
    ].join('\n');
    return newTicket(r, 'refund', `Refund ${q.quantity} × ${r.sku} (${r.display_name})`, description, canceled, canceledUsd.amount);
  }

  function moveTicket(id: number, to: TicketStatus, number: string | null): TicketView {
    const t = tickets.find((x) => x.id === id);
    if (!t) throw bad('not_found', `No ticket ${id} is in the store.`, 'id');
    const ok = (t.status === 'draft' && (to === 'submitted' || to === 'cancelled')) || (t.status === 'submitted' && (to === 'resolved' || to === 'cancelled'));
    if (!ok) throw bad('invalid_input', `status: a ${t.status} ticket cannot become ${to} (found "${to}")`, 'status');
    if (to === 'submitted' && !(number ?? '').trim()) throw bad('invalid_input', 'ms_ticket_number: enter Microsoft\'s support request number (found "")', 'ms_ticket_number');
    t.status = to;
    if (to === 'submitted') t.ms_ticket_number = (number ?? '').trim();
    t.updated_at = now();
    return { ...t };
  }

  // A few requests so the Tickets view has history.
  if (!input.empty) {
    const active = reservations.filter((r) => r.status === 'Succeeded' || r.status === 'Expiring');
    const a = active.find((r) => r.customer_id !== customers[0]?.tenant_id && r.resource_type === 'VirtualMachines');
    const b = active.find((r) => r.customer_id === customers[2]?.tenant_id && r.resource_type !== 'RedHat' && r.resource_type !== 'SuseLinux');
    contact = { ...contact, name: 'Amelia Jensen', email: 'amelia.jensen@partner.example', phone: '+45 33 12 34 56', country: 'Denmark', time_zone: '(UTC+01:00) Brussels, Copenhagen, Madrid, Paris' };
    try {
      if (a) {
        const t = refundTicket(a.id, 1, null, 'One VM moved to App Service.');
        moveTicket(t.id, 'submitted', '2511180010004412');
      }
      if (b) {
        const t = refundTicket(b.id, 1, null, 'Workload decommissioned.');
        moveTicket(t.id, 'submitted', '2510290010001187');
        moveTicket(t.id, 'resolved', null);
      }
    } catch (e) {
      console.warn('[mock] could not seed a ticket', JSON.stringify(e));
    }
    const c = active[5];
    if (c) newTicket(c, 'other', `Scope change failed for ${c.display_name}`, 'Changing the scope to the Production subscription fails with an authorization error.', null, null);
  }

  return (cmd, args) => {
    switch (cmd) {
      case 'refund_quote':
        return refundQuote(String(args['reservationId']), (args['quantity'] as number | null) ?? null, (args['on'] as string | null) ?? null);
      case 'exchange_quote':
        return exchangeQuote(args['request'] as ExchangeRequest);
      case 'draft_refund_ticket':
        return refundTicket(String(args['reservationId']), (args['quantity'] as number | null) ?? null, (args['on'] as string | null) ?? null, String(args['reason'] ?? ''));
      case 'draft_exchange_ticket': {
        const req = args['request'] as ExchangeRequest;
        const q = exchangeQuote(req);
        if (!q.allowed) throw bad('invalid_input', `This exchange cannot be requested: ${q.reason_messages.join(' ')}`);
        const first = reservation(req.returns[0]?.reservation_id ?? '');
        const lines = [
          `Please exchange the following reservations of our CSP customer ${first.customer_name}.`,
          '',
          'Return:',
          ...q.returns.map((x) => `  - ${x.display_name} (${x.reservation_id}): ${x.quantity} of ${x.reservation_quantity} units, prorated ${known(x.refund).amount} ${known(x.refund).currency}`),
          'Buy:',
          ...q.purchases.map((p) => `  - ${p.quantity} × ${p.sku} in ${p.region}, ${p.term}: ${p.total.amount} ${p.total.currency}`),
          '',
          `Returned value ${known(q.refunds_total).amount}; new commitment ${q.purchases_total.amount}; net payable ${known(q.net_payable).amount} ${known(q.net_payable).currency}.`,
          '',
          args['reason'] ? `Reason: ${String(args['reason'])}` : 'Reason:',
        ];
        return newTicket(first, 'exchange', `Exchange ${q.returns.length} reservation(s) for ${q.purchases.map((p) => p.sku).join(', ')}`, lines.join('\n'), q.refunds_total, null);
      }
      case 'draft_other_ticket': {
        const summary = String(args['summary'] ?? '').trim();
        if (!summary) throw bad('invalid_input', 'summary: enter a one-line summary (found "")', 'summary');
        return newTicket(reservation(String(args['reservationId'])), 'other', summary, String(args['description'] ?? ''), null, null);
      }
      case 'list_tickets':
        return tickets.map((t) => ({ ...t }));
      case 'update_ticket': {
        const id = Number(args['id']);
        const d = args['draft'] as TicketDraft;
        const c = d.contact;
        if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) throw bad('invalid_input', `email: expected an email address such as name@contoso.com (found "${c.email}")`, 'email');
        if (c.preferred_contact_method === 'Phone' && !c.phone.trim()) throw bad('invalid_input', 'phone: a phone number is needed when the preferred method is Phone (found "")', 'phone');
        const t = tickets.find((x) => x.id === id);
        if (!t) throw bad('not_found', `No ticket ${id} is in the store.`, 'id');
        if (t.status !== 'draft') throw bad('invalid_input', `status: only a draft can be edited (found "${t.status}")`, 'status');
        t.draft = d;
        t.text = text(d);
        t.missing = missingOf(d);
        t.updated_at = now();
        contact = { ...c };
        return { ...t };
      }
      case 'save_list_csv': {
        const table = args['table'] as { rows: unknown[] };
        return { path: `/home/amelia/Downloads/${String(args['fileName'])}`, items: table.rows.length, bytes: 0 };
      }
      case 'save_expiries_ics':
        return { path: `/home/amelia/Downloads/${String(args['fileName'])}`, items: 0, bytes: 0 };
      case 'get_support_contact':
        return { ...contact };
      case 'set_support_contact': {
        const c = args['contact'] as Contact;
        if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) throw bad('invalid_input', `email: expected an email address such as name@contoso.com (found "${c.email}")`, 'email');
        contact = { ...c };
        return { ...contact };
      }
      case 'move_ticket':
        return moveTicket(Number(args['id']), args['to'] as TicketStatus, (args['msTicketNumber'] as string | null) ?? null);
      case 'list_policy':
        return policy;
      case 'set_policy_value': {
        const key = String(args['key']) as PolicyValue['key'];
        const v = String(args['value']).trim();
        const from = String(args['effectiveFrom']);
        if (key === 'early_termination_fee_rate' && !(/^(0(\.\d+)?|1(\.0+)?)$/.test(v))) {
          throw bad('invalid_input', `early_termination_fee_rate: expected a fraction from 0 to 1, e.g. 0.12 for 12 % (found "${v}")`, 'value');
        }
        if ((key === 'refund_limit_usd' || key === 'refund_window_days') && !/^\d+(\.\d+)?$/.test(v)) {
          throw bad('invalid_input', `${key}: expected a positive number (found "${v}")`, 'value');
        }
        policy = [...policy.filter((p) => !(p.key === key && p.effective_from === from)), { key, value: v, effective_from: from, source: String(args['source'] || 'Changed in Reservation Desk') }];
        return policy;
      }
      case 'list_catalog':
        return catalog;
      case 'set_catalog_entry': {
        const e = args['entry'] as CatalogEntryView;
        catalog = [...catalog.filter((x) => !(x.sku === e.sku && x.region === e.region && x.term === e.term && x.currency === e.currency)), e];
        return catalog;
      }
      default:
        return undefined;
    }
  };
}

