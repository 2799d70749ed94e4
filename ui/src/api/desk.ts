// The one door from the views to the Rust core. Views import from here, never from bindings or invoke.
import { Channel } from '@tauri-apps/api/core';
import { makeInert } from '../lib/inert';
import {
  commands,
  type AccessChangeView,
  type CatalogEntryView,
  type ChangeRequestView,
  type ErrorBody,
  type ExchangeRequest,
  type ImportProgress,
  type CalendarFilter,
  type ReportFormat,
  type ReportLanguage,
  type ReviewFilter,
  type ReviewSettings,
  type Result,
  type TicketDraft,
  type TicketStatus,
} from './bindings';

export type {
  AccessAction,
  AccessChangeView,
  AccessView,
  AccessWarning,
  Assignment,
  AssignmentView,
  AuditEntryView,
  Basics,
  BillingPlan,
  CalendarEntryView,
  CalendarFilter,
  CalendarView,
  CatalogEntryView,
  ChangePlanView,
  ChangeProblem,
  ChangeRequestView,
  Configuration,
  Contact,
  CustomerDetail,
  CustomerSummary,
  CustomerUnused,
  Dashboard,
  DashboardCharts,
  DemoSummary,
  DetectedFile,
  EntityCounts,
  ErrorBody,
  ExchangePurchaseView,
  ExchangeQuoteView,
  ExchangeRequest,
  ExchangeReturnView,
  Expiring,
  ExportReport,
  FileReport,
  GrantedAt,
  HiddenView,
  ImportOutcome,
  ImportProblem,
  ImportProgress,
  JsonValue,
  LowHeadroomCustomer,
  MoneyView,
  MonthExpiries,
  PolicyKey,
  PolicyValue,
  PrincipalKind,
  Problem,
  ProblemView,
  ProvisioningState,
  PurchaseRequest,
  Reason,
  RefundQuoteView,
  ReportFormat,
  ReportLanguage,
  ReportSaved,
  ReservationView,
  ResourceType,
  ReturnRequest,
  ReviewFilter,
  ReviewItemView,
  ReviewPage,
  ReviewSettings,
  Role,
  ScopeOptions,
  ScopeType,
  Status,
  StoreInfo,
  SubscriptionState,
  SubscriptionView,
  Term,
  TicketDraft,
  TicketKind,
  TicketStatus,
  TicketView,
  TriageAction,
  TriageCounts,
  TriageItemView,
  TriageKind,
  TriageView,
  UnderUtilized,
  UtilizationBand,
  UtilizationPoint,
} from './bindings';

/** A failure reported by the core (or by the bridge to it), carrying the body the UI shows. */
export class DeskError extends Error {
  readonly body: ErrorBody;

  constructor(body: ErrorBody) {
    // A message may quote a value from an imported file: its text is made inert here.
    const clean = makeInert({ ...body });
    super(clean.message);
    this.name = 'DeskError';
    this.body = clean;
  }

  get code(): string {
    return this.body.code;
  }
}

function bodyOf(code: string, message: string): ErrorBody {
  return { code, message, file: null, line: null, field: null };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && typeof v['message'] === 'string';
}

