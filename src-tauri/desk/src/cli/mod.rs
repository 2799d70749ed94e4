//! The `rdesk` command line: a thin adapter over the `Desk` facade, with text or `--json` output.
//! Exit status: 0 on success, 2 on bad usage, 1 on any other error (one line on stderr).

/// Human output on stdout: one line, formatted, with imported text made inert
/// ([`crate::text::inert_text`]). Every line a person reads from `rdesk` goes through it.
macro_rules! say {
    () => {
        $crate::cli::emit("\n")
    };
    ($($arg:tt)*) => {
        $crate::cli::emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod table;

use crate::app::dto::{CatalogEntryView, ExchangeRequest, TicketStatus};
use crate::app::{default_db_path, Desk, DeskError, Progress, DB_ENV};
use crate::app::{parse_purchase, parse_return, ChangePlanView, ChangeRequestView, ImportOutcome};
use crate::demo::DemoOptions;
use crate::domain::price::PriceSource;
use crate::domain::reservation::ResourceType;
use crate::domain::term::Term;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Reservation Desk on the command line: browse the local portfolio of customers' Azure
/// reservations.
#[derive(Debug, Parser)]
#[command(name = "rdesk", version, about, long_about = None)]
pub struct Cli {
    /// Print JSON instead of text (every command; before or after the subcommand).
    #[arg(long, global = true)]
    pub json: bool,
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
    },
    /// List customers with their reservation count, nearest expiry and total commitment.
    Customers {},
    /// List reservations.
    Reservations {
        /// Only this customer's (tenant ID).
        #[arg(long, value_name = "TENANT_ID")]
        customer: Option<String>,
        /// Only active ones expiring within this many days.
        #[arg(long, value_name = "DAYS")]
        expiring_within: Option<u32>,
    },
    /// Show one reservation.
    Show {
        /// Reservation ID (a GUID, or the full ARM ID).
        reservation_id: String,
    },
    /// Quote a prorated refund: remaining value, fee, refund and the customer's refund limit.
    RefundQuote {
        /// Reservation ID.
        reservation_id: String,
        /// Units to return (default: all).
        #[arg(long)]
        quantity: Option<u32>,
        /// Return date (default: today), YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    /// Quote an exchange: returned value, new commitment, net payable and whether it is allowed.
    ExchangeQuote {
        /// What to return and buy.
        #[command(flatten)]
        exchange: ExchangeArgs,
    },
    /// List support requests across customers.
    Tickets {},
    /// Draft, show and move support requests.
    #[command(subcommand)]
    Ticket(TicketCommand),
    /// Show the contact details every new support request starts from, or set some of them.
    Contact {
        /// Contact name.
        #[arg(long)]
        name: Option<String>,
        /// Email address.
        #[arg(long)]
        email: Option<String>,
        /// Phone number.
        #[arg(long)]
        phone: Option<String>,
        /// Country or region.
        #[arg(long)]
        country: Option<String>,
        /// Preferred contact method: Email or Phone.
        #[arg(long, value_name = "Email|Phone")]
        method: Option<String>,
    },
    /// Show the dated policy values, or add one.
    Policy {
        /// `set KEY VALUE --from DATE [--source TEXT]` adds a dated value.
        #[command(subcommand)]
        action: Option<PolicyCommand>,
    },
    /// Show or edit the price catalog used by exchange quotes.
    Catalog {
        /// `set …` adds or updates a price; `fetch` reads Azure's retail prices into it.
        #[command(subcommand)]
        action: Option<CatalogCommand>,
    },
    /// Import files (format detected from content). On any error nothing is written and the
    /// errors are listed (exit 1). Importing the same files again changes nothing.
    Import {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The format, when detection is not wanted: azure, partner-center,
        /// reservation-details, reservation-summaries, cost-details, focus, portfolio or
        /// role-assignments.
        #[arg(long, value_parser = format_parser())]
        format: Option<crate::import::Format>,
        /// The customer the files belong to (a list made in one tenant).
        #[arg(long, value_name = "TENANT_ID")]
        customer: Option<String>,
        /// Import every valid row and list each row left out (file, line or JSON path, field,
        /// value, ID), instead of importing nothing when a row has a problem. A file that
        /// cannot be parsed as a whole is still refused.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Fetch customers, reservations, orders, utilization and access from Partner Center and
    /// Azure (the only command that goes online). Each tenant is imported whole or not at all;
    /// a failed tenant keeps the others (exit 1). Endpoints: RDESK_ARM_URL,
    /// RDESK_PARTNER_CENTER_URL; sign-in: RDESK_TOKEN_COMMAND (default: the Azure CLI).
    Fetch {
        /// A customer tenant to fetch (repeat for more); without it, every customer Partner
        /// Center lists.
        #[arg(long = "tenant", value_name = "TENANT_ID")]
        tenants: Vec<String>,
        /// Days of utilization to fetch (default: since the last fetched day, or 30).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: Option<u32>,
        /// The partner's own tenant, for the Partner Center customers list.
        #[arg(long, value_name = "TENANT_ID", env = "RDESK_PARTNER_TENANT")]
        partner_tenant: Option<String>,
    },
    /// The portfolio dashboard: commitment by currency, expiries, under-use, unused commitment,
    /// customers with low refund headroom.
    Dashboard {
        /// Review day (default: today), YYYY-MM-DD.
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Write a customer's review report (print-ready HTML, or CSV).
    Report {
        /// The customer's tenant ID.
        #[arg(long, value_name = "TENANT_ID")]
        customer: String,
        /// html or csv.
        #[arg(long, value_parser = ["html", "csv"])]
        format: String,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Report day (default: today), YYYY-MM-DD.
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Language of the HTML page: en or zh-CN (the CSV is always English).
        #[arg(long, value_parser = ["en", "zh-CN"], ignore_case = true, default_value = "en")]
        lang: String,
    },
    /// The triage queue: what needs a decision, with the suggested action; hide or show items.
    #[command(subcommand)]
    Triage(TriageCommand),
    /// Write the whole portfolio (customers, reservations, utilization, costs, access, refunds)
    /// to a file another Reservation Desk can import.
    Export {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Role assignments on a reservation and who may refund, exchange or change scope.
    #[command(subcommand)]
    Access(AccessCommand),
    /// Draft a scope change as a validated change plan.
    #[command(subcommand)]
    Scope(ScopeCommand),
    /// Draft a renewal (auto-renew on, with what it buys at expiry) as a validated change plan.
    #[command(subcommand)]
    Renew(RenewCommand),
    /// List, apply or discard change plans.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Show the audit log of changes made in the store.
    Audit {
        /// Only from this day on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<NaiveDate>,
    },
    /// Record a refund Microsoft already processed, so the refund limit counts it.
    RecordRefund {
        /// Reservation ID.
        reservation_id: String,
        /// Units returned (default: all).
        #[arg(long)]
        quantity: Option<u32>,
        /// The day it was processed.
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
    },
}

/// The reservations an exchange returns and buys.
#[derive(Debug, clap::Args)]
pub struct ExchangeArgs {
    /// A reservation to return, optionally with the units (default: all). Repeatable.
    #[arg(long = "return", value_name = "RESERVATION_ID[:QTY]", required = true)]
    returns: Vec<String>,
    /// A reservation to buy; PRICE is per unit for the whole term. Repeatable.
    #[arg(
        long = "buy",
        value_name = "SKU:REGION:TERM:QTY:PRICE:CURRENCY",
        required = true
    )]
    buys: Vec<String>,
    /// Exchange date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<NaiveDate>,
}

impl ExchangeArgs {
    fn request(&self) -> Result<ExchangeRequest, DeskError> {
        Ok(ExchangeRequest {
            returns: self
                .returns
                .iter()
                .map(|r| parse_return(r))
                .collect::<Result<_, _>>()?,
            purchases: self
                .buys
                .iter()
                .map(|b| parse_purchase(b))
                .collect::<Result<_, _>>()?,
            on: self.on,
        })
    }
}

/// Ticket subcommands.
#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Draft the refund request for a quote.
    DraftRefund {
        /// Reservation ID.
        reservation_id: String,
        /// Units (default: all).
        #[arg(long)]
        quantity: Option<u32>,
        /// Return date (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        /// Why the customer wants it.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Draft the exchange request for a quote.
    DraftExchange {
        /// What to return and buy.
        #[command(flatten)]
        exchange: ExchangeArgs,
        /// Why.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Print a ticket (as text ready to paste, or JSON).
    Show {
        /// Ticket number.
        id: u32,
    },
    /// Mark a draft submitted with Microsoft's support request number.
    Submit {
        /// Ticket number.
        id: u32,
        /// Microsoft's number.
        #[arg(long)]
        number: String,
    },
    /// Mark a submitted ticket resolved; a refund or exchange is recorded in the ledger on that day.
    Resolve {
        /// Ticket number.
        id: u32,
        /// The day Microsoft processed it (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    /// Cancel a draft or submitted ticket.
    Cancel {
        /// Ticket number.
        id: u32,
    },
}

/// Access subcommands.
#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// The assignments on the reservation, its order and tenant-wide.
    List {
        /// Reservation ID.
        reservation_id: String,
    },
}

/// Scope subcommands.
#[derive(Debug, Subcommand)]
pub enum ScopeCommand {
    /// Validate a new scope and print the plan (exit 1 when it is invalid).
    Plan {
        /// Reservation ID.
        reservation_id: String,
        /// shared, subscription:SUB_ID, resource-group:SUB_ID/RG_NAME or management-group:MG_ID.
        #[arg(long, value_name = "TARGET")]
        to: String,
    },
}

/// Renew subcommands.
#[derive(Debug, Subcommand)]
pub enum RenewCommand {
    /// Validate a renewal and print the plan (exit 1 when it is invalid). Without a flag the
    /// renewal buys the reservation's own term, quantity and billing plan.
    Plan {
        /// Reservation ID.
        reservation_id: String,
        /// Term of the renewal: P1Y, P3Y or P5Y.
        #[arg(long, value_name = "TERM")]
        term: Option<String>,
        /// Units the renewal buys.
        #[arg(long, value_name = "N")]
        quantity: Option<u32>,
        /// Upfront or Monthly.
        #[arg(long, value_name = "PLAN")]
        billing_plan: Option<String>,
    },
}

/// Plan subcommands.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Pending plans first, then applied and discarded ones.
    List {},
    /// Mark a pending plan applied: the store takes the new configuration.
    Apply {
        /// Plan number.
        plan_id: u32,
        /// Send the plan's PATCH to Azure first (RDESK_ARM_URL, RDESK_TOKEN_COMMAND) and mark
        /// it applied only when Azure confirms; without it the store alone is updated.
        #[arg(long)]
        in_azure: bool,
    },
    /// Discard a pending plan.
    Discard {
        /// Plan number.
        plan_id: u32,
    },
}

/// Policy subcommands.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Add a dated value (or replace the one with the same date).
    Set {
        /// refund_limit_usd, refund_window_days, early_termination_fee_rate, exchange_cutover_date, non_refundable_types or savings_plan_covered_types.
        key: String,
        /// The value.
        value: String,
        /// First day it applies.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: NaiveDate,
        /// Where it comes from.
        #[arg(long, default_value = "")]
        source: String,
    },
}

/// Catalog subcommands.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Add or update a price per unit for the whole term.
    Set {
        /// SKU.
        sku: String,
        /// Region.
        region: String,
        /// P1Y, P3Y or P5Y.
        term: String,
        /// Reserved resource type, e.g. VirtualMachines.
        resource_type: String,
        /// Price per unit for the whole term.
        price: String,
        /// Currency.
        currency: String,
    },
    /// Read Azure's public retail reservation prices (no sign-in; `RDESK_PRICES_URL`) into
    /// the catalog, each marked retail and dated today. Prices you entered are kept.
    Fetch {
        /// ARM SKU name, e.g. Standard_D2s_v5 (repeat for more; default: the SKUs of the
        /// store's reservations).
        #[arg(long = "sku", value_name = "SKU")]
        skus: Vec<String>,
        /// ARM region, e.g. westeurope (repeat for more; default: the regions of the store's
        /// reservations).
        #[arg(long = "region", value_name = "REGION")]
        regions: Vec<String>,
        /// The currency to price in (default USD).
        #[arg(long, value_name = "CODE")]
        currency: Option<String>,
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
            // The window's words, with SQLite's or the OS's text after them.
            emit_err(&format!("rdesk: error: {}\n", e.body()));
            1
        }
    }
}

