//! Tauri commands: each takes the state, runs one `Desk` call off the async runtime and maps the
//! error. No rules and no SQL here.

use crate::dialog_text::DialogText;
use chrono::NaiveDate;
use desk::app::dto::{
    CatalogEntryView, Contact, CustomerDetail, CustomerSummary, DemoSummary, ExchangeQuoteView,
    ExchangeRequest, PolicyValue, RefundQuoteView, ReservationView, StoreInfo, TicketDraft,
    TicketStatus, TicketView, UtilizationPoint,
};
use desk::app::{
    AccessChangeView, AccessView, AuditEntryView, ChangePlanView, ChangeRequestView, ErrorBody,
    RenewalRequestView, ScopeOptions,
};
use desk::app::{
    CalendarView, ReportFormat, ReportLanguage, ReportSaved, ReviewPage, TriagePage, TriageView,
};
use desk::app::{DetectedFile, ExportReport, ImportOutcome, ImportProgress};
use desk::app::{FetchProgress, FetchReport, FetchRequest};
use desk::app::{ListTable, SavedFile};
use desk::app::{RetailPriceProgress, RetailPriceReport, RetailPriceRequest};
use desk::domain::review::{CalendarFilter, Dashboard, ReviewFilter, ReviewSettings};
use desk::{Desk, DeskError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

/// What the window's commands share: the open store (or why it could not open).
pub struct AppState {
    /// The facade, or the error that kept the store from opening.
    pub desk: Result<Arc<Desk>, ErrorBody>,
    /// Set when this launch filled an empty store with the demo.
    pub demo_loaded: Option<DemoSummary>,
    /// Set by Cancel to stop the running import (which then rolls back).
    pub import_cancel: Arc<AtomicBool>,
    /// Set by Cancel to stop the running fetch (the tenants already imported stay).
    pub fetch_cancel: Arc<AtomicBool>,
}

/// Runs `f` on the blocking pool with the facade.
async fn with_desk<T, F>(state: &AppState, f: F) -> Result<T, ErrorBody>
where
    T: Send + 'static,
    F: FnOnce(&Desk) -> Result<T, DeskError> + Send + 'static,
{
    let desk = state.desk.clone()?;
    tauri::async_runtime::spawn_blocking(move || f(&desk).map_err(|e| e.body()))
        .await
        .map_err(ErrorBody::internal)?
}

/// Facts about the open store, and whether the demo was loaded on this launch.
#[tauri::command]
#[specta::specta]
pub async fn store_info(state: State<'_, AppState>) -> Result<StoreInfo, ErrorBody> {
    let demo = state.demo_loaded.clone();
    with_desk(&state, move |d| {
        Ok(StoreInfo {
            demo_loaded: demo,
            ..d.info(d.today())?
        })
    })
    .await
}

/// Customers whose name, domain or tenant ID contains `query`.
#[tauri::command]
#[specta::specta]
pub async fn list_customers(
    state: State<'_, AppState>,
    query: Option<String>,
) -> Result<Vec<CustomerSummary>, ErrorBody> {
    with_desk(&state, move |d| d.customers(query.as_deref(), d.today())).await
}

/// One customer with its subscriptions.
#[tauri::command]
#[specta::specta]
pub async fn get_customer(
    state: State<'_, AppState>,
    tenant_id: String,
) -> Result<CustomerDetail, ErrorBody> {
    with_desk(&state, move |d| d.customer(&tenant_id, d.today())).await
}

/// Reservations, of one customer or all.
#[tauri::command]
#[specta::specta]
pub async fn list_reservations(
    state: State<'_, AppState>,
    customer_id: Option<String>,
) -> Result<Vec<ReservationView>, ErrorBody> {
    with_desk(&state, move |d| {
        d.reservations(customer_id.as_deref(), None, d.today())
    })
    .await
}

/// One reservation.
#[tauri::command]
#[specta::specta]
pub async fn get_reservation(
    state: State<'_, AppState>,
    reservation_id: String,
) -> Result<ReservationView, ErrorBody> {
    with_desk(&state, move |d| d.reservation(&reservation_id, d.today())).await
}

/// A reservation's daily utilization.
#[tauri::command]
#[specta::specta]
pub async fn get_utilization(
    state: State<'_, AppState>,
    reservation_id: String,
) -> Result<Vec<UtilizationPoint>, ErrorBody> {
    with_desk(&state, move |d| d.utilization(&reservation_id)).await
}

/// A prorated refund quote (quantity default all, date default today).
#[tauri::command]
#[specta::specta]
pub async fn refund_quote(
    state: State<'_, AppState>,
    reservation_id: String,
    quantity: Option<u32>,
    on: Option<NaiveDate>,
) -> Result<RefundQuoteView, ErrorBody> {
    with_desk(&state, move |d| {
        let on = match on {
            Some(on) => on,
            None => d.today(),
        };
        d.refund_quote(&reservation_id, quantity, on)
    })
    .await
}

/// An exchange quote.
#[tauri::command]
#[specta::specta]
pub async fn exchange_quote(
    state: State<'_, AppState>,
    request: ExchangeRequest,
) -> Result<ExchangeQuoteView, ErrorBody> {
    with_desk(&state, move |d| d.exchange_quote(&request, d.today())).await
}

/// Drafts the refund request for a quote.
#[tauri::command]
#[specta::specta]
pub async fn draft_refund_ticket(
    state: State<'_, AppState>,
    reservation_id: String,
    quantity: Option<u32>,
    on: Option<NaiveDate>,
    reason: String,
) -> Result<TicketView, ErrorBody> {
    with_desk(&state, move |d| {
        let on = match on {
            Some(on) => on,
            None => d.today(),
        };
        d.draft_refund_ticket(&reservation_id, quantity, on, &reason)
    })
    .await
}

/// Drafts the exchange request for a quote.
#[tauri::command]
#[specta::specta]
pub async fn draft_exchange_ticket(
    state: State<'_, AppState>,
    request: ExchangeRequest,
    reason: String,
) -> Result<TicketView, ErrorBody> {
    with_desk(&state, move |d| {
        d.draft_exchange_ticket(&request, d.today(), &reason)
    })
    .await
}

/// Drafts another reservation-management request.
#[tauri::command]
#[specta::specta]
pub async fn draft_other_ticket(
    state: State<'_, AppState>,
    reservation_id: String,
    summary: String,
    description: String,
) -> Result<TicketView, ErrorBody> {
    with_desk(&state, move |d| {
        d.draft_other_ticket(&reservation_id, &summary, &description)
    })
    .await
}

/// Every ticket, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_tickets(state: State<'_, AppState>) -> Result<Vec<TicketView>, ErrorBody> {
    with_desk(&state, move |d| d.tickets()).await
}

