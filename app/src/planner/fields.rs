//! The names of the planner's form fields, shared by the page, the server
//! function and the tests.
pub const OCCURRENCE_ID: &str = "occurrence_id";
pub const VERSION: &str = "version";
pub const ROOM_ID: &str = "room_id";
pub const STARTS_AT: &str = "starts_at";
pub const ENDS_AT: &str = "ends_at";
pub const CONFIRMED: &str = "confirmed";
