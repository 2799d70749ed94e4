//! Drafted support requests in the Azure portal's three steps (DOMAIN.md §4.7) and their
//! lifecycle: draft → submitted (with Microsoft's number) → resolved or cancelled.

use super::InvalidValue;
use serde::{Deserialize, Serialize};

/// What the request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// Prorated refund.
    Refund,
    /// Exchange.
    Exchange,
    /// Another reservation-management request.
    Other,
}

impl TicketKind {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refund => "refund",
            Self::Exchange => "exchange",
            Self::Other => "other",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw {
            "refund" => Ok(Self::Refund),
            "exchange" => Ok(Self::Exchange),
            "other" => Ok(Self::Other),
            _ => Err(InvalidValue::new(
                "kind",
                "expected refund, exchange or other",
                raw,
            )),
        }
    }
}

/// Where a ticket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Being written here.
    Draft,
    /// Created in the Azure portal; Microsoft's ticket number is known.
    Submitted,
    /// Microsoft processed it.
    Resolved,
    /// Withdrawn.
    Cancelled,
}

impl TicketStatus {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Resolved => "resolved",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw {
            "draft" => Ok(Self::Draft),
            "submitted" => Ok(Self::Submitted),
            "resolved" => Ok(Self::Resolved),
            "cancelled" => Ok(Self::Cancelled),
            _ => Err(InvalidValue::new(
                "status",
                "expected draft, submitted, resolved or cancelled",
                raw,
            )),
        }
    }

    /// Whether a ticket may move from `self` to `to`.
    pub fn can_move_to(self, to: TicketStatus) -> bool {
        matches!(
            (self, to),
            (Self::Draft, Self::Submitted)
                | (Self::Draft, Self::Cancelled)
                | (Self::Submitted, Self::Resolved)
                | (Self::Submitted, Self::Cancelled)
        )
    }
}

/// Step 1 — Basics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Basics {
    /// Always "Billing" for reservation management.
    pub issue_type: String,
    /// The customer's subscription the request is raised under.
    pub subscription_id: String,
}

/// Step 2 — Problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    /// "Reservation management".
    pub problem_type: String,
    /// "Exchanges and refunds" for refunds and exchanges.
    pub category: String,
    /// One-line summary.
    pub summary: String,
    /// The full description.
    pub description: String,
}

/// Step 3 — Contact information (remembered between tickets).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contact {
    /// "Email" or "Phone".
    pub preferred_contact_method: String,
    /// "A", "B" or "C" (C is minimal impact).
    pub severity: String,
    /// Contact name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Country or region.
    pub country: String,
    /// Time zone.
    pub time_zone: String,
    /// Support language.
    pub language: String,
}

impl Contact {
    /// A first-use default.
    pub fn starter() -> Self {
        Self {
            preferred_contact_method: "Email".into(),
            severity: "C".into(),
            language: "English".into(),
            time_zone: "(UTC) Coordinated Universal Time".into(),
            ..Self::default()
        }
    }

    /// Checks what the portal requires before a request can be created.
    pub fn validate(&self) -> Result<(), InvalidValue> {
        if !matches!(self.preferred_contact_method.as_str(), "Email" | "Phone") {
            return Err(InvalidValue::new(
                "preferred_contact_method",
                "expected Email or Phone",
                &self.preferred_contact_method,
            ));
        }
        if !matches!(self.severity.as_str(), "A" | "B" | "C") {
            return Err(InvalidValue::new(
                "severity",
                "expected A, B or C",
                &self.severity,
            ));
        }
        if !self.email.is_empty() {
            let ok = self.email.split_once('@').is_some_and(|(a, b)| {
                !a.is_empty() && b.contains('.') && !self.email.contains(char::is_whitespace)
            });
            if !ok {
                return Err(InvalidValue::new(
                    "email",
                    "expected an email address such as name@contoso.com",
                    &self.email,
                ));
            }
        }
        if self.preferred_contact_method == "Phone" && self.phone.trim().is_empty() {
            return Err(InvalidValue::new(
                "phone",
                "a phone number is needed when the preferred method is Phone",
                "",
            ));
        }
        Ok(())
    }
}

/// The three steps together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketDraft {
    /// Step 1.
    pub basics: Basics,
    /// Step 2.
    pub problem: Problem,
    /// Step 3.
    pub contact: Contact,
}

/// The Basics step of a reservation-management request.
pub fn billing_basics(subscription_id: &str) -> Basics {
    Basics {
        issue_type: "Billing".into(),
        subscription_id: subscription_id.to_string(),
    }
}

/// The Problem step's fixed words for refunds and exchanges.
pub const PROBLEM_TYPE: &str = "Reservation management";
/// The category, as the portal spells it (plural).
pub const CATEGORY_EXCHANGES_AND_REFUNDS: &str = "Exchanges and refunds";
/// The description line that holds why the customer wants the change.
pub const REASON_LABEL: &str = "Reason:";

impl Contact {
    /// The contact as plain one-line text: no control or bidi character ([`crate::text`]).
    pub fn plain(&self) -> Contact {
        let line = |s: &str| crate::text::inert(s).into_owned();
        Contact {
            preferred_contact_method: line(&self.preferred_contact_method),
            severity: line(&self.severity),
            name: line(&self.name),
            email: line(&self.email),
            phone: line(&self.phone),
            country: line(&self.country),
            time_zone: line(&self.time_zone),
            language: line(&self.language),
        }
    }