/// Imports with a progress line on stderr when it is a terminal.
fn import_with_progress(
    desk: &Desk,
    paths: &[&std::path::Path],
    format: Option<crate::import::Format>,
    customer: Option<&str>,
    skip_invalid: bool,
    today: NaiveDate,
) -> Result<ImportOutcome, DeskError> {
    let tty = std::io::stderr().is_terminal();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut last = std::time::Instant::now();
    let outcome = desk.import_files_skipping(
        paths,
        format,
        customer,
        skip_invalid,
        today,
        &mut |p| {
            if tty && last.elapsed().as_millis() >= 200 {
                last = std::time::Instant::now();
                eprint!(
                    "\r{} ({}/{}): {:>3.0} %  {} rows  {} rows/s   ",
                    crate::text::inert(&p.file),
                    p.file_index + 1,
                    p.file_count,
                    p.fraction * 100.0,
                    p.rows,
                    p.rows_per_second
                );
            }
        },
        &cancel,
    );
    if tty {
        eprint!("\r\x1b[K");
    }
    outcome
}

/// Triage subcommands.
#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// List the queue (most urgent first).
    List {
        /// Include hidden items (marked).
        #[arg(long)]
        all: bool,
    },
    /// Hide an item, saying why; the audit log records it.
    Hide {
        /// The item's key (`kind:reservation_id`, as `triage list` shows it).
        key: String,
        /// Why it needs no decision.
        #[arg(long)]
        reason: String,
    },
    /// Show a hidden item again.
    Unhide {
        /// The item's key.
        key: String,
    },
}

