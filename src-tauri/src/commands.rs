//! Tauri commands: each takes the state, runs one `Desk` call off the async runtime and maps the
//! error. No rules and no SQL here.

use chrono::NaiveDate;
use desk::app::views::{
    CatalogEntryView, CustomerDetail, CustomerSummary, DemoSummary, ExchangeQuoteView,
    ExchangeRequest, PolicyValue, RefundQuoteView, ReservationView, StoreInfo, TicketDraft,
    TicketStatus, TicketView, UtilizationPoint,
};
use desk::app::{
    today_from_env, AccessChangeView, AccessView, AuditEntryView, ChangePlanView,
    ChangeRequestView, ErrorBody, ScopeOptions,
};
use desk::{Desk, DeskError};
use std::sync::Arc;
use tauri::State;

/// What the window's commands share: the open store (or why it could not open).
pub struct AppState {
    /// The facade, or the error that kept the store from opening.
    pub desk: Result<Arc<Desk>, ErrorBody>,
    /// Set when this launch filled an empty store with the demo.
    pub demo_loaded: Option<DemoSummary>,
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
        .map_err(|e| ErrorBody {
            code: "internal".into(),
            message: format!("the request stopped unexpectedly: {e}"),
            file: None,
            line: None,
            field: None,
        })?
}

/// Facts about the open store, and whether the demo was loaded on this launch.
#[tauri::command]
#[specta::specta]
pub async fn store_info(state: State<'_, AppState>) -> Result<StoreInfo, ErrorBody> {
    let demo = state.demo_loaded.clone();
    with_desk(&state, move |d| {
        Ok(StoreInfo {
            demo_loaded: demo,
            ..d.info(today_from_env()?)?
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
    with_desk(&state, move |d| {
        d.customers(query.as_deref(), today_from_env()?)
    })
    .await
}

/// One customer with its subscriptions.
#[tauri::command]
#[specta::specta]
pub async fn get_customer(
    state: State<'_, AppState>,
    tenant_id: String,
) -> Result<CustomerDetail, ErrorBody> {
    with_desk(&state, move |d| d.customer(&tenant_id, today_from_env()?)).await
}

/// Reservations, of one customer or all.
#[tauri::command]
#[specta::specta]
pub async fn list_reservations(
    state: State<'_, AppState>,
    customer_id: Option<String>,
) -> Result<Vec<ReservationView>, ErrorBody> {
    with_desk(&state, move |d| {
        d.reservations(customer_id.as_deref(), None, today_from_env()?)
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
    with_desk(&state, move |d| {
        d.reservation(&reservation_id, today_from_env()?)
    })
    .await
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
            None => today_from_env()?,
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
    with_desk(&state, move |d| {
        d.exchange_quote(&request, today_from_env()?)
    })
    .await
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
            None => today_from_env()?,
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
        d.draft_exchange_ticket(&request, today_from_env()?, &reason)
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
            None => today_from_env()?,
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
        d.plan_change(&reservation_id, &request, today_from_env()?)
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
    with_desk(&state, move |d| d.apply_plan(id, today_from_env()?)).await
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
