// The one door from the views to the Rust core. Views import from here, never from bindings or invoke.
import { Channel } from '@tauri-apps/api/core';
import { makeInert } from '../lib/inert';
import {
  commands,
  type ErrorBody as CoreErrorBody,
  type FetchProgress,
  type FetchReport,
  type ImportOutcome,
  type ImportProgress,
  type Result,
  type RetailPriceProgress,
  type RetailPriceReport,
  type RetailPriceRequest,
} from './bindings';
import { isErrorCode, type ErrorCode } from './errorCode';

export type { ErrorCode, WindowErrorCode } from './errorCode';

/** An error as the window holds it: the core's body, or one the window made, with any code of `ErrorCode`. */
export type ErrorBody = Omit<CoreErrorBody, 'code'> & { code: ErrorCode };

export type {
  AccessAction,
  AccessChangeView,
  AccessView,
  AccessWarning,
  Assignment,
  AssignmentView,
  AuditEntryView,
  AzureConnection,
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
  ExchangePurchaseView,
  ExchangeQuoteView,
  ExchangeRequest,
  ExchangeRightView,
  ExchangeReturnView,
  Expiring,
  ExportReport,
  FetchProgress,
  FetchReport,
  FetchStatus,
  FileReport,
  GrantedAt,
  HiddenView,
  ImportOutcome,
  ImportProblem,
  ImportProgress,
  ListTable,
  JsonValue,
  LowHeadroomCustomer,
  MoneyView,
  MonthExpiries,
  PolicyKey,
  PolicyValue,
  PriceSource,
  PrincipalKind,
  Problem,
  ProblemView,
  ProvisioningState,
  PurchaseRequest,
  Reason,
  RefundQuoteView,
  RenewalRequestView,
  RenewalTerms,
  ReportFormat,
  ReportLanguage,
  ReportSaved,
  ReservationView,
  RetailPriceProgress,
  RetailPriceReport,
  RetailPriceRequest,
  ResourceType,
  ReturnRequest,
  ReviewFilter,
  ReviewItemView,
  ReviewPage,
  ReviewSettings,
  Role,
  ScopeOptions,
  SavedFile,
  ScopeType,
  Status,
  StoreInfo,
  SubscriptionState,
  SubscriptionView,
  TenantFetch,
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

  /** `detail` may be left out where the window makes the error itself. */
  constructor(body: Omit<ErrorBody, 'detail'> & { detail?: string | null }) {
    // A message may quote a value from an imported file: its text is made inert here.
    const clean = makeInert({ ...body, detail: body.detail ?? null });
    super(clean.message);
    this.name = 'DeskError';
    this.body = clean;
  }

  get code(): ErrorCode {
    return this.body.code;
  }
}

function bodyOf(code: ErrorCode, message: string, detail: string | null = null): ErrorBody {
  return { code, message, detail, file: null, line: null, field: null };
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
    const e = error as Partial<ErrorBody> & { code: string; message: string };
    // A code this window does not know (a newer core) is a bridge failure that keeps its words.
    if (!isErrorCode(e.code)) return new DeskError(bodyOf('bridge', e.message, `code ${e.code}`));
    return new DeskError({
      code: e.code,
      message: e.message,
      detail: typeof e.detail === 'string' ? e.detail : null,
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

/** A command of the bindings, as the views call it: its result unwrapped, its error a DeskError. */
type Unwrapped<F> = F extends (...args: infer A) => Promise<Result<infer T, ErrorBody>>
  ? (...args: A) => Promise<T>
  : never;

type Commands = typeof commands;

/** Every command of the generated bindings, unwrapped by `call`: one line per command is not written by hand. */
type Desk = { [K in Exclude<keyof Commands, 'importFiles' | 'fetchFromAzure' | 'fetchRetailPrices'>]: Unwrapped<Commands[K]> } & {
  /** Reads Azure's public retail reservation prices into the catalog; `onProgress` hears each page. */
  fetchRetailPrices: (request: RetailPriceRequest, onProgress: (progress: RetailPriceProgress) => void) => Promise<RetailPriceReport>;
  /**
   * Fetches from Partner Center and Azure: `tenants` (empty: every customer Partner Center lists,
   * signed in to `partnerTenant`); `onProgress` hears as each tenant finishes.
   */
  fetchFromAzure: (
    tenants: string[],
    days: number | null,
    partnerTenant: string | null,
    onProgress: (progress: FetchProgress) => void,
  ) => Promise<FetchReport>;
  /** Imports `paths`; `onProgress` hears about the running import about ten times a second. */
  importFiles: (
    paths: string[],
    format: string | null,
    customer: string | null,
    onProgress: (progress: ImportProgress) => void,
    /** Import every valid row and list the others, instead of nothing when a row is bad. */
    skipInvalid?: boolean,
  ) => Promise<ImportOutcome>;
};

function derive(): Desk {
  const out: Record<string, unknown> = {};
  for (const [name, command] of Object.entries(commands)) {
    const run = command as (...args: unknown[]) => Promise<Result<unknown, ErrorBody>>;
    out[name] = (...args: unknown[]) => call(() => run(...args));
  }
  // The one command that takes a channel: made inside the call, since without the core there is
  // no callback registry, and that is a DeskError too.
  out['importFiles'] = (
    paths: string[],
    format: string | null,
    customer: string | null,
    onProgress: (p: ImportProgress) => void,
    skipInvalid = false,
  ) =>
    call(() => {
      const channel = new Channel<ImportProgress>();
      channel.onmessage = (progress) => onProgress(makeInert(progress));
      return commands.importFiles(paths, format, customer, skipInvalid, channel);
    });
  out['fetchFromAzure'] = (tenants: string[], days: number | null, partnerTenant: string | null, onProgress: (p: FetchProgress) => void) =>
    call(() => {
      const channel = new Channel<FetchProgress>();
      channel.onmessage = (progress) => onProgress(makeInert(progress));
      return commands.fetchFromAzure(tenants, days, partnerTenant, channel);
    });
  out['fetchRetailPrices'] = (request: RetailPriceRequest, onProgress: (p: RetailPriceProgress) => void) =>
    call(() => {
      const channel = new Channel<RetailPriceProgress>();
      channel.onmessage = (progress) => onProgress(makeInert(progress));
      return commands.fetchRetailPrices(request, channel);
    });
  return out as Desk;
}

/** The one door from the views to the core: every command of `bindings.ts`, by its generated name. */
export const desk: Desk = derive();
