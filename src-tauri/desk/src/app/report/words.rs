//! Every text of the HTML report, in English and in Simplified Chinese (terms as Microsoft's zh-CN
//! Azure documentation writes them: 预留, 范围, 使用率, 退款, 交换, 剩余退款额度, 支持请求 …).
//!
//! A text is plain (no markup) and may hold `{name}` placeholders that `fill` replaces; counted
//! texts come as a `_one` / `_other` pair, the number in `{n}`. The page escapes what it writes.

use super::ReportLanguage;
use crate::domain::reservation::{ResourceType, Status};
use crate::domain::scope::ScopeType;
use crate::domain::ticket::{TicketKind, TicketStatus};

/// Declares `Words` with one `&'static str` field per text (and, for the tests, their list).
macro_rules! word_table {
    ($($(#[doc = $doc:literal])+ $field:ident,)+) => {
        /// The texts of the report in one language.
        #[derive(Debug)]
        pub struct Words {
            /// Month names (January first), as dates are written.
            pub months: [&'static str; 12],
            /// Short month names (January first), under the expiry chart's columns.
            pub months_short: [&'static str; 12],
            $($(#[doc = $doc])+ pub $field: &'static str,)+
        }

        impl Words {
            /// Every text field, by name (month names excluded).
            #[cfg(test)]
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field)),+]
            }
        }
    };
}

word_table! {
    /// The page's `lang` attribute.
    lang,
    /// `{d}` day, `{month}` month name, `{y}` year.
    date,
    /// `{month}` month name, `{y}` year.
    month_year,
    /// `{y}` year, under the expiry chart's January column.
    year,
    /// The product, in the page's `generator` meta.
    product,
    /// Shown for a missing value.
    none,
    /// The document title: `{name}`, `{date}` (the UI reads the customer's name back between the dashes).
    title,
    /// The page heading: `{name}`.
    heading,
    /// Customer fact.
    tenant_id,
    /// Customer fact.
    primary_domain,
    /// Customer fact.
    country,
    /// Customer fact.
    billing_currency,
    /// The report day's label.
    as_of,
    /// The report day: `{iso}` date, `{date}` in words.
    as_of_value,
    /// Section heading.
    key_figures,
    /// Card title.
    active_commitment,
    /// Card line: `{n}` active reservations.
    active_commitment_note_one,
    /// Card line: `{n}` active reservations.
    active_commitment_note_other,
    /// Card line: `{n}` active reservations without a known price.
    without_price_note,
    /// Card title.
    unused_30d,
    /// Card line: `{n}` reservations, `{threshold}` percent.
    unused_note_one,
    /// Card line: `{n}` reservations, `{threshold}` percent.
    unused_note_other,
    /// Card title.
    expiring_90d,
    /// `{n}` reservations.
    reservations_one,
    /// `{n}` reservations.
    reservations_other,
    /// Card line: `{renewing}` of `{total}`.
    renewing_note,
    /// Card title.
    headroom,
    /// Card line: `{limit}` money.
    headroom_available,
    /// Card line: `{used}` money, `{days}` window, `{date}` policy start.
    headroom_used,
    /// Section heading.
    charts,
    /// Chart heading.
    utilization_heading,
    /// Shown instead of the utilization chart.
    no_active_reservations,
    /// Chart title: `{n}` reservations, `{threshold}` percent.
    utilization_title,
    /// A bar's tooltip: `{name}`, `{value}`.
    bar_title,
    /// A bar without a value.
    no_data,
    /// A figure no imported file gave (a price), never shown as 0.
    unknown,
    /// The threshold line's tooltip: `{threshold}` percent.
    threshold,
    /// Chart caption: `{threshold}` percent.
    utilization_caption,
    /// Chart heading.
    expiry_heading,
    /// Chart title: `{from}`, `{to}` months, `{n}` active reservations.
    expiry_title_one,
    /// Chart title: `{from}`, `{to}` months, `{n}` active reservations.
    expiry_title_other,
    /// A column's tooltip: `{month}`, `{n}` expiries.
    month_expiries_one,
    /// A column's tooltip: `{month}`, `{n}` expiries.
    month_expiries_other,
    /// Chart caption: `{date}` report day, `{total}` reservations.
    expiry_caption,
    /// A sparkline's title: `{from}`, `{to}` dates, `{n}` days, `{gaps}` (empty or a gap text).
    spark_title,
    /// Appended to a sparkline's title: `{n}` days without data.
    spark_gaps_one,
    /// Appended to a sparkline's title: `{n}` days without data.
    spark_gaps_other,
    /// Section heading.
    reservations,
    /// Shown instead of the table.
    no_reservations,
    /// Table caption: `{n}` reservations, `{threshold}` percent.
    reservations_caption_one,
    /// Table caption: `{n}` reservations, `{threshold}` percent.
    reservations_caption_other,
    /// Column.
    col_name,
    /// Column.
    col_type,
    /// Column.
    col_sku,
    /// Column.
    col_region,
    /// Column.
    col_quantity,
    /// Column.
    col_scope,
    /// Column.
    col_status,
    /// Column.
    col_renew,
    /// Column.
    col_expiry,
    /// Column.
    col_7d,
    /// Column.
    col_30d,
    /// Column: `{days}`.
    col_daily,
    /// Column.
    col_commitment,
    /// Column.
    col_unused,
    /// Renew: on.
    yes,
    /// Renew: off.
    no,
    /// Tooltip of the ▼ mark.
    under_utilized,
    /// `{n}` days to expiry.
    days_left_one,
    /// `{n}` days to expiry.
    days_left_other,
    /// Zero days to expiry.
    expires_today,
    /// `{n}` days past expiry.
    expired_ago_one,
    /// `{n}` days past expiry.
    expired_ago_other,
    /// Resource type.
    type_virtual_machines,
    /// Resource type.
    type_sql_databases,
    /// Resource type.
    type_cosmos_db,
    /// Resource type.
    type_app_service,
    /// Resource type.
    type_dedicated_host,
    /// Resource type.
    type_avs,
    /// Resource type.
    type_red_hat,
    /// Resource type.
    type_suse_linux,
    /// Status.
    status_succeeded,
    /// Status.
    status_expiring,
    /// Status.
    status_expired,
    /// Status.
    status_cancelled,
    /// Status.
    status_failed,
    /// Scope type.
    scope_single,
    /// Scope type.
    scope_resource_group,
    /// Scope type.
    scope_shared,
    /// Scope type.
    scope_management_group,
    /// Section heading.
    tickets,
    /// Shown instead of the table.
    no_tickets,
    /// Column.
    ticket_id,
    /// Column.
    ticket_kind,
    /// Column.
    ticket_status,
    /// Column.
    ticket_summary,
    /// Column.
    ticket_reservation,
    /// Column.
    ticket_ms,
    /// Column.
    ticket_created,
    /// Ticket kind.
    kind_refund,
    /// Ticket kind.
    kind_exchange,
    /// Ticket kind.
    kind_other,
    /// Ticket status.
    ticket_draft,
    /// Ticket status.
    ticket_submitted,
    /// Ticket status.
    ticket_resolved,
    /// Ticket status.
    ticket_cancelled,
    /// Footer heading.
    how_computed,
    /// Bold term.
    term_unused,
    /// `{term}` bold term, `{threshold}` percent.
    how_unused,
    /// Bold term.
    term_headroom,
    /// `{term}` bold term, `{days}` window, `{date}` policy start.
    how_headroom,
    /// Bold term.
    term_active,
    /// Bold term.
    term_expiring,
    /// `{active}`, `{expiring}` bold terms.
    how_active,
    /// Footer item.
    how_utilization,
    /// `{product}`, `{version}`, `{date}`.
    generated,
}

/// English.
pub const EN: Words = Words {
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    lang: "en",
    date: "{d} {month} {y}",
    month_year: "{month} {y}",
    year: "{y}",
    product: "Reservation Desk",
    none: "—",
    title: "Reservation review — {name} — {date}",
    heading: "Reservation review — {name}",
    tenant_id: "Tenant ID",
    primary_domain: "Primary domain",
    country: "Country",
    billing_currency: "Billing currency",
    as_of: "As of",
    as_of_value: "{iso} ({date})",
    key_figures: "Key figures",
    active_commitment: "Active commitment",
    active_commitment_note_one: "Across {n} active reservation (over their full terms).",
    active_commitment_note_other: "Across {n} active reservations (over their full terms).",
    without_price_note: "{n} without a known price are left out.",
    unused_30d: "Unused commitment, last 30 days",
    unused_note_one:
        "{n} reservation under-utilized: below {threshold} % on both 7- and 30-day averages.",
    unused_note_other:
        "{n} reservations under-utilized: below {threshold} % on both 7- and 30-day averages.",
    expiring_90d: "Expiring within 90 days",
    reservations_one: "{n} reservation",
    reservations_other: "{n} reservations",
    renewing_note: "{renewing} of {total} set to renew.",
    headroom: "Refund headroom",
    headroom_available: "Available of {limit} limit.",
    headroom_used: "{used} used in the rolling {days} days; policy from {date}.",
    charts: "Charts",
    utilization_heading: "30-day utilization of active reservations",
    no_active_reservations: "No active reservations.",
    utilization_title:
        "30-day utilization of {n} active reservations, 0 to 100 %, threshold {threshold} %",
    bar_title: "{name}: {value}",
    no_data: "no data",
    unknown: "unknown",
    threshold: "Threshold {threshold} %",
    utilization_caption:
        "Dashed line: under-use threshold ({threshold} %). ▼ and orange: 30-day utilization below it.",
    expiry_heading: "Expiries by month, next 12 months",
    expiry_title_one: "Expiries by month, {from} to {to}: {n} active reservation",
    expiry_title_other: "Expiries by month, {from} to {to}: {n} active reservations",
    month_expiries_one: "{month}: {n} expiry",
    month_expiries_other: "{month}: {n} expiries",
    expiry_caption:
        "Active reservations by expiry month, counted from {date} ({total} in total).",
    spark_title: "Daily utilization {from} to {to} ({n} days{gaps})",
    spark_gaps_one: ", {n} day without data",
    spark_gaps_other: ", {n} days without data",
    reservations: "Reservations",
    no_reservations: "No reservations.",
    reservations_caption_one: "{n} reservation; active first, soonest expiry first. ▼ under-utilized: below {threshold} % on both 7- and 30-day averages. Commitment is over the full term; unused is over the last 30 days.",
    reservations_caption_other: "{n} reservations; active first, soonest expiry first. ▼ under-utilized: below {threshold} % on both 7- and 30-day averages. Commitment is over the full term; unused is over the last 30 days.",
    col_name: "Name",
    col_type: "Type",
    col_sku: "SKU",
    col_region: "Region",
    col_quantity: "Qty",
    col_scope: "Scope",
    col_status: "Status",
    col_renew: "Renew",
    col_expiry: "Expiry",
    col_7d: "7-day %",
    col_30d: "30-day %",
    col_daily: "Daily, last {days} days",
    col_commitment: "Commitment",
    col_unused: "Unused (30 days)",
    yes: "Yes",
    no: "No",
    under_utilized: "Under-utilized",
    days_left_one: "{n} day left",
    days_left_other: "{n} days left",
    expires_today: "expires today",
    expired_ago_one: "expired {n} day ago",
    expired_ago_other: "expired {n} days ago",
    type_virtual_machines: "Virtual machine",
    type_sql_databases: "SQL Database",
    type_cosmos_db: "Azure Cosmos DB",
    type_app_service: "App Service",
    type_dedicated_host: "Dedicated Host",
    type_avs: "Azure VMware Solution",
    type_red_hat: "Red Hat plan",
    type_suse_linux: "SUSE Linux plan",
    status_succeeded: "Succeeded",
    status_expiring: "Expiring",
    status_expired: "Expired",
    status_cancelled: "Cancelled",
    status_failed: "Failed",
    scope_single: "Single subscription",
    scope_resource_group: "Resource group",
    scope_shared: "Shared",
    scope_management_group: "Management group",
    tickets: "Open support tickets",
    no_tickets: "No open support tickets.",
    ticket_id: "ID",
    ticket_kind: "Kind",
    ticket_status: "Status",
    ticket_summary: "Summary",
    ticket_reservation: "Reservation ID",
    ticket_ms: "Microsoft ticket",
    ticket_created: "Created",
    kind_refund: "Refund",
    kind_exchange: "Exchange",
    kind_other: "Other",
    ticket_draft: "Draft",
    ticket_submitted: "Submitted",
    ticket_resolved: "Resolved",
    ticket_cancelled: "Cancelled",
    how_computed: "How the figures are computed",
    term_unused: "Unused commitment",
    how_unused: "{term} = commitment × 30 ÷ term days × (100 − 30-day utilization %) ÷ 100, in the billing currency. The key figure adds it up over the under-utilized reservations (below {threshold} % on both the 7- and the 30-day average).",
    term_headroom: "Refund headroom",
    how_headroom: "{term} = limit − refunds in the last {days} days (exchanges do not count), in USD; limit policy in force from {date}.",
    term_active: "Active commitment",
    term_expiring: "expiring",
    how_active: "{active} is the total price over the full term of the reservations that have not ended; {expiring} counts those of them ending within 90 days.",
    how_utilization: "Utilization percentages are averages of the recorded days; a gap in a daily line is a day without data.",
    generated: "Generated by {product} {version} on {date} from the data in its local store.",
};

/// Simplified Chinese.
pub const ZH_CN: Words = Words {
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    months_short: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    lang: "zh-CN",
    date: "{y}年{month}{d}日",
    month_year: "{y}年{month}",
    year: "{y}年",
    product: "Reservation Desk",
    none: "—",
    title: "预留审阅 — {name} — {date}",
    heading: "预留审阅 — {name}",
    tenant_id: "租户 ID",
    primary_domain: "主域",
    country: "国家/地区",
    billing_currency: "计费货币",
    as_of: "报告日期",
    as_of_value: "{iso}（{date}）",
    key_figures: "关键数据",
    active_commitment: "有效承诺",
    active_commitment_note_one: "涵盖 {n} 个有效预留（按全期计）。",
    active_commitment_note_other: "涵盖 {n} 个有效预留（按全期计）。",
    without_price_note: "{n} 个价格未知的预留未计入。",
    unused_30d: "未使用的承诺（过去 30 天）",
    unused_note_one: "{n} 个预留使用不足：7 天和 30 天平均使用率均低于 {threshold} %。",
    unused_note_other: "{n} 个预留使用不足：7 天和 30 天平均使用率均低于 {threshold} %。",
    expiring_90d: "90 天内到期",
    reservations_one: "{n} 个预留",
    reservations_other: "{n} 个预留",
    renewing_note: "{total} 个中的 {renewing} 个设置为续订。",
    headroom: "剩余退款额度",
    headroom_available: "退款限额 {limit} 中的剩余额度。",
    headroom_used: "滚动 {days} 天内已退款 {used}；策略自 {date} 起生效。",
    charts: "图表",
    utilization_heading: "有效预留的 30 天使用率",
    no_active_reservations: "没有有效预留。",
    utilization_title: "{n} 个有效预留的 30 天使用率，0 到 100 %，阈值 {threshold} %",
    bar_title: "{name}：{value}",
    no_data: "无数据",
    unknown: "未知",
    threshold: "阈值 {threshold} %",
    utilization_caption: "虚线：使用不足阈值 ({threshold} %)。▼ 和橙色：30 天使用率低于该阈值。",
    expiry_heading: "按月到期，今后 12 个月",
    expiry_title_one: "按月到期，{from}至{to}：{n} 个有效预留",
    expiry_title_other: "按月到期，{from}至{to}：{n} 个有效预留",
    month_expiries_one: "{month}：{n} 个到期",
    month_expiries_other: "{month}：{n} 个到期",
    expiry_caption: "按到期月份统计的有效预留，自 {date} 起计（共 {total} 个）。",
    spark_title: "每日使用率 {from} 至 {to}（{n} 天{gaps}）",
    spark_gaps_one: "，其中 {n} 天无数据",
    spark_gaps_other: "，其中 {n} 天无数据",
    reservations: "预留",
    no_reservations: "没有预留。",
    reservations_caption_one: "{n} 个预留；有效预留在前，最早到期的排在最前。▼ 使用不足：7 天和 30 天平均使用率均低于 {threshold} %。承诺按全期计；未使用按过去 30 天计。",
    reservations_caption_other: "{n} 个预留；有效预留在前，最早到期的排在最前。▼ 使用不足：7 天和 30 天平均使用率均低于 {threshold} %。承诺按全期计；未使用按过去 30 天计。",
    col_name: "名称",
    col_type: "类型",
    col_sku: "SKU",
    col_region: "区域",
    col_quantity: "数量",
    col_scope: "范围",
    col_status: "状态",
    col_renew: "续订",
    col_expiry: "到期",
    col_7d: "7 天 %",
    col_30d: "30 天 %",
    col_daily: "每日，过去 {days} 天",
    col_commitment: "承诺",
    col_unused: "未使用（30 天）",
    yes: "是",
    no: "否",
    under_utilized: "使用不足",
    days_left_one: "剩余 {n} 天",
    days_left_other: "剩余 {n} 天",
    expires_today: "今天到期",
    expired_ago_one: "已过期 {n} 天",
    expired_ago_other: "已过期 {n} 天",
    type_virtual_machines: "虚拟机",
    type_sql_databases: "SQL 数据库",
    type_cosmos_db: "Azure Cosmos DB",
    type_app_service: "应用服务",
    type_dedicated_host: "专用主机",
    type_avs: "Azure VMware 解决方案",
    type_red_hat: "Red Hat 计划",
    type_suse_linux: "SUSE Linux 计划",
    status_succeeded: "成功",
    status_expiring: "即将到期",
    status_expired: "已过期",
    status_cancelled: "已取消",
    status_failed: "失败",
    scope_single: "单一订阅",
    scope_resource_group: "单一资源组",
    scope_shared: "共享",
    scope_management_group: "管理组",
    tickets: "未结的支持请求",
    no_tickets: "没有未结的支持请求。",
    ticket_id: "ID",
    ticket_kind: "类型",
    ticket_status: "状态",
    ticket_summary: "摘要",
    ticket_reservation: "预留 ID",
    ticket_ms: "Microsoft 支持请求编号",
    ticket_created: "创建时间",
    kind_refund: "退款",
    kind_exchange: "交换",
    kind_other: "其他请求",
    ticket_draft: "草稿",
    ticket_submitted: "已提交",
    ticket_resolved: "已解决",
    ticket_cancelled: "已取消",
    how_computed: "数据的计算方法",
    term_unused: "未使用的承诺",
    how_unused: "{term} = 承诺 × 30 ÷ 期限天数 × (100 − 30 天使用率 %) ÷ 100，以计费货币计。关键数据对使用不足的预留（7 天和 30 天平均使用率均低于 {threshold} %）求和。",
    term_headroom: "剩余退款额度",
    how_headroom: "{term} = 退款限额 − 过去 {days} 天内的退款（交换不计入），以 USD 计；限额策略自 {date} 起生效。",
    term_active: "有效承诺",
    term_expiring: "即将到期",
    how_active: "{active}是尚未结束的预留的全期价格之和；{expiring}统计其中在 90 天内结束的预留。",
    how_utilization: "使用率百分比是有记录天数的平均值；每日折线中的缺口表示当天没有数据。",
    generated: "由 {product} {version} 于 {date} 根据其本地存储中的数据生成。",
};

/// The texts of `lang`.
pub fn words(lang: ReportLanguage) -> &'static Words {
    match lang {
        ReportLanguage::En => &EN,
        ReportLanguage::ZhCn => &ZH_CN,
    }
}

/// A piece of a text: literal text, or the name of a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Written as it is.
    Text(&'a str),
    /// `{name}`.
    Arg(&'a str),
}

/// Splits a text into literal runs and `{name}` placeholders (a brace that opens no
/// `{identifier}` stays literal text).
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after.find('}').filter(|&n| {
            n > 0
                && after[..n]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        match name_len {
            Some(n) => {
                if open > 0 {
                    out.push(Piece::Text(&rest[..open]));
                }
                out.push(Piece::Arg(&after[..n]));
                rest = &after[n + 1..];
            }
            None => {
                out.push(Piece::Text(&rest[..=open]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Fills the `{name}` placeholders of `template` with `args`; an unknown one stays as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Arg(name) => match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The `_one` text for 1, the `_other` text otherwise, with `{n}` filled.
pub fn counted(n: impl Into<i64>, one: &str, other: &str) -> String {
    let n = n.into();
    fill(if n == 1 { one } else { other }, &[("n", &n.to_string())])
}

impl Words {
    /// The resource type in words.
    pub fn resource_type(&self, t: ResourceType) -> &'static str {
        match t {
            ResourceType::VirtualMachines => self.type_virtual_machines,
            ResourceType::SqlDatabases => self.type_sql_databases,
            ResourceType::CosmosDb => self.type_cosmos_db,
            ResourceType::AppService => self.type_app_service,
            ResourceType::DedicatedHost => self.type_dedicated_host,
            ResourceType::Avs => self.type_avs,
            ResourceType::RedHat => self.type_red_hat,
            ResourceType::SuseLinux => self.type_suse_linux,
        }
    }

    /// The status on the report day in words.
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Succeeded => self.status_succeeded,
            Status::Expiring => self.status_expiring,
            Status::Expired => self.status_expired,
            Status::Cancelled => self.status_cancelled,
            Status::Failed => self.status_failed,
        }
    }

    /// The scope type in words.
    pub fn scope(&self, s: ScopeType) -> &'static str {
        match s {
            ScopeType::Single => self.scope_single,
            ScopeType::ResourceGroup => self.scope_resource_group,
            ScopeType::Shared => self.scope_shared,
            ScopeType::ManagementGroup => self.scope_management_group,
        }
    }

    /// The ticket kind in words.
    pub fn kind(&self, k: TicketKind) -> &'static str {
        match k {
            TicketKind::Refund => self.kind_refund,
            TicketKind::Exchange => self.kind_exchange,
            TicketKind::Other => self.kind_other,
        }
    }

    /// The ticket status in words.
    pub fn ticket(&self, s: TicketStatus) -> &'static str {
        match s {
            TicketStatus::Draft => self.ticket_draft,
            TicketStatus::Submitted => self.ticket_submitted,
            TicketStatus::Resolved => self.ticket_resolved,
            TicketStatus::Cancelled => self.ticket_cancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn args_of(template: &str) -> BTreeSet<&str> {
        pieces(template)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Arg(a) => Some(a),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn both_languages_fill_the_same_placeholders() {
        let (en, zh) = (EN.entries(), ZH_CN.entries());
        assert_eq!(en.len(), zh.len());
        for ((name, e), (_, z)) in en.iter().zip(&zh) {
            assert_eq!(args_of(e), args_of(z), "{name}: {e:?} vs {z:?}");
            assert!(
                !e.trim().is_empty() && !z.trim().is_empty(),
                "{name} is empty"
            );
        }
    }

    #[test]
    fn texts_are_plain_text() {
        for w in [&EN, &ZH_CN] {
            let months = w.months.iter().chain(&w.months_short);
            for (name, text) in w.entries().into_iter().chain(months.map(|m| ("month", *m))) {
                assert!(
                    !text.contains(['<', '>', '&', '"', '\'']),
                    "{name} holds markup: {text:?}"
                );
            }
        }
    }

    #[test]
    fn the_chinese_texts_use_the_azure_terms() {
        assert_eq!(ZH_CN.lang, "zh-CN");
        assert_eq!(words(ReportLanguage::ZhCn).reservations, "预留");
        assert_eq!(ZH_CN.headroom, "剩余退款额度");
        assert_eq!(ZH_CN.col_scope, "范围");
        assert_eq!(ZH_CN.ticket_reservation, "预留 ID");
        assert_eq!(
            ZH_CN.resource_type(ResourceType::Avs),
            "Azure VMware 解决方案"
        );
        assert_eq!(ZH_CN.status(Status::Expiring), "即将到期");
        assert_eq!(ZH_CN.scope(ScopeType::ResourceGroup), "单一资源组");
        assert_eq!(ZH_CN.kind(TicketKind::Exchange), "交换");
        assert_eq!(words(ReportLanguage::En).lang, "en");
        for t in ResourceType::ALL {
            assert_eq!(
                EN.resource_type(t),
                t.label(),
                "English matches the domain's labels"
            );
        }
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
        assert_eq!(fill("{a} {missing}", &[("a", "x")]), "x {missing}");
        assert_eq!(fill("{ not a name } {}", &[]), "{ not a name } {}");
        assert_eq!(
            fill("{a}", &[("a", "{b}"), ("b", "no")]),
            "{b}",
            "values are not refilled"
        );
        assert_eq!(counted(1, "{n} day", "{n} days"), "1 day");
        assert_eq!(counted(-3, "{n} day", "{n} days"), "-3 days");
    }
}
