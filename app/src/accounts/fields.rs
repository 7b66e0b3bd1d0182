//! The names of the log-in and sign-up forms' fields, shared by the page and
//! the server functions that report errors at them.
pub const EMAIL: &str = "email";
pub const PASSWORD: &str = "password";
pub const DISPLAY_NAME: &str = "display_name";
pub const CURRENT_PASSWORD: &str = "current_password";
pub const NEW_PASSWORD: &str = "new_password";