/// Writes `s` to stdout with imported text made inert (tabs and newlines stay). A closed pipe
/// (`rdesk … | head`) is not an error worth reporting.
pub(crate) fn emit(s: &str) {
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::text::inert_text(s).as_bytes());
}

/// Writes `s` to stderr with imported text made inert.
fn emit_err(s: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(crate::text::inert_text(s).as_bytes());
}

/// `--json` output: exact values, with control and bidi characters as `\uXXXX` escapes.
fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), DeskError> {
    let mut out = std::io::stdout().lock();
    let text = crate::text::to_json_pretty(value).unwrap_or_else(|_| "null".into());
    // A closed pipe (`rdesk … | head`) is not an error worth reporting.
    let _ = writeln!(out, "{text}");
    Ok(())
}

/// `--format` of `import`: one of the import formats, checked by clap (bad usage exits 2 and
/// lists them).
fn format_parser() -> impl clap::builder::TypedValueParser<Value = crate::import::Format> {
    use crate::import::Format;
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::as_str))
        .try_map(|s: String| Format::parse(&s).ok_or("not an import format"))
}

/// Prints `value` as JSON with `--json`, else as text with `human`: the one output helper.
fn output<T: Serialize + ?Sized>(
    json: bool,
    value: &T,
    human: impl FnOnce(&T),
) -> Result<(), DeskError> {
    if json {
        print_json(value)
    } else {
        human(value);
        Ok(())
    }
}

