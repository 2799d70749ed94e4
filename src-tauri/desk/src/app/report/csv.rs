//! The report as CSV: one row per reservation, money in the billing currency, for spreadsheets.
//! Every cell is quoted when it needs to be, and a cell that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed with `'`. Numbers, dates and
//! codes this program writes itself are left as they are, so a negative `days_left` stays a number.

use super::CustomerReport;

const HEADER: [&str; 22] = [
    "customer",
    "tenant_id",
    "reservation_id",
    "reservation_order_id",
    "name",
    "type",
    "sku",
    "region",
    "quantity",
    "scope",
    "status",
    "renew",
    "expiry_date",
    "days_left",
    "utilization_7d_percent",
    "utilization_30d_percent",
    "under_utilized",
    "commitment",
    "unused_30d",
    "currency",
    "refund_headroom_usd",
    "report_date",
];

/// One CSV cell of free text (names from imported files): control and bidi characters shown as
/// placeholders (a newline or tab stays, quoted), formulas defused, quoted when needed.
pub(in crate::app) fn cell(raw: &str) -> String {
    let raw: &str = &crate::text::inert_text(raw);
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Renders the CSV (CRLF line ends, as RFC 4180 writes them).
pub fn render(r: &CustomerReport) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for x in &r.reservations {
        let line = [
            cell(&r.customer.name),
            r.customer.tenant_id.clone(),
            x.id.clone(),
            x.order_id.clone(),
            cell(&x.name),
            json_name(&x.summary.resource_type),
            cell(&x.summary.sku),
            cell(&x.summary.region),
            x.summary.quantity.to_string(),
            json_name(&x.summary.scope_type),
            json_name(&x.summary.status),
            x.summary.renew.to_string(),
            x.summary.expiry_date.to_string(),
            x.summary.days_left.to_string(),
            x.summary.utilization_7d.clone().unwrap_or_default(),
            x.summary.utilization_30d.clone().unwrap_or_default(),
            x.under_utilized.to_string(),
            // An unknown price is an empty cell, never 0.
            x.price
                .as_ref()
                .map(|p| p.amount.clone())
                .unwrap_or_default(),
            x.unused_30d
                .as_ref()
                .map(|u| u.amount.clone())
                .unwrap_or_default(),
            x.price
                .as_ref()
                .map(|p| p.currency.clone())
                .unwrap_or_default(),
            r.headroom.available.amount.clone(),
            r.as_of.to_string(),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell("-x"), "'-x");
    }
}