/// Saves an edited draft (its contact details are remembered).
#[tauri::command]
#[specta::specta]
pub async fn update_ticket(
    state: State<'_, AppState>,
    id: u32,
    draft: TicketDraft,
) -> Result<TicketView, ErrorBody> {
    with_desk(&state, move |d| d.update_ticket(id, &draft)).await
}

/// The contact details every new ticket starts from.
#[tauri::command]
#[specta::specta]
pub async fn get_support_contact(state: State<'_, AppState>) -> Result<Contact, ErrorBody> {
    with_desk(&state, move |d| d.support_contact()).await
}

/// Sets the contact details every new ticket starts from (drafts keep their own).
#[tauri::command]
#[specta::specta]
pub async fn set_support_contact(
    state: State<'_, AppState>,
    contact: Contact,
) -> Result<Contact, ErrorBody> {
    with_desk(&state, move |d| d.set_support_contact(&contact)).await
}

/// Moves a ticket: submitted (with Microsoft's number), resolved (recorded in the ledger on
/// `on`, default today) or cancelled.
#[tauri::command]
#[specta::specta]
pub async fn move_ticket(
    state: State<'_, AppState>,
    id: u32,
    to: TicketStatus,
    ms_ticket_number: Option<String>,
    on: Option<NaiveDate>,
) -> Result<TicketView, ErrorBody> {
    with_desk(&state, move |d| {
        let on = match on {
            Some(on) => on,
            None => d.today(),
        };
        d.move_ticket(id, to, ms_ticket_number.as_deref(), on)
    })
    .await
}

