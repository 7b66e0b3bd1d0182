//! The names of the event and series form's fields: the form's `name`s, the
//! server function's parameters and the fields an error is shown at, so the
//! rules, the store and the page cannot drift apart.
pub const TITLE: &str = "title";
pub const DESCRIPTION: &str = "description";
pub const ROOM_ID: &str = "room_id";
pub const CATEGORY_ID: &str = "category_id";
pub const GROUP_ID: &str = "group_id";
pub const STARTS_AT: &str = "starts_at";
pub const ENDS_AT: &str = "ends_at";
pub const SEATS: &str = "seats";
pub const REPEAT: &str = "repeat";
pub const INTERVAL: &str = "interval";
pub const NTH: &str = "nth";
pub const ENDS: &str = "ends";
pub const COUNT: &str = "count";
pub const UNTIL: &str = "until";
/// Errors about the weekday boxes (`weekday_mo` … `weekday_su`) show here.
pub const WEEKDAYS: &str = "weekdays";
pub const SKIP_PUBLIC_HOLIDAYS: &str = "skip_public_holidays";
pub const SKIP_SCHOOL_HOLIDAYS: &str = "skip_school_holidays";
pub const PRICE_KIND: &str = "price_kind";
pub const PRICE_AMOUNT: &str = "price_amount";
pub const ACCESSIBILITY: &str = "accessibility";
pub const CONTACT: &str = "contact";
/// Which dates a change applies to (this one, this and the following, all).
pub const SCOPE: &str = "scope";
