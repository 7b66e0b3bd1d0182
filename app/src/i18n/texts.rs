//! The texts of one language, read from its file (`app/locales/<code>.txt`), and
//! the plural rule that picks a text's form for a number. The server holds every
//! language; the browser holds only the page's, fetched before hydration, so the
//! other languages are never part of its download.
use super::{Locale, Msg};
use std::fmt::{Display, Write};
use std::sync::OnceLock;

/// The CLDR plural categories, for whole numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    const ALL: [Plural; 6] = [
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Zero => "zero",
            Self::One => "one",
            Self::Two => "two",
            Self::Few => "few",
            Self::Many => "many",
            Self::Other => "other",
        }
    }

    /// The category of `n` in `locale` (CLDR's rules for integers).
    pub fn of(locale: Locale, n: u64) -> Self {
        match locale {
            Locale::De | Locale::En | Locale::Tr => {
                if n == 1 {
                    Self::One
                } else {
                    Self::Other
                }
            }
            Locale::Uk => {
                let (units, hundreds) = (n % 10, n % 100);
                if units == 1 && hundreds != 11 {
                    Self::One
                } else if (2..=4).contains(&units) && !(12..=14).contains(&hundreds) {
                    Self::Few
                } else {
                    Self::Many
                }
            }
            Locale::Ar => match (n, n % 100) {
                (0, _) => Self::Zero,
                (1, _) => Self::One,
                (2, _) => Self::Two,
                (_, 3..=10) => Self::Few,
                (_, 11..=99) => Self::Many,
                _ => Self::Other,
            },
        }
    }
}

/// One language's texts: for each key, a text per plural form (a key without
/// forms has only `Other`).
pub struct Texts {
    forms: Vec<[Option<&'static str>; 6]>,
}

impl Texts {
    fn empty() -> Self {
        Self {
            forms: vec![[None; 6]; Msg::ALL.len()],
        }
    }

    /// Reads a language file. Unknown keys, unknown plural forms, a key given
    /// twice and lines without `=` are errors, with the line number.
    pub fn parse(source: &'static str) -> Result<Self, String> {
        let mut texts = Self::empty();
        for (number, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |problem: String| format!("line {}: {problem}", number + 1);
            let (key, text) = line
                .split_once('=')
                .ok_or_else(|| at("no `=`".to_owned()))?;
            let (name, form) = match key.trim().split_once('.') {
                Some((name, form)) => {
                    let plural = Plural::ALL
                        .into_iter()
                        .find(|p| p.code() == form)
                        .ok_or_else(|| at(format!("unknown plural form {form:?}")))?;
                    (name, plural)
                }
                None => (key.trim(), Plural::Other),
            };
            let msg = Msg::from_name(name).ok_or_else(|| at(format!("unknown key {name}")))?;
            let slot = &mut texts.forms[msg as usize][form as usize];
            if slot.is_some() {
                return Err(at(format!("{key} is given twice")));
            }
            *slot = Some(unescape(text.trim()));
        }
        Ok(texts)
    }

    /// The keys this language has no text for (no `Other` form).
    pub fn missing(&self) -> Vec<Msg> {
        Msg::ALL
            .iter()
            .copied()
            .filter(|m| self.forms[*m as usize][Plural::Other as usize].is_none())
            .collect()
    }

    fn get(&self, msg: Msg, form: Plural) -> Option<&'static str> {
        let forms = self.forms.get(msg as usize)?;
        forms[form as usize].or(forms[Plural::Other as usize])
    }
}

/// `\n` in a file is a line break; texts without one are borrowed as they are.
fn unescape(text: &'static str) -> &'static str {
    if !text.contains('\\') {
        return text;
    }
    let mut owned = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some('n')) => {
                owned.push('\n');
                chars.next();
            }
            ('\\', Some('\\')) => {
                owned.push('\\');
                chars.next();
            }
            _ => owned.push(c),
        }
    }
    Box::leak(owned.into_boxed_str())
}

/// The file of a language, compiled into the server only.
#[cfg(feature = "ssr")]
pub fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::De => include_str!("../../locales/de.txt"),
        Locale::En => include_str!("../../locales/en.txt"),
        Locale::Tr => include_str!("../../locales/tr.txt"),
        Locale::Ar => include_str!("../../locales/ar.txt"),
        Locale::Uk => include_str!("../../locales/uk.txt"),
    }
}

#[cfg(feature = "ssr")]
fn texts(locale: Locale) -> &'static Texts {
    static TABLES: [OnceLock<Texts>; Locale::ALL.len()] =
        [const { OnceLock::new() }; Locale::ALL.len()];
    TABLES[locale as usize].get_or_init(|| {
        Texts::parse(source(locale)).unwrap_or_else(|problem| {
            tracing::error!(language = locale.code(), %problem, "cannot read the texts");
            Texts::empty()
        })
    })
}

/// The page's language in the browser, installed once before hydration.
#[cfg(not(feature = "ssr"))]
static LOADED: OnceLock<(Locale, Texts)> = OnceLock::new();

