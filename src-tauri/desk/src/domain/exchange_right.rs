//! What exchanges a reservation has left under the 2027 rule (DOMAIN.md §1.4, rule 8 of §6):
//! a reservation of a savings-plan-covered service bought on or after the cut-over date can never
//! be exchanged; one bought earlier exchanges freely until that date, then has one final exchange.
//! The date and the covered types come from the dated policy, never from code.

use super::policy::Policy;
use super::reservation::ResourceType;
use chrono::NaiveDate;
use serde::Serialize;

/// The state of a reservation's exchange right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExchangeRightState {
    /// Exchanges are unlimited until the cut-over date.
    Unlimited,
    /// Bought before the cut-over; on or after it, one final exchange remains.
    OneFinal,
    /// The one final exchange was made (an exchange on or after the cut-over is recorded).
    Used,
    /// Bought on or after the cut-over, covered by savings plans: never exchangeable.
    None,
    /// Not a savings-plan-covered service: the rule does not apply.
    Unaffected,
}

/// A reservation's exchange right on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRight {
    /// The state.
    pub state: ExchangeRightState,
    /// The cut-over date, while exchanges are still unlimited.
    pub until: Option<NaiveDate>,
    /// The cut-over date the policy gives.
    pub cutover: NaiveDate,
}

/// The exchange right on `today` of a reservation of type `t` bought on `purchased`, with
/// `exchanged_since_cutover` exchanges of it recorded on or after the cut-over date.
pub fn exchange_right(
    policy: &Policy,
    t: ResourceType,
    purchased: NaiveDate,
    exchanged_since_cutover: u32,
    today: NaiveDate,
) -> ExchangeRight {
    let cutover = policy.cutover();
    let state = if !policy.is_savings_plan_covered(t) {
        ExchangeRightState::Unaffected
    } else if purchased >= cutover {
        ExchangeRightState::None
    } else if exchanged_since_cutover > 0 {
        ExchangeRightState::Used
    } else if today < cutover {
        ExchangeRightState::Unlimited
    } else {
        ExchangeRightState::OneFinal
    };
    ExchangeRight {
        state,
        until: (state == ExchangeRightState::Unlimited).then_some(cutover),
        cutover,
    }
}

impl ExchangeRight {
    /// The right in one English sentence (the CLI; the window words it from the state).
    pub fn note(&self, today: NaiveDate) -> String {
        let c = self.cutover;
        match self.state {
            ExchangeRightState::Unlimited => format!(
                "Unlimited exchanges until {c} ({} days left), then one final exchange.",
                (c - today).num_days()
            ),
            ExchangeRightState::OneFinal => {
                format!("One final exchange left (bought before {c}).")
            }
            ExchangeRightState::Used => {
                format!("Its one final exchange on or after {c} was made: no more exchanges.")
            }
            ExchangeRightState::None => format!(
                "Bought on or after {c} for a service savings plans cover: it can never be exchanged."
            ),
            ExchangeRightState::Unaffected => {
                "Not a service savings plans cover: the exchange rule of {c} does not apply."
                    .replace("{c}", &c.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{defaults, Policy};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn right(t: ResourceType, purchased: &str, exchanged: u32, today: &str) -> ExchangeRightState {
        let p = Policy::in_force(&defaults(), d(today)).unwrap();
        exchange_right(&p, t, d(purchased), exchanged, d(today)).state
    }

    #[test]
    fn the_right_at_the_edges_of_the_cutover() {
        use ExchangeRightState::*;
        use ResourceType::{CosmosDb, VirtualMachines as Vm};
        assert_eq!(right(Vm, "2025-03-01", 0, "2027-01-31"), Unlimited);
        assert_eq!(right(Vm, "2025-03-01", 0, "2027-02-01"), OneFinal);
        assert_eq!(right(Vm, "2025-03-01", 1, "2027-02-02"), Used);
        assert_eq!(
            right(Vm, "2027-01-31", 0, "2027-02-01"),
            OneFinal,
            "bought the day before"
        );
        assert_eq!(
            right(Vm, "2027-02-01", 0, "2027-02-01"),
            None,
            "bought on the day"
        );
        assert_eq!(right(CosmosDb, "2027-03-01", 0, "2027-03-01"), Unaffected);
        let p = Policy::in_force(&defaults(), d("2026-12-08")).unwrap();
        let r = exchange_right(&p, Vm, d("2025-03-01"), 0, d("2026-12-08"));
        assert_eq!(r.until, Some(d("2027-02-01")));
        assert_eq!(
            r.note(d("2026-12-08")),
            "Unlimited exchanges until 2027-02-01 (55 days left), then one final exchange."
        );
    }
}
