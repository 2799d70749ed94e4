//! The report as one self-contained, print-ready HTML page: no scripts, no external resources,
//! charts drawn as inline SVG. Every piece of data is escaped where it is written (`esc`);
//! money keeps its decimal string (grouped by `group_amount`, never parsed into a float).

use super::words::{self, counted, fill, Piece, Words};
use super::{CustomerReport, ReportLanguage, ReportReservation, ReportTicket};
use crate::app::dto::MoneyView;
use crate::domain::reservation::Status;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::{self, Write};

/// The page's styles: screen first, then print (A4, cards and rows kept whole, header repeated).
const STYLE: &str = r#"
:root { --accent: #0078D4; --warn: #B34700; --ink: #1b1a19; --muted: #605e5c; --line: #d2d0ce; }
* { box-sizing: border-box; }
html { color-scheme: light; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 8px; color: var(--accent); font-weight: 600; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); font-weight: 600; }
h3 { font-size: 14px; margin: 14px 0 6px; font-weight: 600; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0; }
.meta div { display: flex; gap: 6px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; font-weight: 600; }
.mono, .id { font-family: ui-monospace, "Cascadia Mono", Consolas, "SF Mono", Menlo, monospace; }
.id { display: block; font-size: 11px; color: var(--muted); overflow-wrap: anywhere; font-weight: 400; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--accent); border-radius: 4px; padding: 12px 14px; }
.card.warn { border-top-color: var(--warn); }
.card h3 { margin: 0 0 4px; font-size: 13px; color: var(--muted); font-weight: 600; }
.card .big { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card p { margin: 4px 0 0; font-size: 12.5px; color: var(--muted); }
.chart { margin: 8px 0 16px; }
.chart svg { display: block; width: 100%; height: auto; max-width: 900px; }
.chart figcaption, .note { font-size: 12px; color: var(--muted); margin-top: 4px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
caption { caption-side: top; text-align: left; font-size: 12px; color: var(--muted); padding-bottom: 6px; }
th, td { padding: 5px 6px; border-bottom: 1px solid var(--line); vertical-align: top; text-align: left; }
th { font-weight: 600; border-bottom: 2px solid var(--ink); }
.nowrap { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.small { font-size: 11px; color: var(--muted); display: block; }
.under { color: var(--warn); font-weight: 600; }
.ended td { color: var(--muted); }
.spark { display: block; width: 96px; height: 26px; }
footer { margin-top: 32px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
footer ul { margin: 6px 0; padding-left: 18px; }
footer code { font-family: inherit; color: var(--ink); }
@page { size: A4; margin: 14mm; }
@page wide { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 17pt; }
  h2 { font-size: 12.5pt; break-after: avoid; }
  .card { border-top-width: 3px; padding: 6px 8px; }
  .card .big { font-size: 14pt; }
  .cards { grid-template-columns: repeat(4, 1fr); gap: 6px; }
  .card, .chart, tr, figure { break-inside: avoid; }
  .scroll { overflow: visible; }
  .wide { page: wide; }
  table { font-size: 7pt; }
  td.brk { overflow-wrap: anywhere; }
  th, td { padding: 2px 3px; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  .id, .small { font-size: 6.5pt; }
  .spark { width: 64px; height: 18px; }
  .chart svg { max-width: 100%; }
  footer { break-inside: avoid; }
}
"#;

/// Text that is safe in HTML text and in quoted attribute values (`& < > " '` escaped, control
/// and bidi characters shown as placeholders).
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Control and bidi characters first become visible placeholders (`crate::text`).
        let inert = crate::text::inert_text(self.0);
        let mut rest: &str = &inert;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// Escapes `s` for HTML text and attribute contexts (SVG included).
fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

/// Groups the integer part of a decimal string by thousands (`-12345.6` → `-12,345.6`).
/// Anything that is not a plain decimal is returned as it is.
fn group_amount(amount: &str) -> String {
    let (sign, unsigned) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !frac.is_none_or(digits) {
        return amount.to_string();
    }
    let mut out = String::with_capacity(amount.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Money as shown: grouped amount and currency code (`12,345.60 EUR`).
fn money(m: &MoneyView) -> String {
    format!("{} {}", group_amount(&m.amount), m.currency)
}

/// A percent string with at most one decimal (`87.54` → `87.5`, `100.0` → `100`).
fn pct_text(raw: &str) -> String {
    match raw.trim().parse::<Decimal>() {
        Ok(d) => d
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
            .to_string(),
        Err(_) => raw.to_string(),
    }
}

/// A percent string as a chart value, clamped to 0–100 (geometry only, never shown).
fn pct_value(raw: &str) -> Option<f64> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(0.0, 100.0))
}

/// A date in words: `24 November 2026`, `2026年11月24日`.
fn human_date(d: NaiveDate, w: &Words) -> String {
    fill(
        w.date,
        &[
            ("d", &d.day().to_string()),
            ("month", month_name(d, w)),
            ("y", &d.year().to_string()),
        ],
    )
}

/// The month's name in `w`.
fn month_name(d: NaiveDate, w: &Words) -> &'static str {
    w.months[d.month0() as usize % 12]
}

/// A month in words: `November 2026`, `2026年11月`.
fn month_year(d: NaiveDate, w: &Words) -> String {
    fill(
        w.month_year,
        &[("month", month_name(d, w)), ("y", &d.year().to_string())],
    )
}

/// `16 days left`, `expires today`, `expired 14 days ago` (or their Chinese).
fn days_text(days_left: i64, w: &Words) -> String {
    match days_left {
        0 => w.expires_today.to_string(),
        n if n > 0 => counted(n, w.days_left_one, w.days_left_other),
        n => counted(-n, w.expired_ago_one, w.expired_ago_other),
    }
}

/// Fills `template` into HTML: its own text escaped, the placeholders replaced by `args` as they
/// are (markup, or text the caller escaped).
fn fill_html(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    for piece in words::pieces(template) {
        match piece {
            Piece::Text(t) => {
                let _ = write!(out, "{}", esc(t));
            }
            Piece::Arg(name) => match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => {
                    let _ = write!(out, "{{{}}}", esc(name));
                }
            },
        }
    }
    out
}

/// Active on the report day (neither ended nor expired).
fn is_active(x: &ReportReservation) -> bool {
    matches!(x.summary.status, Status::Succeeded | Status::Expiring)
}

/// Renders the page in `lang`.
pub fn render(r: &CustomerReport, lang: ReportLanguage) -> String {
    let mut out = String::with_capacity(16_384 + r.reservations.len() * 2_048);
    // Writing into a String cannot fail.
    let _ = page(&mut out, r, words::words(lang));
    out
}

/// The whole document: head with the styles, then the sections in order.
fn page(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    writeln!(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>",
        esc(w.lang)
    )?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<meta name=\"generator\" content=\"{}\">",
        esc(w.product)
    )?;
    let title = fill(
        w.title,
        &[("name", &r.customer.name), ("date", &r.as_of.to_string())],
    );
    writeln!(out, "<title>{}</title>", esc(&title))?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>")?;
    header(out, r, w)?;
    figures(out, r, w)?;
    charts(out, r, w)?;
    reservations_table(out, r, w)?;
    tickets(out, &r.open_tickets, w)?;
    footer(out, r, w)?;
    writeln!(out, "</main>\n</body>\n</html>")
}

/// Title, customer facts and the report date.
fn header(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    let c = &r.customer;
    writeln!(out, "<header>")?;
    writeln!(
        out,
        "<h1>{}</h1>",
        esc(&fill(w.heading, &[("name", &c.name)]))
    )?;
    writeln!(out, "<dl class=\"meta\">")?;
    let facts = [
        (w.tenant_id, c.tenant_id.as_str(), true),
        (w.primary_domain, c.primary_domain.as_str(), false),
        (w.country, c.country.as_str(), false),
        (w.billing_currency, c.billing_currency.as_str(), false),
    ];
    for (label, value, mono) in facts {
        writeln!(
            out,
            "<div><dt>{}</dt><dd{}>{}</dd></div>",
            esc(label),
            if mono { " class=\"mono\"" } else { "" },
            esc(value)
        )?;
    }
    let iso = format!("<time datetime=\"{d}\">{d}</time>", d = r.as_of);
    let human = esc(&human_date(r.as_of, w)).to_string();
    writeln!(
        out,
        "<div><dt>{}</dt><dd>{}</dd></div>",
        esc(w.as_of),
        fill_html(w.as_of_value, &[("iso", &iso), ("date", &human)])
    )?;
    writeln!(out, "</dl>\n</header>")
}

/// One key-figure card.
fn card(out: &mut String, warn: bool, title: &str, big: &str, lines: &[String]) -> fmt::Result {
    writeln!(
        out,
        "<div class=\"card{}\"><h3>{}</h3><div class=\"big\">{}</div>",
        if warn { " warn" } else { "" },
        esc(title),
        esc(big)
    )?;
    for line in lines {
        writeln!(out, "<p>{}</p>", esc(line))?;
    }
    writeln!(out, "</div>")
}

/// The four key figures.
fn figures(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    let threshold = pct_text(&r.underuse_threshold_percent);
    let h = &r.headroom;
    writeln!(
        out,
        "<section aria-labelledby=\"figures\">\n<h2 id=\"figures\">{}</h2>\n<div class=\"cards\">",
        esc(w.key_figures)
    )?;
    card(
        out,
        false,
        w.active_commitment,
        &money(&r.commitment),
        &[
            Some(counted(
                r.customer.active_reservation_count,
                w.active_commitment_note_one,
                w.active_commitment_note_other,
            )),
            (r.reservations_without_price > 0).then(|| {
                fill(
                    w.without_price_note,
                    &[("n", &r.reservations_without_price.to_string())],
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>(),
    )?;
    card(
        out,
        r.under_utilized > 0,
        w.unused_30d,
        &money(&r.unused_30d),
        &[fill(
            &counted(r.under_utilized, w.unused_note_one, w.unused_note_other),
            &[("threshold", &threshold)],
        )],
    )?;
    card(
        out,
        false,
        w.expiring_90d,
        &counted(r.expiring_90d, w.reservations_one, w.reservations_other),
        &[fill(
            w.renewing_note,
            &[
                ("renewing", &r.expiring_90d_renewing.to_string()),
                ("total", &r.expiring_90d.to_string()),
            ],
        )],
    )?;
    card(
        out,
        false,
        w.headroom,
        &money(&h.available),
        &[
            fill(w.headroom_available, &[("limit", &money(&h.limit))]),
            fill(
                w.headroom_used,
                &[
                    ("used", &money(&h.used)),
                    ("days", &h.window_days.to_string()),
                    ("date", &h.policy_from.to_string()),
                ],
            ),
        ],
    )?;
    writeln!(out, "</div>\n</section>")
}

/// Both charts.
fn charts(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    writeln!(
        out,
        "<section aria-labelledby=\"charts\">\n<h2 id=\"charts\">{}</h2>",
        esc(w.charts)
    )?;
    utilization_chart(out, r, w)?;
    expiry_chart(out, r, w)?;
    writeln!(out, "</section>")
}

/// Horizontal bars of the 30-day utilization of each active reservation, with the threshold.
fn utilization_chart(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    const LABEL_W: f64 = 230.0;
    const BAR_W: f64 = 420.0;
    const ROW: f64 = 22.0;
    const TOP: f64 = 26.0;
    let threshold_text = pct_text(&r.underuse_threshold_percent);
    let threshold = pct_value(&r.underuse_threshold_percent);
    let active: Vec<&ReportReservation> = r.reservations.iter().filter(|x| is_active(x)).collect();
    writeln!(out, "<h3>{}</h3>", esc(w.utilization_heading))?;
    if active.is_empty() {
        return writeln!(
            out,
            "<p class=\"note\">{}</p>",
            esc(w.no_active_reservations)
        );
    }
    let height = TOP + ROW * active.len() as f64 + 8.0;
    let title = fill(
        w.utilization_title,
        &[
            ("n", &active.len().to_string()),
            ("threshold", &threshold_text),
        ],
    );
    writeln!(out, "<figure class=\"chart\">")?;
    writeln!(
        out,
        "<svg class=\"util-chart\" viewBox=\"0 0 760 {height:.0}\" role=\"img\" aria-label=\"{t}\" font-family=\"inherit\" font-size=\"11\">\n<title>{t}</title>",
        t = esc(&title)
    )?;
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = LABEL_W + BAR_W * tick / 100.0;
        writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{y1:.0}\" x2=\"{x:.1}\" y2=\"{y2:.0}\" stroke=\"#e1dfdd\"/><text x=\"{x:.1}\" y=\"12\" text-anchor=\"middle\" fill=\"#605e5c\">{tick:.0} %</text>",
            y1 = TOP - 6.0,
            y2 = height - 6.0
        )?;
    }
    for (i, x) in active.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let label = truncate(&x.name, 34);
        let value = x
            .summary
            .utilization_30d
            .as_deref()
            .map_or_else(|| w.no_data.to_string(), |p| format!("{} %", pct_text(p)));
        writeln!(
            out,
            "<g><title>{}</title>",
            esc(&fill(w.bar_title, &[("name", &x.name), ("value", &value)]))
        )?;
        writeln!(
            out,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1b1a19\">{}</text>",
            LABEL_W - 8.0,
            y + 12.0,
            esc(&label)
        )?;
        match x
            .summary
            .utilization_30d
            .as_deref()
            .and_then(|p| pct_value(p).map(|v| (p, v)))
        {
            Some((raw, v)) => {
                let below = threshold.is_some_and(|t| v < t);
                let bar = BAR_W * v / 100.0;
                writeln!(
                    out,
                    "<rect x=\"{LABEL_W:.0}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"14\" fill=\"{}\"/>",
                    y + 2.0,
                    if below { "#D86A1E" } else { "#0078D4" }
                )?;
                writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\"{}>{}{} %</text>",
                    LABEL_W + bar + 6.0,
                    y + 12.0,
                    if below { "#B34700" } else { "#1b1a19" },
                    if below { " font-weight=\"600\"" } else { "" },
                    if below { "▼ " } else { "" },
                    esc(&pct_text(raw))
                )?;
            }
            None => writeln!(
                out,
                "<text x=\"{:.0}\" y=\"{:.1}\" fill=\"#605e5c\" font-style=\"italic\">{}</text>",
                LABEL_W + 6.0,
                y + 12.0,
                esc(w.no_data)
            )?,
        }
        writeln!(out, "</g>")?;
    }
    if let Some(t) = threshold {
        let x = LABEL_W + BAR_W * t / 100.0;
        writeln!(
            out,
            "<line class=\"threshold\" x1=\"{x:.1}\" y1=\"{:.0}\" x2=\"{x:.1}\" y2=\"{:.0}\" stroke=\"#1b1a19\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>{}</title></line>",
            TOP - 6.0,
            height - 4.0,
            esc(&fill(w.threshold, &[("threshold", &threshold_text)]))
        )?;
    }
    writeln!(out, "</svg>")?;
    writeln!(
        out,
        "<figcaption>{}</figcaption>\n</figure>",
        esc(&fill(
            w.utilization_caption,
            &[("threshold", &threshold_text)]
        ))
    )
}

/// At most `max` characters, with an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Months from `from`'s month to `to`'s month (negative when earlier).
fn month_index(from: NaiveDate, to: NaiveDate) -> i64 {
    (i64::from(to.year()) * 12 + i64::from(to.month()))
        - (i64::from(from.year()) * 12 + i64::from(from.month()))
}

/// Active reservations expiring in each of the 12 months starting with the report's month.
fn expiries_by_month(r: &CustomerReport) -> [u32; 12] {
    let mut counts = [0u32; 12];
    for x in r.reservations.iter().filter(|x| is_active(x)) {
        if x.summary.expiry_date < r.as_of {
            continue;
        }
        let i = month_index(r.as_of, x.summary.expiry_date);
        if let Some(c) = usize::try_from(i).ok().and_then(|i| counts.get_mut(i)) {
            *c += 1;
        }
    }
    counts
}

/// Column chart of expiries per month over the next 12 months.
fn expiry_chart(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    const LEFT: f64 = 20.0;
    const COL: f64 = 60.0;
    const PLOT_TOP: f64 = 22.0;
    const PLOT_H: f64 = 110.0;
    let counts = expiries_by_month(r);
    let total: u32 = counts.iter().sum();
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let first = r.as_of.with_day(1).unwrap_or(r.as_of);
    let month = |i: u32| first.checked_add_months(Months::new(i)).unwrap_or(first);
    let title = fill(
        &counted(total, w.expiry_title_one, w.expiry_title_other),
        &[
            ("from", &month_year(month(0), w)),
            ("to", &month_year(month(11), w)),
        ],
    );
    writeln!(out, "<h3>{}</h3>", esc(w.expiry_heading))?;
    writeln!(out, "<figure class=\"chart\">")?;
    writeln!(
        out,
        "<svg class=\"expiry-chart\" viewBox=\"0 0 760 170\" role=\"img\" aria-label=\"{t}\" font-family=\"inherit\" font-size=\"11\">\n<title>{t}</title>",
        t = esc(&title)
    )?;
    let base = PLOT_TOP + PLOT_H;
    writeln!(
        out,
        "<line x1=\"{LEFT:.0}\" y1=\"{base:.0}\" x2=\"{:.0}\" y2=\"{base:.0}\" stroke=\"#8a8886\"/>",
        LEFT + COL * 12.0
    )?;
    for (i, n) in (0u32..).zip(counts) {
        let m = month(i);
        let cx = LEFT + COL * f64::from(i) + COL / 2.0;
        let h = PLOT_H * f64::from(n) / f64::from(max);
        writeln!(
            out,
            "<g><title>{}</title>",
            esc(&fill(
                &counted(n, w.month_expiries_one, w.month_expiries_other),
                &[("month", &month_year(m, w))]
            ))
        )?;
        if n > 0 {
            writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.0}\" height=\"{h:.1}\" fill=\"#0078D4\"/>",
                cx - COL * 0.3,
                base - h,
                COL * 0.6
            )?;
        }
        writeln!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\"{}>{n}</text>",
            base - h - 4.0,
            if n > 0 { "#1b1a19" } else { "#8a8886" },
            if n > 0 { " font-weight=\"600\"" } else { "" }
        )?;
        writeln!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.0}\" text-anchor=\"middle\" fill=\"#1b1a19\">{}</text>",
            base + 14.0,
            esc(w.months_short[m.month0() as usize % 12])
        )?;
        if i == 0 || m.month() == 1 {
            writeln!(
                out,
                "<text x=\"{cx:.1}\" y=\"{:.0}\" text-anchor=\"middle\" fill=\"#605e5c\">{}</text>",
                base + 27.0,
                esc(&fill(w.year, &[("y", &m.year().to_string())]))
            )?;
        }
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</svg>")?;
    writeln!(
        out,
        "<figcaption>{}</figcaption>\n</figure>",
        esc(&fill(
            w.expiry_caption,
            &[
                ("date", &r.as_of.to_string()),
                ("total", &total.to_string())
            ]
        ))
    )
}

