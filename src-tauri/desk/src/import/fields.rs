//! The JSON field reader the Azure and Partner Center parsers share: values looked up by path
//! (keys in any case), each bad one reported at its JSON path with what was found.

use super::azure::scope_type_of;
use super::ctx::{Ctx, Loc};
use super::json::{self, found, get};
use super::values::{self, NotExact};
use crate::domain::money::{Currency, Money};
use crate::domain::scope::{Scope, ScopeType};
use crate::records::Entity;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The longest free-text value accepted (display names, SKUs, regions, names, domains):
/// hostile files carry megabyte strings, and no Azure or Partner Center name is that long.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// Reads the fields of one item, reporting each bad one at its JSON path (`base` + the field's
/// path) and remembering whether the item had a problem. Shared by the Azure and Partner Center parsers.
#[derive(Debug)]
pub struct Fields<'v, 'c, 'a> {
    item: &'v Value,
    base: String,
    ctx: &'c mut Ctx<'a>,
    ok: bool,
}

impl<'v, 'c, 'a> Fields<'v, 'c, 'a> {
    /// Fields of `item`, found at JSON path `base`.
    pub fn new(ctx: &'c mut Ctx<'a>, item: &'v Value, base: String) -> Self {
        Self {
            item,
            base,
            ctx,
            ok: true,
        }
    }

    /// No problem so far.
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// The item's location.
    pub fn loc(&self) -> Loc {
        Loc::path(self.base.clone())
    }

    /// Back to the context, to emit records.
    pub fn into_ctx(self) -> &'c mut Ctx<'a> {
        self.ctx
    }

