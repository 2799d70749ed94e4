//! The typed IPC surface: every command the window may call, exported to TypeScript.

use crate::commands;

/// The command set, shared by the running app and the bindings export.
pub fn builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::store_info,
            commands::list_customers,
            commands::get_customer,
            commands::list_reservations,
            commands::get_reservation,
            commands::get_utilization,
            commands::refund_quote,
            commands::exchange_quote,
            commands::draft_refund_ticket,
            commands::draft_exchange_ticket,
            commands::draft_other_ticket,
            commands::list_tickets,
            commands::update_ticket,
            commands::move_ticket,
            commands::save_list_csv,
            commands::save_expiries_ics,
            commands::get_support_contact,
            commands::set_support_contact,
            commands::list_policy,
            commands::set_policy_value,
            commands::list_catalog,
            commands::set_catalog_entry,
            commands::fetch_retail_prices,
            commands::get_access,
            commands::get_scope_options,
            commands::plan_change,
            commands::plan_renewal,
            commands::list_plans,
            commands::apply_plan,
            commands::apply_plan_in_azure,
            commands::discard_plan,
            commands::list_audit,
            commands::plan_access_change,
            commands::pick_import_files,
            commands::detect_import_files,
            commands::import_files,
            commands::cancel_import,
            commands::fetch_from_azure,
            commands::cancel_fetch,
            commands::pick_export_file,
            commands::export_portfolio,
            commands::get_dashboard,
            commands::list_review,
            commands::get_triage,
            commands::hide_triage_item,
            commands::unhide_triage_item,
            commands::get_calendar,
            commands::get_review_settings,
            commands::set_review_settings,
            commands::get_azure_connection,
            commands::set_azure_connection,
            commands::preview_report,
            commands::pick_report_file,
            commands::save_report,
        ])
        // No events, but `events()` is what drops tauri-specta's placeholder TAURI_CHANNEL type,
        // which would otherwise clash with the real Channel import once a command takes a channel.
        .events(tauri_specta::collect_events![])
}

/// Writes the TypeScript bindings (`reservation-desk --export-bindings PATH`); CI runs it from
/// the same debug build the end-to-end tests use and fails when the committed file differs.
pub fn export(path: &str) -> Result<(), String> {
    builder()
        .export(
            specta_typescript::Typescript::default().header(
                "// Generated from Rust by tauri-specta (src-tauri/src/bindings.rs). Do not edit.\n/* eslint-disable */",
            ),
            path,
        )
        .map_err(|e| format!("cannot export the TypeScript bindings to {path}: {e}"))
}