/// Every dated policy value.
#[tauri::command]
#[specta::specta]
pub async fn list_policy(state: State<'_, AppState>) -> Result<Vec<PolicyValue>, ErrorBody> {
    with_desk(&state, move |d| d.policy_values()).await
}

/// Adds a dated policy value.
#[tauri::command]
#[specta::specta]
pub async fn set_policy_value(
    state: State<'_, AppState>,
    key: String,
    value: String,
    effective_from: NaiveDate,
    source: String,
) -> Result<Vec<PolicyValue>, ErrorBody> {
    with_desk(&state, move |d| {
        d.set_policy_value(&key, &value, effective_from, &source)
    })
    .await
}

/// The price catalog.
#[tauri::command]
#[specta::specta]
pub async fn list_catalog(state: State<'_, AppState>) -> Result<Vec<CatalogEntryView>, ErrorBody> {
    with_desk(&state, move |d| d.catalog()).await
}

/// Adds or updates a catalog price.
#[tauri::command]
#[specta::specta]
pub async fn set_catalog_entry(
    state: State<'_, AppState>,
    entry: CatalogEntryView,
) -> Result<Vec<CatalogEntryView>, ErrorBody> {
    with_desk(&state, move |d| d.set_catalog_entry(&entry)).await
}

/// Role assignments reaching a reservation, and who may refund, exchange or change scope.
#[tauri::command]
#[specta::specta]
pub async fn get_access(
    state: State<'_, AppState>,
    reservation_id: String,
) -> Result<AccessView, ErrorBody> {
    with_desk(&state, move |d| d.access(&reservation_id)).await
}

/// The subscriptions, resource groups and management groups a customer's scope can target.
#[tauri::command]
#[specta::specta]
pub async fn get_scope_options(
    state: State<'_, AppState>,
    tenant_id: String,
) -> Result<ScopeOptions, ErrorBody> {
    with_desk(&state, move |d| d.scope_options(&tenant_id)).await
}

/// Drafts a configuration change (stored as pending when valid).
#[tauri::command]
#[specta::specta]
pub async fn plan_change(
    state: State<'_, AppState>,
    reservation_id: String,
    request: ChangeRequestView,
) -> Result<ChangePlanView, ErrorBody> {
    with_desk(&state, move |d| {
        d.plan_change(&reservation_id, &request, d.today())
    })
    .await
}

/// Drafts a renewal plan: auto-renew on, buying the given (or the reservation's own) term,
/// quantity and billing plan at expiry.
#[tauri::command]
#[specta::specta]
pub async fn plan_renewal(
    state: State<'_, AppState>,
    reservation_id: String,
    request: RenewalRequestView,
) -> Result<ChangePlanView, ErrorBody> {
    with_desk(&state, move |d| {
        d.plan_renewal(&reservation_id, &request, d.today())
    })
    .await
}

/// Every change plan.
#[tauri::command]
#[specta::specta]
pub async fn list_plans(state: State<'_, AppState>) -> Result<Vec<ChangePlanView>, ErrorBody> {
    with_desk(&state, move |d| d.plans()).await
}

/// Marks a pending plan applied (the store changes in one transaction).
#[tauri::command]
#[specta::specta]
pub async fn apply_plan(state: State<'_, AppState>, id: u32) -> Result<ChangePlanView, ErrorBody> {
    with_desk(&state, move |d| d.apply_plan(id, d.today())).await
}

/// Sends a pending scope/settings plan to Azure and marks it applied when Azure confirms (the
/// plan stays pending, with Azure's code and message in the error, when it does not).
#[tauri::command]
#[specta::specta]
pub async fn apply_plan_in_azure(
    state: State<'_, AppState>,
    id: u32,
) -> Result<ChangePlanView, ErrorBody> {
    let cancel = state.fetch_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    with_desk(&state, move |d| {
        let settings = d.fetch_settings()?;
        let tokens = settings.tokens();
        d.apply_plan_in_azure(id, &settings, tokens, d.today(), &cancel)
    })
    .await
}

/// Discards a pending plan.
#[tauri::command]
#[specta::specta]
pub async fn discard_plan(
    state: State<'_, AppState>,
    id: u32,
) -> Result<ChangePlanView, ErrorBody> {
    with_desk(&state, move |d| d.discard_plan(id)).await
}