    /// The context, e.g. for `--customer`.
    pub fn ctx_mut(&mut self) -> &mut Ctx<'a> {
        self.ctx
    }

    /// Skips the item with a reason.
    pub fn skip(&mut self, entity: Entity, reason: &str) {
        let loc = self.loc();
        self.ctx.skip(entity, &loc, reason);
    }

    /// The value at `rel` (`a.b[2].c`, keys in any case); `null` counts as absent.
    pub fn get(&self, rel: &str) -> Option<&'v Value> {
        let mut cur = self.item;
        for seg in rel.split('.').filter(|s| !s.is_empty()) {
            let (name, mut idx) = match seg.find('[') {
                Some(i) => (&seg[..i], &seg[i..]),
                None => (seg, ""),
            };
            if !name.is_empty() {
                cur = get(cur, name)?;
            }
            while let Some(rest) = idx.strip_prefix('[') {
                let end = rest.find(']')?;
                let n: usize = rest[..end].parse().ok()?;
                cur = cur.as_array()?.get(n)?;
                idx = &rest[end + 1..];
            }
        }
        (!cur.is_null()).then_some(cur)
    }

    /// Reports `rel` as bad, with what was found there.
    pub fn bad(&mut self, rel: &str, expected: impl Into<String>) {
        let found = found(self.get(rel));
        let path = if rel.is_empty() {
            self.base.clone()
        } else {
            format!("{}.{rel}", self.base)
        };
        let field = field_name(rel);
        let field = (!field.is_empty()).then_some(field);
        let id = json::str_of(self.item, "id").or_else(|| json::str_of(self.item, "name"));
        self.ctx
            .row_problem(&Loc::path(path), id, field.as_deref(), found, expected);
        self.ok = false;
    }

    /// An object at `rel`; anything else but absence is a problem.
    pub fn object(&mut self, rel: &str) -> Option<&'v Map<String, Value>> {
        match self.get(rel) {
            None => None,
            Some(Value::Object(m)) => Some(m),
            Some(_) => {
                self.bad(rel, "an object");
                None
            }
        }
    }

    /// An array at `rel`; anything else but absence is a problem.
    pub fn array(&mut self, rel: &str) -> Option<&'v Vec<Value>> {
        match self.get(rel) {
            None => None,
            Some(Value::Array(a)) => Some(a),
            Some(_) => {
                self.bad(rel, "an array");
                None
            }
        }
    }

    /// A non-empty string at `rel`, trimmed; another type (a number too) is a problem.
    pub fn string(&mut self, rel: &str) -> Option<&'v str> {
        let v = self.get(rel)?;
        match json::string(v) {
            Some(s) => Some(s.trim()).filter(|s| !s.is_empty()),
            None => {
                self.bad(rel, "a string");
                None
            }
        }
    }

    /// Free text (a name): a string of at most [`MAX_TEXT_CHARS`] characters, kept verbatim.
    pub fn text(&mut self, rel: &str) -> Option<String> {
        let s = self.string(rel)?;
        if s.len() > MAX_TEXT_CHARS && s.chars().count() > MAX_TEXT_CHARS {
            self.bad(rel, format!("text of at most {MAX_TEXT_CHARS} characters"));
            return None;
        }
        Some(s.to_string())
    }

    /// A string at `rel` that `f` accepts.
    pub fn parsed<T>(
        &mut self,
        rel: &str,
        expected: &str,
        f: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.string(rel)?;
        let v = f(s);
        if v.is_none() {
            self.bad(rel, expected);
        }
        v
    }

    /// A date (or date-time) in 2000–2100.
    pub fn date(&mut self, rel: &str) -> Option<NaiveDate> {
        self.parsed(rel, values::DATE_EXPECTED, values::date)
    }

    /// A number at `rel` as written, or a string holding one; `None` for anything else.
    fn number_or_string(&self, rel: &str) -> Option<Cow<'v, str>> {
        let v = self.get(rel)?;
        json::number_text(v).or_else(|| json::string(v).map(Cow::Borrowed))
    }

    /// A whole quantity of at least 1 (a number, or a string holding one).
    pub fn quantity(&mut self, rel: &str) -> Option<u32> {
        self.get(rel)?;
        let q = self.number_or_string(rel).and_then(|t| whole_quantity(&t));
        if q.is_none() {
            self.bad(rel, "a whole number of at least 1");
        }
        q
    }

    /// `true` or `false` (also as strings).
    pub fn boolean(&mut self, rel: &str) -> Option<bool> {
        let v = self.get(rel)?;
        let b = match (v, json::string(v).map(str::trim)) {
            (Value::Bool(b), _) => Some(*b),
            (_, Some(s)) if s.eq_ignore_ascii_case("true") => Some(true),
            (_, Some(s)) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        };
        if b.is_none() {
            self.bad(rel, "true or false");
        }
        b
    }

    /// A decimal of at least 0 (a number, or a string holding one), digit for digit as written:
    /// one a `Decimal` cannot hold exactly (more than 28 significant digits or decimal places)
    /// is a problem saying so, never rounded.
    pub fn decimal(&mut self, rel: &str, expected: &str) -> Option<Decimal> {
        self.get(rel)?;
        let d = match self.number_or_string(rel) {
            Some(t) => values::exact_decimal(&t),
            None => Err(NotExact::Malformed),
        };
        match d {
            Ok(d) if !d.is_sign_negative() || d.is_zero() => Some(d),
            Err(NotExact::TooPrecise) => {
                self.bad(rel, format!("{expected}, {}", values::EXACT_EXPECTED));
                None
            }
            _ => {
                self.bad(rel, expected);
                None
            }
        }
    }

    /// An amount `{amount, currencyCode}`.
    pub fn money(&mut self, rel: &str) -> Option<Money> {
        self.object(rel)?;
        let amount_at = format!("{rel}.amount");
        let currency_at = format!("{rel}.currencyCode");
        let amount = self.decimal(&amount_at, "an amount of at least 0");
        let currency = self.parsed(
            &currency_at,
            "a three-letter currency code such as USD",
            |s| Currency::parse(s).ok(),
        );
        if self.get(&amount_at).is_none() {
            self.bad(&amount_at, "an amount of at least 0");
        }
        if self.get(&currency_at).is_none() {
            self.bad(&currency_at, "a three-letter currency code such as USD");
        }
        Some(Money::new(amount?, currency?))
    }

    /// The scope an ARM path at `rel` names, which must be of type `kind`.
    pub fn scope_at(&mut self, rel: &str, kind: ScopeType, path: &str) -> Option<Scope> {
        match Scope::from_parts(kind, Some(path.trim())) {
            Ok(s) => Some(s),
            Err(e) => {
                let msg = e
                    .message
                    .strip_prefix("expected ")
                    .unwrap_or(&e.message)
                    .to_string();
                self.bad(rel, msg);
                None
            }
        }
    }

    /// The one scope of an `appliedScopes` array at `rel`, of one of the `kinds`.
    pub fn applied_scopes(&mut self, rel: &str, kinds: &[ScopeType]) -> Option<Scope> {
        let expected = match kinds.first() {
            Some(ScopeType::ManagementGroup) => {
                "one management group as /providers/Microsoft.Management/managementGroups/{id}"
            }
            _ => {
                "one subscription as /subscriptions/{subscription-id} (or one resource group as /subscriptions/{subscription-id}/resourceGroups/{name})"
            }
        };
        let list = match self.get(rel) {
            Some(Value::Array(a)) if a.len() == 1 => a,
            _ => {
                self.bad(rel, expected);
                return None;
            }
        };
        let at = format!("{rel}[0]");
        let Some(path) = json::string(&list[0]) else {
            self.bad(&at, expected);
            return None;
        };
        match scope_type_of(path) {
            Some(kind) if kinds.contains(&kind) => self.scope_at(&at, kind, path),
            _ => {
                self.bad(&at, expected);
                None
            }
        }
    }
}

/// The field a relative path names, as problems show it: `properties.` and indices dropped.
fn field_name(rel: &str) -> String {
    let r = rel.strip_prefix("properties.").unwrap_or(rel);
    let mut out = String::with_capacity(r.len());
    let mut depth = 0u32;
    for c in r.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A whole quantity of at least 1 from `3`, `3.0` or `3E0` (not from `1.00000000000000000000000000001`,
/// which only rounding makes whole).
fn whole_quantity(raw: &str) -> Option<u32> {
    let d = values::exact_decimal(raw).ok()?.normalize();
    if d.fract() != Decimal::ZERO || d <= Decimal::ZERO {
        return None;
    }
    // Normalized with no fraction: the scale is 0, so the mantissa is the number.
    u32::try_from(d.mantissa()).ok()
}