/// Installs the texts the browser fetched for the page's language.
#[cfg(not(feature = "ssr"))]
pub fn install(locale: Locale, source: String) -> Result<(), String> {
    let texts = Texts::parse(Box::leak(source.into_boxed_str()))?;
    LOADED
        .set((locale, texts))
        .map_err(|_| "the texts are installed already".to_owned())
}

#[cfg(not(feature = "ssr"))]
fn texts(locale: Locale) -> &'static Texts {
    static NONE: OnceLock<Texts> = OnceLock::new();
    match LOADED.get() {
        Some((loaded, texts)) if *loaded == locale => texts,
        _ => NONE.get_or_init(Texts::empty),
    }
}

impl Msg {
    /// The text in `locale`; the key's name if the language lacks it (a test
    /// makes sure none does).
    pub fn text(self, locale: Locale) -> &'static str {
        texts(locale)
            .get(self, Plural::Other)
            .unwrap_or(self.name())
    }

    /// The text with its `{name}` placeholders filled in.
    pub fn fill(self, locale: Locale, args: &[(&str, &dyn Display)]) -> String {
        fill(self.text(locale), args)
    }

    /// The form for `count` with `{count}` and the other placeholders filled in.
    pub fn count(self, locale: Locale, count: u64, args: &[(&str, &dyn Display)]) -> String {
        let template = texts(locale)
            .get(self, Plural::of(locale, count))
            .unwrap_or(self.name());
        match args {
            [] => fill(template, &[("count", &count)]),
            _ => {
                let mut all: Vec<(&str, &dyn Display)> = vec![("count", &count)];
                all.extend_from_slice(args);
                fill(template, &all)
            }
        }
    }
}

fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => {
                        let _ = write!(out, "{value}");
                    }
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_language_file_reads_and_has_every_key() {
        for locale in Locale::ALL {
            let texts = Texts::parse(source(locale))
                .unwrap_or_else(|problem| panic!("{}.txt: {problem}", locale.code()));
            assert_eq!(texts.missing(), Vec::<Msg>::new(), "{}.txt", locale.code());
        }
    }

    #[test]
    fn every_language_has_the_plural_forms_it_uses_and_the_same_placeholders() {
        let german = Texts::parse(source(Locale::De)).expect("de");
        for locale in Locale::ALL {
            let texts = Texts::parse(source(locale)).expect("parses");
            for msg in Msg::ALL {
                let plural = german.forms[*msg as usize][Plural::One as usize].is_some();
                let needed: &[Plural] = match (plural, locale) {
                    (false, _) => &[],
                    (true, Locale::De | Locale::En | Locale::Tr) => &[Plural::One],
                    (true, Locale::Uk) => &[Plural::One, Plural::Few, Plural::Many],
                    (true, Locale::Ar) => &[
                        Plural::Zero,
                        Plural::One,
                        Plural::Two,
                        Plural::Few,
                        Plural::Many,
                    ],
                };
                for form in needed {
                    assert!(
                        texts.forms[*msg as usize][*form as usize].is_some(),
                        "{}.txt: {}.{} is missing",
                        locale.code(),
                        msg.name(),
                        form.code()
                    );
                }
                let expected = placeholders(german.get(*msg, Plural::Other).unwrap_or(""));
                for form in Plural::ALL {
                    if let Some(text) = texts.forms[*msg as usize][form as usize] {
                        assert_eq!(
                            placeholders(text),
                            expected,
                            "{}.txt: {}.{} has other placeholders than German",
                            locale.code(),
                            msg.name(),
                            form.code()
                        );
                    }
                }
            }
        }
    }

    fn placeholders(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn a_broken_file_is_refused_with_its_line() {
        assert_eq!(
            Texts::parse("# c\nNoSuchKey = x").err().as_deref(),
            Some("line 2: unknown key NoSuchKey")
        );
        assert!(Texts::parse("AppName = a\nAppName = b").is_err());
        assert!(Texts::parse("DatesCount.several = x").is_err());
        assert!(Texts::parse("AppName").is_err());
    }

    #[test]
    fn numbers_pick_the_plural_form_of_each_language() {
        use Plural::*;
        let pick = |locale, ns: &[u64]| {
            ns.iter()
                .map(|n| Plural::of(locale, *n))
                .collect::<Vec<_>>()
        };
        assert_eq!(pick(Locale::De, &[0, 1, 2]), [Other, One, Other]);
        assert_eq!(
            pick(Locale::Uk, &[1, 2, 5, 11, 21, 22, 25, 112]),
            [One, Few, Many, Many, One, Few, Many, Many]
        );
        assert_eq!(
            pick(Locale::Ar, &[0, 1, 2, 3, 10, 11, 99, 100, 102]),
            [Zero, One, Two, Few, Few, Many, Many, Other, Other]
        );
        assert_eq!(Msg::DatesCount.count(Locale::De, 1, &[]), "1 Termin");
        assert_eq!(Msg::DatesCount.count(Locale::De, 3, &[]), "3 Termine");
        assert_eq!(Msg::DatesCount.count(Locale::En, 1, &[]), "1 date");
    }

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_stay() {
        assert_eq!(
            fill("{a} und {b} {c}", &[("b", &2), ("a", &"x")]),
            "x und 2 {c}"
        );
        assert_eq!(fill("offen {", &[]), "offen {");
    }
}