/// The audit log, newest first (optionally from a day on).
#[tauri::command]
#[specta::specta]
pub async fn list_audit(
    state: State<'_, AppState>,
    since: Option<NaiveDate>,
) -> Result<Vec<AuditEntryView>, ErrorBody> {
    with_desk(&state, move |d| d.audit(since)).await
}

/// Drafts adding or removing a role assignment (stored as pending when valid).
#[tauri::command]
#[specta::specta]
pub async fn plan_access_change(
    state: State<'_, AppState>,
    reservation_id: String,
    change: AccessChangeView,
) -> Result<ChangePlanView, ErrorBody> {
    with_desk(&state, move |d| {
        d.plan_access_change(&reservation_id, &change)
    })
    .await
}

/// Opens the system file dialog to choose files to import, worded by the window (`text`, and
/// `all_files` for the catch-all filter); `None` when the user closes it.
#[tauri::command]
#[specta::specta]
pub async fn pick_import_files(
    app: tauri::AppHandle,
    text: DialogText,
    all_files: String,
) -> Result<Option<Vec<String>>, ErrorBody> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(&text.title)
            .add_filter(&text.filter, &["json", "csv", "jsonl", "rdesk"])
            .add_filter(&all_files, &["*"])
            .blocking_pick_files()
    })
    .await
    .map_err(internal)?;
    Ok(picked.map(|files| {
        files
            .into_iter()
            .filter_map(|f| f.into_path().ok())
            .map(|p| p.display().to_string())
            .collect()
    }))
}

/// The format found in each file, without importing anything.
#[tauri::command]
#[specta::specta]
pub async fn detect_import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<Vec<DetectedFile>, ErrorBody> {
    with_desk(&state, move |d| {
        let paths: Vec<&Path> = paths.iter().map(Path::new).collect();
        Ok(d.detect_files(&paths))
    })
    .await
}

/// Imports files, all or nothing (or, with `skip_invalid`, every valid row, listing the rows
/// left out), reporting progress on `on_progress` about ten times a second.
#[tauri::command]
#[specta::specta]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    format: Option<String>,
    customer: Option<String>,
    skip_invalid: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportOutcome, ErrorBody> {
    let cancel = state.import_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    with_desk(&state, move |d| {
        let format = match format.as_deref().filter(|f| !f.is_empty()) {
            Some(f) => Some(desk::import::Format::parse(f).ok_or_else(|| {
                desk::domain::InvalidValue::new(
                    "format",
                    format!("expected one of: {}", desk::app::format_names()),
                    f,
                )
            })?),
            None => None,
        };
        let customer = customer.filter(|c| !c.trim().is_empty());
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let mut last = std::time::Instant::now();
        d.import_files_skipping(
            &refs,
            format,
            customer.as_deref(),
            skip_invalid,
            d.today(),
            &mut |p| {
                if last.elapsed().as_millis() >= 100 {
                    last = std::time::Instant::now();
                    let _ = on_progress.send(p);
                }
            },
            &cancel,
        )
    })
    .await
}

/// Stops the running import; it rolls back and reports `cancelled`.
#[tauri::command]
#[specta::specta]
pub async fn cancel_import(state: State<'_, AppState>) -> Result<(), ErrorBody> {
    state.import_cancel.store(true, Ordering::SeqCst);
    Ok(())
}

/// Fetches from Partner Center and Azure (`tenants` empty: every customer Partner Center
/// lists, signed in to `partner_tenant`), reporting progress on `on_progress` as each tenant
/// finishes. Endpoints and the token command come from the environment, as for `rdesk fetch`.
#[tauri::command]
#[specta::specta]
pub async fn fetch_from_azure(
    state: State<'_, AppState>,
    tenants: Vec<String>,
    days: Option<u32>,
    partner_tenant: Option<String>,
    on_progress: Channel<FetchProgress>,
) -> Result<FetchReport, ErrorBody> {
    let cancel = state.fetch_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    with_desk(&state, move |d| {
        let settings = d.fetch_settings()?;
        let tokens = settings.tokens();
        let request = FetchRequest {
            tenants,
            days,
            partner_tenant: partner_tenant.filter(|t| !t.trim().is_empty()),
        };
        d.fetch(
            &settings,
            tokens,
            &request,
            d.today(),
            &mut |p| {
                let _ = on_progress.send(p);
            },
            &cancel,
        )
    })
    .await
}