fn run(cli: Cli) -> Result<(), DeskError> {
    let json = cli.json;
    let path = cli.db.unwrap_or_else(default_db_path);
    let desk = Desk::open(&path)?;
    let today = desk.today();
    match cli.command {
        Command::Demo {
            customers,
            reservations,
            days,
            seed,
            replace,
        } => {
            let opts = DemoOptions {
                customers,
                reservations,
                days,
                seed,
                today,
            };
            demo(&desk, &path, &opts, replace, json)
        }
        Command::Customers {} => {
            let list = desk.customers(None, today)?;
            output(json, &list[..], table::customers)
        }
        Command::Reservations {
            customer,
            expiring_within,
        } => {
            let list = desk.reservations(customer.as_deref(), expiring_within, today)?;
            output(json, &list[..], table::reservations)
        }
        Command::Show { reservation_id } => {
            let r = desk.reservation(&reservation_id, today)?;
            output(json, &r, table::reservation)
        }
        Command::RefundQuote {
            reservation_id,
            quantity,
            on,
        } => {
            let q = desk.refund_quote(&reservation_id, quantity, on.unwrap_or(today))?;
            output(json, &q, table::refund_quote)
        }
        Command::ExchangeQuote { exchange } => {
            let req = exchange.request()?;
            let q = desk.exchange_quote(&req, today)?;
            output(json, &q, table::exchange_quote)
        }
        Command::Tickets {} => {
            let list = desk.tickets()?;
            output(json, &list[..], table::tickets)
        }
        Command::Ticket(cmd) => ticket(&desk, cmd, today, json),
        Command::Contact {
            name,
            email,
            phone,
            country,
            method,
        } => {
            let mut c = desk.support_contact()?;
            let edits = [
                (&mut c.name, name),
                (&mut c.email, email),
                (&mut c.phone, phone),
                (&mut c.country, country),
                (&mut c.preferred_contact_method, method),
            ];
            let mut changed = false;
            for (field, value) in edits {
                if let Some(v) = value {
                    *field = v.trim().to_string();
                    changed = true;
                }
            }
            let c = if changed {
                desk.set_support_contact(&c)?
            } else {
                c
            };
            output(json, &c, table::contact)
        }
        Command::Policy { action } => {
            let values = match action {
                Some(PolicyCommand::Set {
                    key,
                    value,
                    from,
                    source,
                }) => desk.set_policy_value(&key, &value, from, &source)?,
                None => desk.policy_values()?,
            };
            output(json, &values[..], table::policy)
        }
        Command::Catalog { action } => {
            let list = match action {
                Some(CatalogCommand::Set {
                    sku,
                    region,
                    term,
                    resource_type,
                    price,
                    currency,
                }) => desk.set_catalog_entry(&CatalogEntryView {
                    sku,
                    region,
                    term: Term::parse(&term)?,
                    resource_type: ResourceType::parse(&resource_type)?,
                    unit_price: price,
                    currency,
                    source: PriceSource::Entered,
                    priced_on: None,
                })?,
                Some(CatalogCommand::Fetch {
                    skus,
                    regions,
                    currency,
                }) => {
                    return catalog_fetch(
                        &desk,
                        &crate::app::RetailPriceRequest {
                            skus,
                            regions,
                            currency,
                        },
                        json,
                    )
                }
                None => desk.catalog()?,
            };
            output(json, &list[..], table::catalog)
        }
        Command::Access(AccessCommand::List { reservation_id }) => {
            let a = desk.access(&reservation_id)?;
            output(json, &a, table::access)
        }
        Command::Scope(ScopeCommand::Plan { reservation_id, to }) => {
            scope_plan(&desk, &reservation_id, to, today, json)
        }
        Command::Renew(RenewCommand::Plan {
            reservation_id,
            term,
            quantity,
            billing_plan,
        }) => {
            let req = crate::app::RenewalRequestView {
                term: term.as_deref().map(Term::parse).transpose()?,
                quantity,
                billing_plan: billing_plan
                    .as_deref()
                    .map(crate::domain::term::BillingPlan::parse)
                    .transpose()?,
            };
            let plan = desk.plan_renewal(&reservation_id, &req, today)?;
            finish_plan(plan, json, "quantity")
        }
        Command::Plan(PlanCommand::List {}) => {
            let list = desk.plans()?;
            output(json, &list[..], table::plans)
        }
        Command::Plan(PlanCommand::Apply { plan_id, in_azure }) => {
            let p = if in_azure {
                let settings = desk.fetch_settings()?;
                let tokens = settings.tokens();
                let cancel = std::sync::atomic::AtomicBool::new(false);
                desk.apply_plan_in_azure(plan_id, &settings, tokens, today, &cancel)?
            } else {
                desk.apply_plan(plan_id, today)?
            };
            output(json, &p, |p| {
                say!(
                    "Applied plan {plan_id}: {} now has scope {}.",
                    p.reservation_name,
                    p.after.scope_description
                );
            })
        }
        Command::Plan(PlanCommand::Discard { plan_id }) => {
            let p = desk.discard_plan(plan_id)?;
            output(json, &p, |_| say!("Discarded plan {plan_id}."))
        }
        Command::Import {
            files,
            format,
            customer,
            skip_invalid,
        } => import(
            &desk,
            &files,
            format,
            customer.as_deref(),
            skip_invalid,
            today,
            json,
        ),
        Command::Fetch {
            tenants,
            days,
            partner_tenant,
        } => fetch(
            &desk,
            &crate::app::FetchRequest {
                tenants,
                days,
                partner_tenant,
            },
            today,
            json,
        ),
        Command::Dashboard { on } => {
            let board = desk.dashboard(on.unwrap_or(today))?;
            output(json, &board, table::dashboard)
        }
        Command::Report {
            customer,
            format,
            out,
            on,
            lang,
        } => {
            let format = crate::app::ReportFormat::parse(&format)?;
            let lang = crate::app::ReportLanguage::parse(&lang)?;
            let saved = desk.save_report(&customer, format, lang, &out, on.unwrap_or(today))?;
            output(json, &saved, |saved| {
                say!(
                    "Wrote {}: review report of {} reservations ({} bytes).",
                    saved.path,
                    saved.reservations,
                    saved.bytes
                );
            })
        }
        Command::Triage(TriageCommand::List { all }) => {
            let queue = desk.triage(
                today,
                crate::app::TriagePage {
                    include_hidden: all,
                    ..crate::app::TriagePage::ALL
                },
            )?;
            output(json, &queue, table::triage)
        }
        Command::Triage(TriageCommand::Hide { key, reason }) => {
            desk.hide_triage_item(&key, &reason)?;
            let done = serde_json::json!({ "key": key, "hidden": true, "reason": reason });
            output(json, &done, |_| say!("Hid {key}."))
        }
        Command::Triage(TriageCommand::Unhide { key }) => {
            desk.unhide_triage_item(&key)?;
            let done = serde_json::json!({ "key": key, "hidden": false });
            output(json, &done, |_| say!("Showing {key} again."))
        }
        Command::Export { out } => {
            let r = desk.export_portfolio(&out)?;
            output(json, &r, |r| {
                say!(
                    "Wrote {}: {} customers, {} reservations, {} utilization days ({} bytes).",
                    out.display(),
                    r.customers,
                    r.reservations,
                    r.utilization_days,
                    r.bytes
                );
            })
        }
        Command::Audit { since } => {
            let rows = desk.audit(since)?;
            output(json, &rows[..], table::audit)
        }
        Command::RecordRefund {
            reservation_id,
            quantity,
            on,
        } => {
            desk.record_past_refund(&reservation_id, quantity, on)?;
            let done = serde_json::json!({
                "reservation_id": reservation_id,
                "quantity": quantity,
                "on": on,
                "recorded": true,
            });
            output(json, &done, |_| {
                say!("Recorded the refund of {reservation_id} on {on} in the customer's ledger.");
            })
        }
    }
}