/// A tiny line of the daily utilization: gaps where a day has no value, the threshold dashed.
fn sparkline(
    out: &mut String,
    daily: &[(NaiveDate, Option<String>)],
    threshold: &str,
    w: &Words,
) -> fmt::Result {
    const W: f64 = 100.0;
    const H: f64 = 28.0;
    let (Some(first), Some(last)) = (daily.first(), daily.last()) else {
        return write!(out, "{}", esc(w.none));
    };
    let gaps = daily.iter().filter(|(_, p)| p.is_none()).count();
    let gaps = match gaps {
        0 => String::new(),
        n => counted(
            i64::try_from(n).unwrap_or(i64::MAX),
            w.spark_gaps_one,
            w.spark_gaps_other,
        ),
    };
    let title = fill(
        w.spark_title,
        &[
            ("from", &first.0.to_string()),
            ("to", &last.0.to_string()),
            ("n", &daily.len().to_string()),
            ("gaps", &gaps),
        ],
    );
    let step = if daily.len() > 1 {
        W / (daily.len() - 1) as f64
    } else {
        0.0
    };
    let y = |v: f64| 1.0 + (H - 2.0) * (1.0 - v / 100.0);
    write!(
        out,
        "<svg class=\"spark\" viewBox=\"0 0 {W:.0} {H:.0}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = esc(&title)
    )?;
    write!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{W:.0}\" height=\"{H:.0}\" fill=\"none\" stroke=\"#e1dfdd\" stroke-width=\"0.5\"/>"
    )?;
    if let Some(t) = pct_value(threshold) {
        write!(
            out,
            "<line class=\"threshold\" x1=\"0\" y1=\"{v:.1}\" x2=\"{W:.0}\" y2=\"{v:.1}\" stroke=\"#B34700\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"/>",
            v = y(t)
        )?;
    }
    // Runs of consecutive days with a value; a gap ends a run.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, (_, p)) in daily.iter().enumerate() {
        match p.as_deref().and_then(pct_value) {
            Some(v) => {
                if let Some(run) = runs.last_mut() {
                    run.push((step * i as f64, y(v)));
                }
            }
            None => runs.push(Vec::new()),
        }
    }
    for run in runs.iter().filter(|r| !r.is_empty()) {
        if let [(x, y)] = run.as_slice() {
            write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"1.2\" fill=\"#0078D4\"/>"
            )?;
        } else {
            let points: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#0078D4\" stroke-width=\"1.2\" vector-effect=\"non-scaling-stroke\"/>",
                points.join(" ")
            )?;
        }
    }
    write!(out, "</svg>")
}