/// Reads Azure's public retail reservation prices into the catalog (no sign-in; the
/// endpoint is `RDESK_PRICES_URL` or Azure's), reporting requests and prices on `on_progress`.
/// `cancel_fetch` stops it, and then nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn fetch_retail_prices(
    state: State<'_, AppState>,
    request: RetailPriceRequest,
    on_progress: Channel<RetailPriceProgress>,
) -> Result<RetailPriceReport, ErrorBody> {
    let cancel = state.fetch_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    with_desk(&state, move |d| {
        let settings = d.fetch_settings()?;
        d.fetch_retail_prices(
            &settings,
            &request,
            &mut |p| {
                let _ = on_progress.send(p);
            },
            &cancel,
        )
    })
    .await
}

/// Stops the running fetch; tenants not yet imported are reported `cancelled`.
#[tauri::command]
#[specta::specta]
pub async fn cancel_fetch(state: State<'_, AppState>) -> Result<(), ErrorBody> {
    state.fetch_cancel.store(true, Ordering::SeqCst);
    Ok(())
}

/// Opens the system save dialog for the portfolio file, worded by the window; `None` when the
/// user closes it.
#[tauri::command]
#[specta::specta]
pub async fn pick_export_file(
    app: tauri::AppHandle,
    text: DialogText,
) -> Result<Option<String>, ErrorBody> {
    pick_save_path(
        app,
        text,
        "portfolio.rdesk.jsonl".into(),
        &["jsonl", "rdesk"],
    )
    .await
}

/// Writes the portfolio file to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_portfolio(
    state: State<'_, AppState>,
    path: String,
) -> Result<ExportReport, ErrorBody> {
    with_desk(&state, move |d| d.export_portfolio(Path::new(&path))).await
}

/// The portfolio dashboard on today's date.
#[tauri::command]
#[specta::specta]
pub async fn get_dashboard(state: State<'_, AppState>) -> Result<Dashboard, ErrorBody> {
    with_desk(&state, move |d| d.dashboard(d.today())).await
}

/// The reservations behind a dashboard figure (the first `limit`, or all), with their count.
#[tauri::command]
#[specta::specta]
pub async fn list_review(
    state: State<'_, AppState>,
    filter: ReviewFilter,
    limit: Option<u32>,
) -> Result<ReviewPage, ErrorBody> {
    with_desk(&state, move |d| d.review_list(&filter, d.today(), limit)).await
}

/// A page of the triage queue (hidden items too when `include_hidden`), with its counts.
#[tauri::command]
#[specta::specta]
pub async fn get_triage(
    state: State<'_, AppState>,
    include_hidden: bool,
    offset: u32,
    limit: Option<u32>,
) -> Result<TriageView, ErrorBody> {
    let page = TriagePage {
        include_hidden,
        offset,
        limit,
    };
    with_desk(&state, move |d| d.triage(d.today(), page)).await
}

/// Hides a triage item with a reason.
#[tauri::command]
#[specta::specta]
pub async fn hide_triage_item(
    state: State<'_, AppState>,
    key: String,
    reason: String,
) -> Result<(), ErrorBody> {
    with_desk(&state, move |d| d.hide_triage_item(&key, &reason)).await
}

/// Shows a hidden triage item again.
#[tauri::command]
#[specta::specta]
pub async fn unhide_triage_item(state: State<'_, AppState>, key: String) -> Result<(), ErrorBody> {
    with_desk(&state, move |d| d.unhide_triage_item(&key)).await
}

/// Expiries from `from` to `to`.
#[tauri::command]
#[specta::specta]
pub async fn get_calendar(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    filter: CalendarFilter,
) -> Result<CalendarView, ErrorBody> {
    with_desk(&state, move |d| d.calendar(from, to, &filter, d.today())).await
}

/// The review thresholds.
#[tauri::command]
#[specta::specta]
pub async fn get_review_settings(state: State<'_, AppState>) -> Result<ReviewSettings, ErrorBody> {
    with_desk(&state, Desk::review_settings).await
}

