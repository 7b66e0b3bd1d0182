//! Every user-visible text goes through [`Msg`]: a key whose text per language
//! lives in `app/locales/<code>.txt`. German comes first (formal "Sie",
//! inclusive forms); English, Turkish, Arabic and Ukrainian follow.
mod format;
mod keys;
mod load;
mod texts;

pub use format::{
    category_label, format_clock, format_date, format_euros, format_month, format_time_range,
    machine_date, machine_date_time, sort_key, weekday_name,
};
pub use keys::Msg;
pub use load::TEXTS_META;
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub use load::load_page_texts;
#[cfg(feature = "ssr")]
pub use load::{texts_at, texts_path};
#[cfg(not(feature = "ssr"))]
pub use texts::install;
#[cfg(feature = "ssr")]
pub use texts::source;
pub use texts::{Plural, Texts};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    De,
    En,
    Tr,
    Ar,
    Uk,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::De, Locale::En, Locale::Tr, Locale::Ar, Locale::Uk];
    pub const COOKIE: &'static str = "lang";

    pub fn code(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
            Self::Tr => "tr",
            Self::Ar => "ar",
            Self::Uk => "uk",
        }
    }

    /// The language's name in that language, as a language switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::De => "Deutsch",
            Self::En => "English",
            Self::Tr => "Türkçe",
            Self::Ar => "العربية",
            Self::Uk => "Українська",
        }
    }

    /// The writing direction, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Ar => "rtl",
            _ => "ltr",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_travel_by_name_and_come_back_the_same() {
        for msg in Msg::ALL {
            let json = serde_json::to_string(msg).expect("serialises");
            assert_eq!(json, format!("\"{msg:?}\""));
            assert_eq!(serde_json::from_str::<Msg>(&json).expect("parses"), *msg);
        }
        assert!(serde_json::from_str::<Msg>("\"NoSuchMessage\"").is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_message_has_a_non_empty_text_in_every_language() {
        for locale in Locale::ALL {
            for msg in Msg::ALL {
                assert!(
                    !msg.text(locale).trim().is_empty(),
                    "{msg:?} has no text in {}",
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn every_language_has_its_own_code_and_name() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
        }
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::De.dir(), "ltr");
    }
}