    /// The contact fields the portal requires that are empty, in the form's order.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("preferred_contact_method", &self.preferred_contact_method),
            ("name", &self.name),
            ("email", &self.email),
            ("phone", &self.phone),
            ("country", &self.country),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect()
    }
}

impl TicketDraft {
    /// What the portal needs that this draft leaves empty, as form field names in the portal's
    /// order: `summary`, `description`, `reason` (a `Reason:` line with nothing after it), then
    /// the contact's. A request with anything missing is not ready to paste or submit.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.problem.summary.trim().is_empty() {
            out.push("summary");
        }
        let description = &self.problem.description;
        if description.trim().is_empty() {
            out.push("description");
        } else if description
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix(REASON_LABEL))
            .any(|rest| rest.trim().is_empty())
        {
            out.push("reason");
        }
        out.extend(self.contact.missing());
        out
    }

    /// The draft as plain text for the portal: one-line fields hold no control or bidi
    /// character, the description keeps only its tabs and newlines ([`crate::text`]).
    pub fn plain(&self) -> TicketDraft {
        use crate::text::{inert, inert_text};
        let line = |s: &str| inert(s).into_owned();
        TicketDraft {
            basics: Basics {
                issue_type: line(&self.basics.issue_type),
                subscription_id: line(&self.basics.subscription_id),
            },
            problem: Problem {
                problem_type: line(&self.problem.problem_type),
                category: line(&self.problem.category),
                summary: line(&self.problem.summary),
                description: inert_text(&self.problem.description).into_owned(),
            },
            contact: self.contact.plain(),
        }
    }

    /// The whole request as text, in the portal's order, ready to paste.
    pub fn to_text(&self) -> String {
        let c = &self.contact;
        format!(
            "1 Basics\n  Issue type: {}\n  Subscription: {}\n\n2 Problem\n  Problem type: {}\n  Category: {}\n  Summary: {}\n  Description:\n{}\n\n3 Contact information\n  Preferred contact method: {}\n  Severity: {}\n  Name: {}\n  Email: {}\n  Phone: {}\n  Country/region: {}\n  Time zone: {}\n  Support language: {}\n",
            self.basics.issue_type,
            self.basics.subscription_id,
            self.problem.problem_type,
            self.problem.category,
            self.problem.summary,
            self.problem
                .description
                .lines()
                .map(|l| format!("    {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            c.preferred_contact_method,
            c.severity,
            c.name,
            c.email,
            c.phone,
            c.country,
            c.time_zone,
            c.language
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_ids::SUBSCRIPTION;

    #[test]
    fn lifecycle_moves_only_forward() {
        use TicketStatus::*;
        assert!(Draft.can_move_to(Submitted));
        assert!(Submitted.can_move_to(Resolved));
        assert!(Draft.can_move_to(Cancelled));
        assert!(
            !Draft.can_move_to(Resolved),
            "a draft Microsoft never saw cannot be resolved"
        );
        assert!(!Resolved.can_move_to(Draft));
        assert!(!Cancelled.can_move_to(Submitted));
    }

    #[test]
    fn contact_details_are_checked() {
        let mut c = Contact::starter();
        assert!(c.validate().is_ok());
        c.email = "not an email".into();
        assert_eq!(c.validate().unwrap_err().field, "email");
        c.email = "am@partner.example".into();
        c.preferred_contact_method = "Phone".into();
        assert_eq!(c.validate().unwrap_err().field, "phone");
        c.severity = "D".into();
        assert!(c.validate().is_err());
    }

    #[test]
    fn missing_names_each_empty_required_field_in_the_portal_order() {
        let mut t = TicketDraft {
            basics: billing_basics(SUBSCRIPTION),
            problem: Problem {
                problem_type: PROBLEM_TYPE.into(),
                category: CATEGORY_EXCHANGES_AND_REFUNDS.into(),
                summary: "Refund".into(),
                description: "Reservation ID: x\nReason:   ".into(),
            },
            contact: Contact::starter(),
        };
        assert_eq!(t.missing(), ["reason", "name", "email", "phone", "country"]);
        t.problem.description = "Reservation ID: x\nReason: workload moved".into();
        t.contact.name = "Ana".into();
        t.contact.email = "ana@partner.example".into();
        t.contact.phone = " ".into();
        t.contact.country = "Spain".into();
        assert_eq!(t.missing(), ["phone"], "blank is empty");
        t.contact.phone = "+34 600 000 000".into();
        assert!(t.missing().is_empty());
        t.contact.preferred_contact_method = String::new();
        t.problem.summary = String::new();
        assert_eq!(t.missing(), ["summary", "preferred_contact_method"]);
        t.problem.description = String::new();
        assert_eq!(
            t.missing(),
            ["summary", "description", "preferred_contact_method"]
        );
    }

    #[test]
    fn text_keeps_the_portal_order() {
        let t = TicketDraft {
            basics: billing_basics(SUBSCRIPTION),
            problem: Problem {
                problem_type: PROBLEM_TYPE.into(),
                category: CATEGORY_EXCHANGES_AND_REFUNDS.into(),
                summary: "Refund".into(),
                description: "line one\nline two".into(),
            },
            contact: Contact::starter(),
        };
        let text = t.to_text();
        let b = text.find("1 Basics").unwrap();
        let p = text.find("2 Problem").unwrap();
        let c = text.find("3 Contact information").unwrap();
        assert!(b < p && p < c);
        assert!(text.contains("Category: Exchanges and refunds"));
        assert!(
            text.contains("    line two"),
            "the description is indented under its label"
        );
    }
}