/// A percent cell: the value with at most one decimal, or a dash.
fn pct_cell(p: Option<&str>, w: &Words) -> String {
    p.map_or_else(|| w.none.to_string(), pct_text)
}

/// Every reservation, one row each.
fn reservations_table(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    let threshold = pct_text(&r.underuse_threshold_percent);
    writeln!(
        out,
        "<section class=\"wide\" aria-labelledby=\"reservations\">\n<h2 id=\"reservations\">{}</h2>",
        esc(w.reservations)
    )?;
    if r.reservations.is_empty() {
        return writeln!(out, "<p>{}</p>\n</section>", esc(w.no_reservations));
    }
    writeln!(
        out,
        "<div class=\"scroll\">\n<table class=\"reservations\">"
    )?;
    writeln!(
        out,
        "<caption>{}</caption>",
        esc(&fill(
            &counted(
                u32::try_from(r.reservations.len()).unwrap_or(u32::MAX),
                w.reservations_caption_one,
                w.reservations_caption_other
            ),
            &[("threshold", &threshold)]
        ))
    )?;
    let daily = fill(w.col_daily, &[("days", &super::CHART_DAYS.to_string())]);
    let columns = [
        (w.col_name, false),
        (w.col_type, false),
        (w.col_sku, false),
        (w.col_region, false),
        (w.col_quantity, true),
        (w.col_scope, false),
        (w.col_status, false),
        (w.col_renew, false),
        (w.col_expiry, false),
        (w.col_7d, true),
        (w.col_30d, true),
        (daily.as_str(), false),
        (w.col_commitment, true),
        (w.col_unused, true),
    ];
    table_head(out, &columns)?;
    for x in &r.reservations {
        reservation_row(out, x, &r.underuse_threshold_percent, w)?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")
}

/// A table's header row (numeric columns right-aligned) and the opening of its body.
fn table_head(out: &mut String, columns: &[(&str, bool)]) -> fmt::Result {
    write!(out, "<thead><tr>")?;
    for (label, num) in columns {
        write!(
            out,
            "<th scope=\"col\"{}>{}</th>",
            if *num { " class=\"num\"" } else { "" },
            esc(label)
        )?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")
}

/// One reservation's row; under-utilized ones marked ▼ beside the 30-day figure.
fn reservation_row(
    out: &mut String,
    x: &ReportReservation,
    threshold: &str,
    w: &Words,
) -> fmt::Result {
    let classes = match (is_active(x), x.under_utilized) {
        (_, true) => " class=\"under-row\"",
        (false, false) => " class=\"ended\"",
        (true, false) => "",
    };
    write!(
        out,
        "<tr{classes}><td class=\"brk\">{}<span class=\"id\">{}</span></td>",
        esc(&x.name),
        esc(&x.id)
    )?;
    write!(
        out,
        "<td>{}</td><td class=\"brk\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
        esc(w.resource_type(x.summary.resource_type)),
        esc(&x.summary.sku),
        esc(&x.summary.region),
        x.summary.quantity,
        esc(w.scope(x.summary.scope_type)),
        esc(w.status(x.summary.status)),
        esc(if x.summary.renew { w.yes } else { w.no })
    )?;
    // Days left only mean something for reservations that run or ran to their expiry.
    let days = if matches!(x.summary.status, Status::Cancelled | Status::Failed) {
        String::new()
    } else {
        format!(
            "<span class=\"small\">{}</span>",
            esc(&days_text(i64::from(x.summary.days_left), w))
        )
    };
    write!(
        out,
        "<td class=\"nowrap\"><time datetime=\"{d}\">{d}</time>{days}</td>",
        d = x.summary.expiry_date
    )?;
    let mark = if x.under_utilized {
        format!(
            "<span class=\"under\" title=\"{}\">▼ </span>",
            esc(w.under_utilized)
        )
    } else {
        String::new()
    };
    write!(
        out,
        "<td class=\"num\">{}</td><td class=\"num{}\">{mark}{}</td><td>",
        esc(&pct_cell(x.summary.utilization_7d.as_deref(), w)),
        if x.under_utilized { " under" } else { "" },
        esc(&pct_cell(x.summary.utilization_30d.as_deref(), w))
    )?;
    sparkline(out, &x.daily, threshold, w)?;
    writeln!(
        out,
        "</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        esc(&x
            .price
            .as_ref()
            .map_or_else(|| w.unknown.to_string(), money)),
        esc(&x
            .unused_30d
            .as_ref()
            .map_or_else(|| w.unknown.to_string(), money))
    )
}

/// RFC 3339 as `2026-11-20 14:03 UTC`, or the text as stored when it does not parse.
fn created_text(raw: &str) -> String {
    DateTime::parse_from_rfc3339(raw).map_or_else(
        |_| raw.to_string(),
        |t| {
            t.with_timezone(&Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        },
    )
}

/// Open tickets, or a sentence saying there are none.
fn tickets(out: &mut String, list: &[ReportTicket], w: &Words) -> fmt::Result {
    writeln!(
        out,
        "<section aria-labelledby=\"tickets\">\n<h2 id=\"tickets\">{}</h2>",
        esc(w.tickets)
    )?;
    if list.is_empty() {
        return writeln!(out, "<p>{}</p>\n</section>", esc(w.no_tickets));
    }
    writeln!(out, "<div class=\"scroll\">\n<table class=\"tickets\">")?;
    let columns = [
        (w.ticket_id, true),
        (w.ticket_kind, false),
        (w.ticket_status, false),
        (w.ticket_summary, false),
        (w.ticket_reservation, false),
        (w.ticket_ms, false),
        (w.ticket_created, false),
    ];
    table_head(out, &columns)?;
    for t in list {
        writeln!(
            out,
            "<tr><td class=\"num\">#{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"mono small\">{}</span></td><td class=\"mono\">{}</td><td class=\"num\">{}</td></tr>",
            t.id,
            esc(w.kind(t.kind)),
            esc(w.ticket(t.status)),
            esc(&t.summary),
            esc(t.reservation_id.as_deref().unwrap_or(w.none)),
            esc(t.ms_ticket_number.as_deref().unwrap_or(w.none)),
            esc(&created_text(&t.created_at))
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")
}

/// A term in bold.
fn strong(term: &str) -> String {
    format!("<strong>{}</strong>", esc(term))
}

/// How the figures are computed.
fn footer(out: &mut String, r: &CustomerReport, w: &Words) -> fmt::Result {
    let h = &r.headroom;
    writeln!(out, "<footer>\n<h2>{}</h2>\n<ul>", esc(w.how_computed))?;
    let threshold = esc(&pct_text(&r.underuse_threshold_percent)).to_string();
    let items = [
        fill_html(
            w.how_unused,
            &[("term", &strong(w.term_unused)), ("threshold", &threshold)],
        ),
        fill_html(
            w.how_headroom,
            &[
                ("term", &strong(w.term_headroom)),
                ("days", &h.window_days.to_string()),
                ("date", &h.policy_from.to_string()),
            ],
        ),
        fill_html(
            w.how_active,
            &[
                ("active", &strong(w.term_active)),
                ("expiring", &strong(w.term_expiring)),
            ],
        ),
        fill_html(w.how_utilization, &[]),
    ];
    for item in items {
        writeln!(out, "<li>{item}</li>")?;
    }
    writeln!(out, "</ul>")?;
    writeln!(
        out,
        "<p>{}</p>\n</footer>",
        esc(&fill(
            w.generated,
            &[
                ("product", w.product),
                ("version", env!("CARGO_PKG_VERSION")),
                ("date", &r.as_of.to_string()),
            ]
        ))
    )
}

#[cfg(test)]
mod tests {
    use super::super::{ReportHeadroom, ReportReservation, ReportTicket};
    use super::*;
    use crate::app::dto::{CustomerSummary, ReservationSummary};
    use crate::domain::reservation::ResourceType;
    use crate::domain::scope::ScopeType;
    use crate::domain::ticket::{TicketKind, TicketStatus};

    /// Fails, naming every one of `needles` that `html` lacks.
    fn assert_has(html: &str, needles: &[&str]) {
        let missing: Vec<&str> = needles
            .iter()
            .copied()
            .filter(|n| !html.contains(n))
            .collect();
        assert!(missing.is_empty(), "missing from the report: {missing:?}");
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn m(amount: &str, currency: &str) -> MoneyView {
        MoneyView {
            amount: amount.into(),
            currency: currency.into(),
        }
    }

    fn reservation(name: &str, util_30d: Option<&str>, under: bool) -> ReportReservation {
        ReportReservation {
            id: "11111111-2222-3333-4444-555555555555".into(),
            order_id: "66666666-7777-8888-9999-000000000000".into(),
            name: name.into(),
            summary: ReservationSummary {
                resource_type: ResourceType::VirtualMachines,
                sku: "Standard_D4s_v5".into(),
                region: "westeurope".into(),
                quantity: 4,
                scope_type: ScopeType::Shared,
                status: Status::Expiring,
                renew: false,
                expiry_date: d("2026-12-10"),
                days_left: 16,
                utilization_7d: util_30d.map(str::to_string),
                utilization_30d: util_30d.map(str::to_string),
            },
            under_utilized: under,
            price: Some(m("12345.60", "EUR")),
            unused_30d: Some(m("210.75", "EUR")),
            daily: vec![
                (d("2026-11-20"), Some("40".into())),
                (d("2026-11-21"), Some("42.5".into())),
                (d("2026-11-22"), None),
                (d("2026-11-23"), Some("45".into())),
                (d("2026-11-24"), Some("44".into())),
            ],
        }
    }

    fn report() -> CustomerReport {
        let hostile =
            "Contoso <img src=x onerror=alert(1)> & \"Sons\" </style><script>alert(2)</script>";
        CustomerReport {
            as_of: d("2026-11-24"),
            customer: CustomerSummary {
                tenant_id: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee".into(),
                name: hostile.into(),
                primary_domain: "contoso.onmicrosoft.com".into(),
                billing_currency: "EUR".into(),
                country: "DE".into(),
                subscription_count: 2,
                reservation_count: 2,
                active_reservation_count: 2,
                nearest_expiry: Some(d("2026-12-10")),
                nearest_expiry_days_left: Some(16),
                total_commitment: m("24691.20", "EUR"),
                total_commitment_usd: m("26000.00", "USD"),
                reservations_without_price: 0,
            },
            headroom: ReportHeadroom {
                limit: m("50000.00", "USD"),
                used: m("8000.00", "USD"),
                available: m("42000.00", "USD"),
                window_days: 365,
                policy_from: d("2025-01-01"),
            },
            underuse_threshold_percent: "80".into(),
            commitment: m("1234567.89", "EUR"),
            reservations_without_price: 0,
            unused_30d: m("210.75", "EUR"),
            expiring_90d: 2,
            expiring_90d_renewing: 1,
            under_utilized: 1,
            reservations: vec![
                reservation("<img src=x onerror=alert(3)>'vm'", Some("44.87"), true),
                {
                    let mut x = reservation("SQL prod", Some("96"), false);
                    x.summary = ReservationSummary {
                        expiry_date: d("2027-03-01"),
                        days_left: 97,
                        status: Status::Succeeded,
                        renew: true,
                        ..x.summary
                    };
                    x
                },
            ],
            open_tickets: vec![],
        }
    }

    #[test]
    fn report_escapes_hostile_names() {
        let html = render(&report(), ReportLanguage::En);
        assert_has(
            &html,
            &[
                "&lt;img src=x onerror=alert(1)&gt;",
                "&lt;img src=x onerror=alert(3)&gt;&#39;vm&#39;",
                "&amp; &quot;Sons&quot;",
            ],
        );
        assert!(!html.contains("<img"));
        assert!(!html.to_ascii_lowercase().contains("<script"));
        assert_eq!(html.matches("</style>").count(), 1, "only the page's own");
    }

    #[test]
    fn report_is_a_self_contained_page() {
        let html = render(&report(), ReportLanguage::En);
        assert!(html.starts_with("<!doctype html>"));
        assert_has(
            &html,
            &[
                "<html lang=\"en\">",
                "<meta charset=\"utf-8\">",
                "Content-Security-Policy",
            ],
        );
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(
            !html.contains("http:") && !html.contains("https:"),
            "no URLs"
        );
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<link"));
        assert!(!html.contains("url("), "no fetched CSS resources");
        assert_has(
            &html,
            &[
                "@media print",
                "@page { size: A4; margin: 14mm; }",
                "thead { display: table-header-group; }",
                "break-inside: avoid",
            ],
        );
    }

    #[test]
    fn report_shows_header_and_key_figures() {
        let html = render(&report(), ReportLanguage::En);
        assert_has(
            &html,
            &[
                "Reservation review — Contoso &lt;img",
                "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                "2026-11-24",
                "24 November 2026",
            ],
        );
        assert!(html.contains("1,234,567.89 EUR"), "active commitment");
        assert!(html.contains("210.75 EUR"), "unused commitment");
        assert_has(
            &html,
            &[
                "below 80 % on both 7- and 30-day averages",
                "1 reservation under-utilized",
            ],
        );
        assert!(html.contains("2 reservations"), "expiring within 90 days");
        assert_has(
            &html,
            &[
                "1 of 2 set to renew",
                "42,000.00 USD",
                "Available of 50,000.00 USD limit",
                "8,000.00 USD used in the rolling 365 days; policy from 2025-01-01",
                "How the figures are computed",
                "exchanges do not count",
                "Generated by Reservation Desk",
            ],
        );
    }

    #[test]
    fn reservations_without_a_known_price_are_said_to_be_left_out() {
        let mut r = report();
        assert!(!render(&r, ReportLanguage::En).contains("without a known price"));
        r.reservations_without_price = 2;
        assert!(render(&r, ReportLanguage::En).contains("2 without a known price are left out."));
        assert!(render(&r, ReportLanguage::ZhCn).contains("2 个价格未知的预留未计入。"));
    }

    #[test]
    fn report_draws_charts_with_threshold() {
        let html = render(&report(), ReportLanguage::En);
        assert_has(
            &html,
            &["<svg class=\"util-chart\"", "<svg class=\"expiry-chart\""],
        );
        assert!(
            html.contains("<line class=\"threshold\" x1=\"566.0\""),
            "80 % of the bar width"
        );
        assert!(html.contains("stroke-dasharray"));
        assert!(
            html.contains("▼ 44.9 %"),
            "below threshold marked by a symbol, one decimal"
        );
        assert_has(
            &html,
            &[
                ">96 %</text>",
                "<title>Expiries by month, November 2026 to October 2027: 2 active reservations</title>",
                "<title>December 2026: 1 expiry</title>",
                "<title>March 2027: 1 expiry</title>",
            ],
        );
        for svg in html.split("<svg").skip(1) {
            assert!(
                svg.contains("<title>") && svg.contains("aria-label="),
                "every svg is titled"
            );
        }
    }

    #[test]
    fn report_sparkline_leaves_gaps() {
        let html = render(&report(), ReportLanguage::En);
        let spark = html
            .split("<svg class=\"spark\"")
            .nth(1)
            .and_then(|s| s.split("</svg>").next())
            .expect("a sparkline");
        assert!(spark.contains("1 day without data"));
        assert_eq!(
            spark.matches("<polyline").count(),
            2,
            "the gap splits the line"
        );
        assert!(spark.contains("class=\"threshold\""));
    }

    #[test]
    fn report_table_groups_money_and_counts_days() {
        let html = render(&report(), ReportLanguage::En);
        assert_has(
            &html,
            &[
                "12,345.60 EUR",
                "16 days left",
                "tabular-nums",
                "Virtual machine",
                "<td>Shared</td>",
                "<td>Yes</td>",
                "<td>No</td>",
            ],
        );
    }

    #[test]
    fn report_lists_tickets_or_says_none() {
        let mut r = report();
        assert!(render(&r, ReportLanguage::En).contains("No open support tickets."));
        r.open_tickets.push(ReportTicket {
            id: 7,
            kind: TicketKind::Refund,
            status: TicketStatus::Submitted,
            summary: "Refund <b>2</b> VMs".into(),
            reservation_id: Some("11111111-2222-3333-4444-555555555555".into()),
            ms_ticket_number: Some("2611240010001234".into()),
            created_at: "2026-11-20T14:03:00+01:00".into(),
        });
        let html = render(&r, ReportLanguage::En);
        assert!(!html.contains("No open support tickets."));
        assert_has(
            &html,
            &[
                "Refund &lt;b&gt;2&lt;/b&gt; VMs",
                "2611240010001234",
                "2026-11-20 13:03 UTC",
                "<td>Submitted</td>",
            ],
        );
    }

    #[test]
    fn helpers_format_numbers_and_days() {
        assert_eq!(group_amount("12345.60"), "12,345.60");
        assert_eq!(group_amount("-1234567"), "-1,234,567");
        assert_eq!(group_amount("999.999"), "999.999");
        assert_eq!(group_amount("0.00"), "0.00");
        assert_eq!(group_amount("1e5"), "1e5");
        assert_eq!(pct_text("87.54"), "87.5");
        assert_eq!(pct_text("100.00"), "100");
        assert_eq!(pct_text("0.05"), "0.1");
        assert_eq!(days_text(16, &words::EN), "16 days left");
        assert_eq!(days_text(1, &words::EN), "1 day left");
        assert_eq!(days_text(0, &words::EN), "expires today");
        assert_eq!(days_text(-14, &words::EN), "expired 14 days ago");
        assert_eq!(
            esc("<a href='x'>&\"").to_string(),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
        assert_eq!(human_date(d("2026-11-04"), &words::EN), "4 November 2026");
    }

    fn chinese(r: &CustomerReport) -> String {
        render(r, ReportLanguage::ZhCn)
    }

    #[test]
    fn chinese_report_sets_the_language_and_uses_the_azure_terms() {
        let html = chinese(&report());
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<html lang=\"zh-CN\">"));
        assert!(!html.contains("<html lang=\"en\">"));
        assert_has(
            &html,
            &[
                "<title>预留审阅 — Contoso &lt;img",
                "<h1>预留审阅 — Contoso &lt;img",
                "<dt>租户 ID</dt>",
            ],
        );
        assert!(
            html.contains("<time datetime=\"2026-11-24\">2026-11-24</time>（2026年11月24日）"),
            "ISO date kept, Chinese date beside it"
        );
        assert_has(&html, &["<h2 id=\"figures\">关键数据</h2>", "有效承诺"]);
        assert!(
            html.contains("1,234,567.89 EUR"),
            "money formatting unchanged"
        );
        assert_has(
            &html,
            &[
                "未使用的承诺",
                "1 个预留使用不足：7 天和 30 天平均使用率均低于 80 %。",
                "2 个中的 1 个设置为续订。",
                "<h3>剩余退款额度</h3><div class=\"big\">42,000.00 USD</div>",
                "退款限额 50,000.00 USD 中的剩余额度。",
                "有效预留的 30 天使用率",
                "<title>按月到期，2026年11月至2027年10月：2 个有效预留</title>",
                "<title>2026年12月：1 个到期</title>",
                ">11月</text>", ">2026年</text>",
                "其中 1 天无数据",
                "<h2 id=\"reservations\">预留</h2>",
                "<th scope=\"col\">范围</th>",
                "<th scope=\"col\" class=\"num\">数量</th>",
                "<th scope=\"col\">区域</th>",
                "<th scope=\"col\">每日，过去 90 天</th>",
                "<td>虚拟机</td>",
                "<td>共享</td>",
                "<td>即将到期</td>", "<td>成功</td>",
                "<td>是</td>", "<td>否</td>",
                "剩余 16 天", "剩余 97 天",
                "title=\"使用不足\">▼ </span>",
                "12,345.60 EUR",
                "<h2>数据的计算方法</h2>",
                "<li><strong>剩余退款额度</strong> = 退款限额 − 过去 365 天内的退款（交换不计入），以 USD 计；限额策略自 2025-01-01 起生效。</li>",
                "<strong>有效承诺</strong>是尚未结束的预留",
                "由 Reservation Desk ",
            ],
        );
    }

    /// What a reader meets in `html`: the text between the tags, and the `title` and
    /// `aria-label` attributes (class names and ids are not read).
    fn readable(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            text.push('\n');
            let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
            let tag = &rest[open..close];
            for attr in ["title=\"", "aria-label=\""] {
                for value in tag.split(attr).skip(1) {
                    text.push_str(value.split('"').next().unwrap_or(""));
                    text.push('\n');
                }
            }
            rest = &rest[close..];
        }
        text.push_str(rest);
        text
    }

    #[test]
    fn chinese_report_leaves_no_english_text() {
        let html = chinese(&report());
        let body = readable(html.split("</style>").nth(1).expect("a body"));
        let zh = words::ZH_CN.entries();
        let mut checked = 0;
        for (name, en) in words::EN.entries() {
            for piece in words::pieces(en) {
                let Piece::Text(text) = piece else { continue };
                let text = text.trim_matches(|c: char| !c.is_alphanumeric());
                if text.len() < 4 || zh.iter().any(|(_, z)| z.contains(text)) {
                    continue;
                }
                assert!(!body.contains(text), "{name}: {text:?} left in English");
                checked += 1;
            }
        }
        assert!(checked > 80, "the check reads the whole table ({checked})");
        for month in words::EN.months {
            assert!(!body.contains(month), "{month} left in English");
        }
        let english = render(&report(), ReportLanguage::En);
        assert!(readable(&english).contains("Key figures"));
        assert!(
            !english
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "and the English page has no Chinese"
        );
    }

    #[test]
    fn chinese_report_still_escapes_hostile_names() {
        let mut r = report();
        r.open_tickets.push(ReportTicket {
            id: 9,
            kind: TicketKind::Exchange,
            status: TicketStatus::Draft,
            summary: "<script>alert(4)</script>".into(),
            reservation_id: None,
            ms_ticket_number: None,
            created_at: "2026-11-20T14:03:00Z".into(),
        });
        let html = chinese(&r);
        assert_has(
            &html,
            &[
                "&lt;img src=x onerror=alert(1)&gt;",
                "&lt;img src=x onerror=alert(3)&gt;&#39;vm&#39;",
                "&amp; &quot;Sons&quot;",
                "&lt;script&gt;alert(4)&lt;/script&gt;",
            ],
        );
        assert!(!html.contains("<img"));
        assert!(!html.to_ascii_lowercase().contains("<script"));
        assert_eq!(html.matches("</style>").count(), 1, "only the page's own");
        assert_has(
            &html,
            &[
                "<h2 id=\"tickets\">未结的支持请求</h2>",
                "<th scope=\"col\">预留 ID</th>",
                "<td>交换</td><td>草稿</td>",
            ],
        );
        assert!(!html.contains("没有未结的支持请求。"));
        assert!(chinese(&report()).contains("<p>没有未结的支持请求。</p>"));
    }

    #[test]
    fn chinese_helpers_write_dates_and_days() {
        let zh = &words::ZH_CN;
        assert_eq!(human_date(d("2026-11-24"), zh), "2026年11月24日");
        assert_eq!(human_date(d("2027-01-05"), zh), "2027年1月5日");
        assert_eq!(month_year(d("2027-03-01"), zh), "2027年3月");
        assert_eq!(days_text(16, zh), "剩余 16 天");
        assert_eq!(days_text(1, zh), "剩余 1 天");
        assert_eq!(days_text(0, zh), "今天到期");
        assert_eq!(days_text(-14, zh), "已过期 14 天");
        assert_eq!(month_year(d("2027-03-01"), &words::EN), "March 2027");
    }

    #[test]
    fn fill_html_escapes_the_template_but_not_the_markup() {
        assert_eq!(
            fill_html("{a} < b & {c}", &[("a", "<b>x</b>")]),
            "<b>x</b> &lt; b &amp; {c}"
        );
    }
}
