//! Accounts: parsed e-mail addresses, passwords and display names, and roles.
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Resident,
    Volunteer,
    Organiser,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Resident,
        Role::Volunteer,
        Role::Organiser,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Volunteer => "volunteer",
            Self::Organiser => "organiser",
            Self::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// An e-mail address, trimmed and lower-cased so that one person has one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(value: &str) -> Result<Self, Msg> {
        let value = value.trim().to_lowercase();
        let valid = value.len() <= Self::MAX_LEN
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            && match value.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Self(value))
        } else {
            Err(Msg::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough to resist guessing, short enough to hash cheaply.
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(value: &str) -> Result<Self, Msg> {
        let chars = value.chars().count();
        if chars < Self::MIN_CHARS {
            Err(Msg::PasswordTooShort)
        } else if chars > Self::MAX_CHARS {
            Err(Msg::PasswordTooLong)
        } else {
            Ok(Self(value.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(value: &str) -> Result<Self, Msg> {
        let value = value.trim();
        if value.is_empty() {
            Err(Msg::DisplayNameRequired)
        } else if value.chars().count() > Self::MAX_CHARS || value.chars().any(char::is_control) {
            Err(Msg::DisplayNameTooLong)
        } else {
            Ok(Self(value.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_normalised_so_one_person_has_one_account() {
        assert_eq!(
            Email::parse("  Ayse@Example.ORG ").map(|e| e.as_str().to_owned()),
            Ok("ayse@example.org".to_owned())
        );
    }

    #[test]
    fn malformed_email_addresses_are_refused() {
        let too_long = format!("{}@example.org", "a".repeat(250));
        for bad in [
            "",
            "a",
            "a@b",
            "@example.org",
            "a@@example.org",
            "a b@example.org",
            "a@.org",
            &too_long,
        ] {
            assert_eq!(Email::parse(bad), Err(Msg::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum_length() {
        assert!(matches!(
            Password::parse("kurz"),
            Err(Msg::PasswordTooShort)
        ));
        assert!(matches!(
            Password::parse(&"x".repeat(257)),
            Err(Msg::PasswordTooLong)
        ));
        assert!(Password::parse("zehn zeich").is_ok());
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Jo ").map(|n| n.0),
            Ok("Jo".to_owned())
        );
        assert_eq!(DisplayName::parse("   "), Err(Msg::DisplayNameRequired));
        assert_eq!(
            DisplayName::parse(&"x".repeat(81)),
            Err(Msg::DisplayNameTooLong)
        );
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
