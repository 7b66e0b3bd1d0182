//! The names of the offer forms' fields: the form's `name`s, the server
//! functions' parameters and the fields an error is shown at.
pub const OFFER_ID: &str = "offer_id";
pub const TITLE: &str = "title";
pub const DESCRIPTION: &str = "description";
pub const CATEGORY_ID: &str = "category_id";
pub const GROUP_ID: &str = "group_id";
pub const FREQUENCY: &str = "frequency";
pub const PREFERRED_TIMES: &str = "preferred_times";
pub const EXPECTED_PARTICIPANTS: &str = "expected_participants";
pub const VOLUNTEERS_NEEDED: &str = "volunteers_needed";
pub const CONTACT: &str = "contact";
/// Left empty by people; a bot that fills every field fills it too.
pub const HONEYPOT: &str = "website";
/// "draft" keeps the offer to its author; "submit" sends it to the house.
pub const INTENT: &str = "intent";
pub const BODY: &str = "body";
pub const DECISION: &str = "decision";
pub const REASON: &str = "reason";
pub const STARTS_AT: &str = "starts_at";
pub const ENDS_AT: &str = "ends_at";
pub const REPEAT: &str = "repeat";
pub const COUNT: &str = "count";
pub const ROOM_ID: &str = "room_id";