/// Changes the review thresholds.
#[tauri::command]
#[specta::specta]
pub async fn set_review_settings(
    state: State<'_, AppState>,
    settings: ReviewSettings,
) -> Result<ReviewSettings, ErrorBody> {
    with_desk(&state, move |d| d.set_review_settings(&settings)).await
}

/// Where Fetch and Apply in Azure go (saved in Settings; environment variables override).
#[tauri::command]
#[specta::specta]
pub async fn get_azure_connection(
    state: State<'_, AppState>,
) -> Result<desk::app::AzureConnection, ErrorBody> {
    with_desk(&state, |d| d.azure_connection()).await
}

/// Saves where Fetch and Apply in Azure go.
#[tauri::command]
#[specta::specta]
pub async fn set_azure_connection(
    state: State<'_, AppState>,
    connection: desk::app::AzureConnection,
) -> Result<desk::app::AzureConnection, ErrorBody> {
    with_desk(&state, move |d| d.set_azure_connection(&connection)).await
}

/// A customer's review report as HTML in `language`, for the window's preview.
#[tauri::command]
#[specta::specta]
pub async fn preview_report(
    state: State<'_, AppState>,
    tenant_id: String,
    language: ReportLanguage,
) -> Result<String, ErrorBody> {
    with_desk(&state, move |d| {
        d.render_report(&tenant_id, ReportFormat::Html, language, d.today())
            .map(|(html, _)| html)
    })
    .await
}

/// Asks where to save a report (the system's save dialog, worded by the window); `None` when
/// cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_report_file(
    app: tauri::AppHandle,
    file_name: String,
    format: ReportFormat,
    text: DialogText,
) -> Result<Option<String>, ErrorBody> {
    let exts: &'static [&'static str] = match format {
        ReportFormat::Html => &["html"],
        ReportFormat::Csv => &["csv"],
    };
    pick_save_path(app, text, file_name, exts).await
}

/// Saves a customer's review report to `path` (an HTML page in `language`; a CSV is English).
#[tauri::command]
#[specta::specta]
pub async fn save_report(
    state: State<'_, AppState>,
    tenant_id: String,
    format: ReportFormat,
    path: String,
    language: ReportLanguage,
) -> Result<ReportSaved, ErrorBody> {
    with_desk(&state, move |d| {
        d.save_report(&tenant_id, format, language, Path::new(&path), d.today())
    })
    .await
}

/// Asks where to save (the system's save dialog, worded by the window) a file named `file_name`
/// with one of the extensions `exts`; `None` when cancelled.
async fn pick_save_path(
    app: tauri::AppHandle,
    text: DialogText,
    file_name: String,
    exts: &'static [&'static str],
) -> Result<Option<String>, ErrorBody> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(&text.title)
            .set_file_name(&file_name)
            .add_filter(&text.filter, exts)
            .blocking_save_file()
    })
    .await
    .map_err(internal)?;
    Ok(picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Saves a list of the window as CSV where the user chooses; `None` when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_list_csv(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    text: DialogText,
    file_name: String,
    table: ListTable,
) -> Result<Option<SavedFile>, ErrorBody> {
    let Some(path) = pick_save_path(app, text, file_name, &["csv"]).await? else {
        return Ok(None);
    };
    with_desk(&state, move |d| d.save_list_csv(&table, Path::new(&path)))
        .await
        .map(Some)
}

/// Saves the calendar's expiries from `from` to `to` as an iCalendar file where the user
/// chooses; `None` when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_expiries_ics(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    text: DialogText,
    file_name: String,
    from: NaiveDate,
    to: NaiveDate,
    filter: CalendarFilter,
) -> Result<Option<SavedFile>, ErrorBody> {
    let Some(path) = pick_save_path(app, text, file_name, &["ics"]).await? else {
        return Ok(None);
    };
    with_desk(&state, move |d| {
        d.save_expiries_ics(from, to, &filter, Path::new(&path), d.today())
    })
    .await
    .map(Some)
}

fn internal(e: impl std::fmt::Display) -> ErrorBody {
    ErrorBody::internal(e)
}