/// `rdesk demo`: fills an empty store (a filled one only with `--replace`).
fn demo(
    desk: &Desk,
    path: &std::path::Path,
    opts: &DemoOptions,
    replace: bool,
    json: bool,
) -> Result<(), DeskError> {
    let show_progress = std::io::stderr().is_terminal();
    let mut progress = |p: &Progress| {
        if show_progress && p.total > 0 {
            eprint!("\r{}: {}/{} reservations   ", p.stage, p.done, p.total);
        }
    };
    let summary = desk.load_demo(opts, replace, &mut progress)?;
    if show_progress {
        eprintln!();
    }
    if json {
        print_json(&summary)
    } else {
        say!(
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

/// `rdesk scope plan`: drafts a scope change; an invalid plan exits 1 with its problems.
fn scope_plan(
    desk: &Desk,
    reservation_id: &str,
    to: String,
    today: NaiveDate,
    json: bool,
) -> Result<(), DeskError> {
    let req = ChangeRequestView {
        scope_to: Some(to),
        instance_flexibility: None,
        renew: None,
        renewal: None,
    };
    let plan = desk.plan_change(reservation_id, &req, today)?;
    finish_plan(plan, json, "to")
}

/// Prints a drafted plan; an invalid one exits 1 naming `field` (the value the user gave) and
/// every problem.
fn finish_plan(plan: ChangePlanView, json: bool, field: &'static str) -> Result<(), DeskError> {
    let value = match field {
        "to" => plan
            .after
            .scope_target
            .clone()
            .unwrap_or_else(|| "shared".into()),
        _ => plan
            .after
            .renewal
            .map(|r| r.quantity.to_string())
            .unwrap_or_default(),
    };
    if json {
        print_json(&plan)?;
    } else {
        table::plan(&plan);
    }
    if plan.valid {
        Ok(())
    } else {
        let why: Vec<&str> = plan.problems.iter().map(|p| p.message.as_str()).collect();
        Err(DeskError::Invalid(crate::domain::InvalidValue::new(
            field,
            format!("the plan is invalid: {}", why.join(" ")),
            &value,
        )))
    }
}

/// `rdesk import`: all or nothing (or, with `--skip-invalid`, every valid row); the report, or
/// every problem on stderr and exit 1.
fn import(
    desk: &Desk,
    files: &[PathBuf],
    format: Option<crate::import::Format>,
    customer: Option<&str>,
    skip_invalid: bool,
    today: NaiveDate,
    json: bool,
) -> Result<(), DeskError> {
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let outcome = if json {
        let cancel = std::sync::atomic::AtomicBool::new(false);
        desk.import_files_skipping(
            &paths,
            format,
            customer,
            skip_invalid,
            today,
            &mut |_| {},
            &cancel,
        )?
    } else {
        import_with_progress(desk, &paths, format, customer, skip_invalid, today)?
    };
    if json {
        print_json(&outcome)?;
    }
    match outcome {
        ImportOutcome::Imported {
            files,
            changed,
            rows,
            millis,
            skipped: left_out,
            skipped_count,
        } => {
            if !json {
                for r in &files {
                    say!("{} ({}, {} rows)", r.file, r.format, r.rows);
                    for e in &r.entities {
                        say!(
                            "  {:<17} {:>8} added {:>8} updated {:>8} unchanged {:>8} skipped",
                            e.entity,
                            e.added,
                            e.updated,
                            e.unchanged,
                            e.skipped
                        );
                    }
                    for w in &r.warnings {
                        say!("  warning: {w}");
                    }
                    if r.warnings_omitted > 0 {
                        say!("  … and {} more warnings", r.warnings_omitted);
                    }
                }
                let secs = f64::from(millis) / 1000.0;
                let skipped: u32 = files
                    .iter()
                    .flat_map(|f| &f.entities)
                    .map(|e| e.skipped)
                    .sum();
                let kept: u32 = files
                    .iter()
                    .flat_map(|f| &f.entities)
                    .map(|e| e.unchanged)
                    .sum();
                for p in &left_out {
                    say!("skipped: {p}");
                }
                if skipped_count > 0 {
                    let noun = if skipped_count == 1 { "row" } else { "rows" };
                    say!("{skipped_count} {noun} with a problem were left out (--skip-invalid).");
                }
                if changed {
                    say!("Imported {rows} rows in {secs:.1} s.");
                } else if kept == 0 && skipped > 0 {
                    say!("Nothing changed: all {skipped} rows were skipped (see the warnings; {secs:.1} s).");
                } else {
                    say!("Nothing changed: everything in these files was already in the store ({rows} rows, {secs:.1} s).");
                }
            }
            Ok(())
        }
        ImportOutcome::Failed {
            problems,
            problem_count,
            skippable,
        } => {
            if !json {
                for p in &problems {
                    emit_err(&format!("{p}\n"));
                }
                if skippable && !skip_invalid {
                    emit_err("Every problem is in a row: `rdesk import --skip-invalid` imports the valid rows and lists the others.\n");
                }
            }
            Err(DeskError::Invalid(crate::domain::InvalidValue::new(
                "import",
                crate::app::failed_import_summary(problems.len(), problem_count),
                "",
            )))
        }
        ImportOutcome::Cancelled { .. } => Err(DeskError::Invalid(
            crate::domain::InvalidValue::new("import", "cancelled; nothing was imported", ""),
        )),
    }
}

/// `rdesk fetch`: progress on stderr (a terminal), the report, exit 1 when any tenant failed.
/// `rdesk catalog fetch`: progress on a terminal's stderr, then the report.
fn catalog_fetch(
    desk: &Desk,
    request: &crate::app::RetailPriceRequest,
    json: bool,
) -> Result<(), DeskError> {
    let settings = desk.fetch_settings()?;
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let tty = std::io::stderr().is_terminal();
    let report = desk.fetch_retail_prices(
        &settings,
        request,
        &mut |p| {
            if tty {
                eprint!("\r{} requests  {} prices   ", p.requests, p.prices);
            }
        },
        &cancel,
    );
    if tty {
        eprint!("\r\x1b[K");
    }
    let report = report?;
    output(json, &report, |r| {
        say!(
            "Retail prices in {} from {} requests: {} found, {} added, {} updated, {} unchanged, {} of your own prices kept.",
            r.currency,
            r.requests,
            r.found,
            r.added,
            r.updated,
            r.unchanged,
            r.kept_entered
        );
        for s in &r.skipped {
            say!("  left out: {s}");
        }
    })
}

fn fetch(
    desk: &Desk,
    request: &crate::app::FetchRequest,
    today: NaiveDate,
    json: bool,
) -> Result<(), DeskError> {
    use crate::app::FetchStatus;
    let settings = desk.fetch_settings()?;
    let tokens = settings.tokens();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let tty = std::io::stderr().is_terminal();
    let report = desk.fetch(
        &settings,
        tokens,
        request,
        today,
        &mut |p| {
            if tty {
                eprint!(
                    "\r{}/{} tenants  {} requests  {} rows  (last: {})   ",
                    p.done, p.total, p.requests, p.rows, p.tenant_id
                );
            }
        },
        &cancel,
    )?;
    if tty {
        eprint!("\r\x1b[K");
    }
    if json {
        print_json(&report)?;
    } else {
        for p in &report.problems {
            emit_err(&format!("{p}\n"));
        }
        for t in &report.tenants {
            let name = if t.name.is_empty() {
                t.tenant_id.clone()
            } else {
                format!("{} ({})", crate::text::inert(&t.name), t.tenant_id)
            };
            let status = match t.status {
                FetchStatus::Ok if t.changed => "imported",
                FetchStatus::Ok => "unchanged",
                FetchStatus::Failed => "FAILED, nothing written",
                FetchStatus::Cancelled => "cancelled, nothing written",
            };
            say!(
                "{name}: {status} · {} reservations, {} orders, {} days, {} requests",
                t.reservations,
                t.orders,
                t.days,
                t.requests
            );
            for p in &t.problems {
                say!("  {p}");
            }
        }
        let ok = report
            .tenants
            .iter()
            .filter(|t| t.status == FetchStatus::Ok)
            .count();
        say!(
            "Fetched {ok} of {} tenants in {:.1} s.",
            report.tenants.len(),
            f64::from(report.millis) / 1000.0
        );
    }
    match report.status {
        FetchStatus::Ok => Ok(()),
        FetchStatus::Failed => {
            let failed = report
                .tenants
                .iter()
                .filter(|t| t.status == FetchStatus::Failed)
                .count();
            let message = if report.tenants.is_empty() {
                "the customers list could not be fetched; nothing was written".to_string()
            } else {
                format!(
                    "{failed} of {} tenants failed; the others were kept",
                    report.tenants.len()
                )
            };
            Err(DeskError::Invalid(crate::domain::InvalidValue::new(
                "fetch", message, "",
            )))
        }
        FetchStatus::Cancelled => Err(DeskError::Invalid(crate::domain::InvalidValue::new(
            "fetch",
            "cancelled; the tenants already imported were kept",
            "",
        ))),
    }
}

fn ticket(desk: &Desk, cmd: TicketCommand, today: NaiveDate, json: bool) -> Result<(), DeskError> {
    let t = match cmd {
        TicketCommand::DraftRefund {
            reservation_id,
            quantity,
            on,
            reason,
        } => desk.draft_refund_ticket(&reservation_id, quantity, on.unwrap_or(today), &reason)?,
        TicketCommand::DraftExchange { exchange, reason } => {
            let req = exchange.request()?;
            desk.draft_exchange_ticket(&req, today, &reason)?
        }
        TicketCommand::Show { id } => desk.ticket(id)?,
        TicketCommand::Submit { id, number } => {
            desk.move_ticket(id, TicketStatus::Submitted, Some(&number), today)?
        }
        TicketCommand::Resolve { id, on } => {
            desk.move_ticket(id, TicketStatus::Resolved, None, on.unwrap_or(today))?
        }
        TicketCommand::Cancel { id } => {
            desk.move_ticket(id, TicketStatus::Cancelled, None, today)?
        }
    };
    if json {
        print_json(&t)
    } else {
        say!(
            "Ticket {} · {} · {} · {}",
            t.id,
            t.kind_label(),
            t.status_label(),
            t.customer_name
        );
        if let Some(n) = &t.ms_ticket_number {
            say!("Microsoft support request: {n}");
        }
        say!("Azure portal: {}\n", t.portal_url);
        emit(&t.text);
        if !t.missing.is_empty() {
            emit_err(&format!(
                "Not ready to paste: fill in {} first.\n",
                t.missing.join(", ")
            ));
        }
        Ok(())
    }
}
