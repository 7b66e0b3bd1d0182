//! Names of audiences, languages and prices, shared by filters, cards and the event page.
use crate::calendar::query::{Audience, LANGUAGES};
use crate::calendar::rules::Price;
use crate::i18n::{Locale, Msg, format_euros};

pub fn audience_label(audience: Audience) -> Msg {
    match audience {
        Audience::Children => Msg::AudienceChildren,
        Audience::Youth => Msg::AudienceYouth,
        Audience::Families => Msg::AudienceFamilies,
        Audience::Seniors => Msg::AudienceSeniors,
        Audience::Everyone => Msg::AudienceEveryone,
    }
}

pub fn language_name(locale: Locale, code: &str) -> &'static str {
    if LANGUAGES.contains(&code) {
        language_msg(code).text(locale)
    } else {
        ""
    }
}

/// The name of one of `LANGUAGES`.
pub fn language_msg(code: &str) -> Msg {
    match code {
        "en" => Msg::LanguageEnglish,
        "tr" => Msg::LanguageTurkish,
        "ar" => Msg::LanguageArabic,
        "uk" => Msg::LanguageUkrainian,
        "ru" => Msg::LanguageRussian,
        _ => Msg::LanguageGerman,
    }
}

pub fn price_text(locale: Locale, price: Price) -> String {
    match price {
        Price::Free => Msg::PriceFree.text(locale).to_owned(),
        Price::Donation => Msg::PriceDonation.text(locale).to_owned(),
        Price::Amount(cents) => format_euros(locale, i64::from(cents)),
    }
}
