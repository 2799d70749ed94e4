//! Reservation Desk's desktop window: a thin Tauri shell over the `desk` core.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod dialog_text;

use commands::AppState;
use desk::app::{default_db_path, DB_ENV};
use desk::demo::DemoOptions;
use desk::Desk;
use std::path::PathBuf;
use std::sync::Arc;

/// Opens the store named by `RDESK_DB` (or the default file) and, when it is empty, fills it with
/// the demo portfolio so that a first launch has something to show.
fn open_store() -> AppState {
    let path = std::env::var_os(DB_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(default_db_path);
    let opened = Desk::open(&path).and_then(|desk| {
        let today = desk.today();
        let demo = if desk.is_empty()? {
            let summary = desk.load_demo(&DemoOptions::first_look(today), false, &mut |_| {})?;
            eprintln!(
                "reservation-desk: the store at {} was empty; loaded the demo portfolio ({} customers, {} reservations)",
                path.display(),
                summary.customers,
                summary.reservations
            );
            Some(summary)
        } else {
            None
        };
        Ok((desk, demo))
    });
    match opened {
        Ok((desk, demo_loaded)) => {
            eprintln!("reservation-desk: store {}", path.display());
            let desk = Arc::new(desk);
            // The dashboard is the landing view: read the portfolio while the window starts, so
            // its first request finds the figures ready. A failure here shows up on that request.
            let warm = Arc::clone(&desk);
            std::thread::spawn(move || {
                let _ = warm.dashboard(warm.today());
            });
            AppState {
                desk: Ok(desk),
                demo_loaded,
                import_cancel: Arc::default(),
                fetch_cancel: Arc::default(),
            }
        }
        Err(e) => {
            eprintln!("reservation-desk: cannot open {}: {e}", path.display());
            AppState {
                desk: Err(e.body()),
                demo_loaded: None,
                import_cancel: Arc::default(),
                fetch_cancel: Arc::default(),
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--export-bindings" {
            if let Err(e) = bindings::export(path) {
                eprintln!("reservation-desk: {e}");
                std::process::exit(1);
            }
            return;
        }
    }
    let builder = bindings::builder();
    let state = open_store();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("reservation-desk: the window could not start: {e}");
        std::process::exit(1);
    }
}
