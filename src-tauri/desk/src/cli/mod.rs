//! The `rdesk` command line: a thin adapter over the `Desk` facade, with text or `--json` output.
//! Exit status: 0 on success, 2 on bad usage, 1 on any other error (one line on stderr).

mod table;

use crate::app::{default_db_path, today_from_env, Desk, DeskError, Progress, DB_ENV};
use crate::demo::DemoOptions;
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Reservation Desk on the command line: browse the local portfolio of customers' Azure
/// reservations.
#[derive(Debug, Parser)]
#[command(name = "rdesk", version, about, long_about = None)]
pub struct Cli {
    /// Database file (default: the OS data directory's reservation-desk/desk.sqlite3).
    #[arg(long, global = true, env = DB_ENV, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty store with the demo portfolio (a non-empty one only with --replace).
    Demo {
        /// Number of customers.
        #[arg(long, default_value_t = DemoOptions::DEFAULT_CUSTOMERS)]
        customers: u32,
        /// Number of reservations in all (default: six per customer).
        #[arg(long)]
        reservations: Option<u32>,
        /// Days of daily utilization history.
        #[arg(long, default_value_t = DemoOptions::DEFAULT_DAYS)]
        days: u32,
        /// Seed: the same seed (and date) gives the same portfolio.
        #[arg(long, default_value_t = DemoOptions::DEFAULT_SEED)]
        seed: u32,
        /// Replace whatever the store holds.
        #[arg(long)]
        replace: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List customers with their reservation count, nearest expiry and total commitment.
    Customers {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List reservations.
    Reservations {
        /// Only this customer's (tenant ID).
        #[arg(long, value_name = "TENANT_ID")]
        customer: Option<String>,
        /// Only active ones expiring within this many days.
        #[arg(long, value_name = "DAYS")]
        expiring_within: Option<u32>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one reservation.
    Show {
        /// Reservation ID (a GUID, or the full ARM ID).
        reservation_id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return e.exit_code();
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("rdesk: error: {e}");
            1
        }
    }
}

fn print_json<T: Serialize>(value: &T) -> Result<(), DeskError> {
    let mut out = std::io::stdout().lock();
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    // A closed pipe (`rdesk … | head`) is not an error worth reporting.
    let _ = writeln!(out, "{text}");
    Ok(())
}

fn run(cli: Cli) -> Result<(), DeskError> {
    let path = cli.db.unwrap_or_else(default_db_path);
    let desk = Desk::open(&path)?;
    let today = today_from_env()?;
    match cli.command {
        Command::Demo {
            customers,
            reservations,
            days,
            seed,
            replace,
            json,
        } => {
            let opts = DemoOptions {
                customers,
                reservations,
                days,
                seed,
                today,
            };
            let show_progress = std::io::stderr().is_terminal();
            let mut progress = |p: &Progress| {
                if show_progress && p.total > 0 {
                    eprint!("\r{}: {}/{} reservations   ", p.stage, p.done, p.total);
                }
            };
            let summary = desk.load_demo(&opts, replace, &mut progress)?;
            if show_progress {
                eprintln!();
            }
            if json {
                print_json(&summary)
            } else {
                println!(
                    "Loaded the demo portfolio (seed {}) into {}: {} customers, {} subscriptions, {} reservations, {} days of utilization.",
                    summary.seed,
                    path.display(),
                    summary.customers,
                    summary.subscriptions,
                    summary.reservations,
                    summary.utilization_days
                );
                Ok(())
            }
        }
        Command::Customers { json } => {
            let list = desk.customers(None, today)?;
            if json {
                print_json(&list)
            } else {
                table::customers(&list);
                Ok(())
            }
        }
        Command::Reservations {
            customer,
            expiring_within,
            json,
        } => {
            let list = desk.reservations(customer.as_deref(), expiring_within, today)?;
            if json {
                print_json(&list)
            } else {
                table::reservations(&list);
                Ok(())
            }
        }
        Command::Show {
            reservation_id,
            json,
        } => {
            let r = desk.reservation(&reservation_id, today)?;
            if json {
                print_json(&r)
            } else {
                table::reservation(&r);
                Ok(())
            }
        }
    }
}
