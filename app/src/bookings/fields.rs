//! The names of the room request forms' fields: the form's `name`s, the server
//! functions' parameters and the fields an error is shown at.
pub const REQUEST_ID: &str = "request_id";
pub const ROOM_ID: &str = "room_id";
pub const DATE: &str = "date";
pub const STARTS: &str = "starts";
pub const ENDS: &str = "ends";
pub const PURPOSE: &str = "purpose";
pub const GUESTS: &str = "guests";
pub const CONTACT: &str = "contact";
pub const RULES_ACCEPTED: &str = "rules_accepted";
/// Left empty by people; a bot that fills every field fills it too.
pub const HONEYPOT: &str = "website";
pub const DECISION: &str = "decision";
pub const REASON: &str = "reason";
pub const LANGUAGE: &str = "language";
pub const BODY: &str = "body";
pub const BOOKABLE: &str = "bookable";
pub const FEE: &str = "fee";