function backendPresent(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Turns anything thrown or returned as an error into a DeskError with a plain-words message. */
export function toDeskError(error: unknown): DeskError {
  if (error instanceof DeskError) return error;
  if (isErrorBody(error)) {
    const e = error as Partial<ErrorBody> & Pick<ErrorBody, 'code' | 'message'>;
    return new DeskError({
      code: e.code,
      message: e.message,
      file: typeof e.file === 'string' ? e.file : null,
      line: typeof e.line === 'number' ? e.line : null,
      field: typeof e.field === 'string' ? e.field : null,
    });
  }
  if (!backendPresent()) {
    return new DeskError(
      bodyOf(
        'no_backend',
        'This window is not connected to the Reservation Desk core. Start it as the desktop app.',
      ),
    );
  }
  if (typeof error === 'string') return new DeskError(bodyOf('bridge', error));
  if (error instanceof Error) return new DeskError(bodyOf('bridge', error.message));
  return new DeskError(bodyOf('bridge', 'The core answered with an error the window cannot read.'));
}

async function call<T>(run: () => Promise<Result<T, ErrorBody>>): Promise<T> {
  let result: Result<T, ErrorBody>;
  try {
    result = await run();
  } catch (thrown) {
    throw toDeskError(thrown);
  }
  if (result.status === 'error') throw toDeskError(result.error);
  // Text from customers' tenants never reaches a view raw: control and bidi characters become
  // visible placeholders here, once, for every command (lib/inert.ts).
  return makeInert(result.data);
}

export const desk = {
  storeInfo: () => call(() => commands.storeInfo()),
  listCustomers: (query: string | null = null) => call(() => commands.listCustomers(query)),
  getCustomer: (tenantId: string) => call(() => commands.getCustomer(tenantId)),
  listReservations: (customerId: string | null) => call(() => commands.listReservations(customerId)),
  getReservation: (reservationId: string) => call(() => commands.getReservation(reservationId)),
  getUtilization: (reservationId: string) => call(() => commands.getUtilization(reservationId)),

  // Refunds and exchanges: quotes, then the support requests that carry them.
  refundQuote: (reservationId: string, quantity: number | null, on: string | null) =>
    call(() => commands.refundQuote(reservationId, quantity, on)),
  exchangeQuote: (request: ExchangeRequest) => call(() => commands.exchangeQuote(request)),
  draftRefundTicket: (reservationId: string, quantity: number | null, on: string | null, reason: string) =>
    call(() => commands.draftRefundTicket(reservationId, quantity, on, reason)),
  draftExchangeTicket: (request: ExchangeRequest, reason: string) =>
    call(() => commands.draftExchangeTicket(request, reason)),
  draftOtherTicket: (reservationId: string, summary: string, description: string) =>
    call(() => commands.draftOtherTicket(reservationId, summary, description)),
  listTickets: () => call(() => commands.listTickets()),
  updateTicket: (id: number, draft: TicketDraft) => call(() => commands.updateTicket(id, draft)),
  moveTicket: (id: number, to: TicketStatus, msTicketNumber: string | null, on: string | null) =>
    call(() => commands.moveTicket(id, to, msTicketNumber, on)),

  // Settings: dated policy values and the price catalog.
  listPolicy: () => call(() => commands.listPolicy()),
  setPolicyValue: (key: string, value: string, effectiveFrom: string, source: string) =>
    call(() => commands.setPolicyValue(key, value, effectiveFrom, source)),
  listCatalog: () => call(() => commands.listCatalog()),
  setCatalogEntry: (entry: CatalogEntryView) => call(() => commands.setCatalogEntry(entry)),

  // Access and configuration: who may act, and scope changes drafted as plans.
  getAccess: (reservationId: string) => call(() => commands.getAccess(reservationId)),
  getScopeOptions: (tenantId: string) => call(() => commands.getScopeOptions(tenantId)),
  planChange: (reservationId: string, request: ChangeRequestView) =>
    call(() => commands.planChange(reservationId, request)),
  listPlans: () => call(() => commands.listPlans()),
  planAccessChange: (reservationId: string, change: AccessChangeView) =>
    call(() => commands.planAccessChange(reservationId, change)),
  applyPlan: (id: number) => call(() => commands.applyPlan(id)),
  discardPlan: (id: number) => call(() => commands.discardPlan(id)),
  listAudit: (since: string | null = null) => call(() => commands.listAudit(since)),

  // Import and export: files in, all or nothing; the portfolio out.
  pickImportFiles: () => call(() => commands.pickImportFiles()),
  detectImportFiles: (paths: string[]) => call(() => commands.detectImportFiles(paths)),
  /** Imports `paths`; `onProgress` hears about the running import about ten times a second. */
  importFiles: (paths: string[], format: string | null, customer: string | null, onProgress: (progress: ImportProgress) => void) =>
    call(() => {
      // Made inside the call: without the core there is no callback registry, and that is a DeskError too.
      const channel = new Channel<ImportProgress>();
      channel.onmessage = (progress) => onProgress(makeInert(progress));
      return commands.importFiles(paths, format, customer, channel);
    }),
  cancelImport: () => call(() => commands.cancelImport()),
  pickExportFile: () => call(() => commands.pickExportFile()),
  exportPortfolio: (path: string) => call(() => commands.exportPortfolio(path)),
  dashboard: () => call(() => commands.getDashboard()),
  /** The reservations behind a dashboard figure: the first `limit` (all when null) and the count. */
  reviewList: (filter: ReviewFilter, limit: number | null = null) => call(() => commands.listReview(filter, limit)),
  /** A page of the triage queue (by default all of it), with counts over the whole queue. */
  triage: (includeHidden: boolean, offset = 0, limit: number | null = null) =>
    call(() => commands.getTriage(includeHidden, offset, limit)),
  hideTriageItem: (key: string, reason: string) => call(() => commands.hideTriageItem(key, reason)),
  unhideTriageItem: (key: string) => call(() => commands.unhideTriageItem(key)),
  calendar: (from: string, to: string, filter: CalendarFilter) =>
    call(() => commands.getCalendar(from, to, filter)),
  reviewSettings: () => call(() => commands.getReviewSettings()),
  setReviewSettings: (settings: ReviewSettings) => call(() => commands.setReviewSettings(settings)),
  /** The report as an HTML page written in `language` (the UI's language). */
  previewReport: (tenantId: string, language: ReportLanguage) =>
    call(() => commands.previewReport(tenantId, language)),
  pickReportFile: (fileName: string, format: ReportFormat) =>
    call(() => commands.pickReportFile(fileName, format)),
  /** Saves the report; an HTML page is written in `language`, a CSV is always English. */
  saveReport: (tenantId: string, format: ReportFormat, path: string, language: ReportLanguage) =>
    call(() => commands.saveReport(tenantId, format, path, language)),
};
