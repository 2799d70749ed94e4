//! Tauri commands: each takes the state, runs one `Desk` call off the async runtime and maps the
//! error. No rules and no SQL here.

use desk::app::views::{
    CustomerDetail, CustomerSummary, DemoSummary, ReservationView, StoreInfo, UtilizationPoint,
};
use desk::app::{today_from_env, ErrorBody};
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
