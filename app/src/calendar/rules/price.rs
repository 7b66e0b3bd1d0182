//! What taking part costs, and the price as the series form reads and shows it.

/// The highest fixed price, in euro cents (a course for a whole term stays below it).
pub const PRICE_MAX_CENTS: i32 = 100_000;

/// What taking part costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Price {
    Free,
    Donation,
    /// In euro cents.
    Amount(i32),
}

impl Price {
    pub fn from_stored(kind: &str, cents: Option<i32>) -> Self {
        match (kind, cents) {
            ("amount", Some(cents)) => Price::Amount(cents),
            ("donation", _) => Price::Donation,
            _ => Price::Free,
        }
    }

    pub fn kind_code(self) -> &'static str {
        match self {
            Price::Free => "free",
            Price::Donation => "donation",
            Price::Amount(_) => "amount",
        }
    }

    pub fn cents(self) -> Option<i32> {
        match self {
            Price::Amount(cents) => Some(cents),
            _ => None,
        }
    }

    /// Free of charge: free or pay-what-you-like.
    pub fn is_free(self) -> bool {
        !matches!(self, Price::Amount(c) if c > 0)
    }
}

/// Euros as typed ("3", "3,5", "3,50", "3.50") in cents.
pub fn parse_cents(text: &str) -> Option<i32> {
    let text = text.trim().trim_end_matches('€').trim_end();
    let (euros, cents) = match text.split_once([',', '.']) {
        Some((euros, cents)) => (euros, cents),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(euros) || !(cents.is_empty() || (cents.len() <= 2 && digits(cents))) {
        return None;
    }
    let cents = match cents.len() {
        0 => 0,
        1 => cents.parse::<i32>().ok()? * 10,
        _ => cents.parse::<i32>().ok()?,
    };
    euros
        .parse::<i32>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

/// The price as the form shows it: its kind, and an amount in euros ("3,50").
pub fn price_form_values(price: Price) -> (&'static str, String) {
    match price {
        Price::Amount(cents) => ("amount", format!("{},{:02}", cents / 100, cents % 100)),
        other => (other.kind_code(), String::new()),
    }
}
