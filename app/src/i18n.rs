//! Every user-visible string goes through [`Msg`]: one key, one text per language.
//! German comes first (formal "Sie", inclusive forms); English follows.
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    De,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::De, Locale::En];
    pub const COOKIE: &'static str = "lang";

    pub fn code(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }

    /// The language's name in that language, as a language switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::De => "Deutsch",
            Self::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

macro_rules! messages {
    ($($key:ident => $de:literal, $en:literal;)*) => {
        /// A translatable text. Serialised by name, so errors can carry it over the wire.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];
            const NAMES: &'static [&'static str] = &[$(stringify!($key),)*];

            /// The key's name, as it travels over the wire.
            pub fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Msg::$key, Locale::De) => $de, (Msg::$key, Locale::En) => $en,)*
                }
            }
        }
    };
}

// By hand rather than derived: the derived code compares the name with every key
// one by one, and in the browser's WASM that took some 30 KB.
impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Msg::ALL
            .iter()
            .copied()
            .find(|m| m.name() == name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, &[]))
    }
}

messages! {
    AppName => "Treffpunkt", "Treffpunkt";
    SkipToContent => "Zum Inhalt springen", "Skip to content";
    MainNavigation => "Hauptnavigation", "Main navigation";
    NavProgramme => "Programm", "Programme";
    NavLogin => "Anmelden", "Log in";
    NavSignup => "Konto anlegen", "Create account";
    NavLogout => "Abmelden", "Log out";
    SignedInAs => "Angemeldet als", "Signed in as";
    LanguageLabel => "Sprache", "Language";
    FooterNote => "Ein Ort für die ganze Nachbarschaft.", "A place for the whole neighbourhood.";
    Loading => "Wird geladen …", "Loading …";
    Saving => "Wird gespeichert …", "Saving …";

    UpcomingHeading => "Die nächsten Veranstaltungen", "Upcoming events";
    UpcomingIntro => "Alles, was in den nächsten Wochen im Haus stattfindet. Der Eintritt ist frei, wenn nicht anders angegeben.", "Everything happening in the house over the coming weeks. Admission is free unless stated otherwise.";
    NoUpcoming => "Zurzeit sind keine Veranstaltungen geplant. Schauen Sie bald wieder vorbei.", "No events are planned at the moment. Please check back soon.";
    RoomToBeAnnounced => "Raum wird noch bekannt gegeben", "Room to be announced";
    TimeSuffix => "Uhr", "";

    CreateEventHeading => "Veranstaltung anlegen", "Create an event";
    CreateEventIntro => "Einzeltermin mit Raum und Zeit. Pflichtfelder sind mit * markiert.", "A single date with room and time. Required fields are marked with *.";
    FieldTitle => "Titel", "Title";
    FieldDescription => "Beschreibung", "Description";
    FieldRoom => "Raum", "Room";
    Seats => "Plätze", "seats";
    FieldCategory => "Kategorie", "Category";
    FieldStartsAt => "Beginn", "Starts";
    FieldEndsAt => "Ende", "Ends";
    ChooseOption => "Bitte wählen", "Please choose";
    SubmitCreateEvent => "Veranstaltung speichern", "Save event";
    EventCreated => "Die Veranstaltung wurde gespeichert und steht jetzt im Programm.", "The event was saved and is now in the programme.";
    TitleRequired => "Bitte geben Sie einen Titel ein.", "Please enter a title.";
    TitleTooLong => "Der Titel darf höchstens 120 Zeichen lang sein.", "The title may be at most 120 characters long.";
    DescriptionTooLong => "Die Beschreibung darf höchstens 5000 Zeichen lang sein.", "The description may be at most 5,000 characters long.";
    DateTimeInvalid => "Bitte geben Sie Datum und Uhrzeit vollständig an.", "Please enter a complete date and time.";
    DateTimeOutOfRange => "Dieses Datum liegt außerhalb des möglichen Zeitraums.", "This date is outside the possible range.";
    TimeSkippedByDst => "Diese Uhrzeit gibt es wegen der Zeitumstellung an diesem Tag nicht.", "This time does not exist on that day because of the clock change.";
    EndBeforeStart => "Das Ende muss nach dem Beginn liegen.", "The end must be after the start.";
    DurationTooLong => "Eine Veranstaltung darf höchstens 14 Tage dauern.", "An event may last at most 14 days.";
    RoomRequired => "Bitte wählen Sie einen Raum.", "Please choose a room.";
    RoomUnknown => "Diesen Raum gibt es nicht (mehr). Bitte wählen Sie einen anderen.", "This room does not exist (any more). Please choose another.";
    RoomTaken => "Der Raum ist zu dieser Zeit schon belegt (einschließlich Auf- und Abbauzeit). Bitte wählen Sie eine andere Zeit oder einen anderen Raum.", "The room is already taken at this time (including set-up and clear-up time). Please choose another time or room.";
    CategoryRequired => "Bitte wählen Sie eine Kategorie.", "Please choose a category.";
    CategoryUnknown => "Diese Kategorie gibt es nicht (mehr). Bitte wählen Sie eine andere.", "This category does not exist (any more). Please choose another.";
    GroupUnknown => "Diese Gruppe gibt es nicht (mehr). Bitte wählen Sie eine andere.", "This group does not exist (any more). Please choose another.";
    RecurrenceInvalid => "Diese Wiederholung verstehen wir nicht. Bitte prüfen Sie die Angaben.", "We do not understand this repetition. Please check it.";
    RecurrenceUnsupported => "So eine Wiederholung ist nicht möglich. Wählen Sie täglich, wöchentlich oder monatlich.", "This kind of repetition is not possible. Choose daily, weekly or monthly.";
    RecurrenceIntervalInvalid => "Der Abstand muss zwischen 1 und 52 liegen.", "The interval must be between 1 and 52.";
    RecurrenceCountInvalid => "Eine Reihe hat 1 bis 520 Termine.", "A series has 1 to 520 dates.";
    RecurrenceUntilBeforeStart => "Das Enddatum liegt vor dem ersten Termin.", "The end date is before the first date.";
    RecurrenceUntilTooFar => "Eine Reihe darf höchstens 5 Jahre im Voraus enden.", "A series may end at most 5 years ahead.";
    RecurrenceNoDates => "Diese Wiederholung ergibt keinen einzigen Termin.", "This repetition produces no dates at all.";

    RegistrationNotNeeded => "Für diesen Termin ist keine Anmeldung nötig. Kommen Sie einfach vorbei.", "No registration is needed for this date. Just come along.";
    RegistrationCancelledDate => "Dieser Termin fällt aus. Eine Anmeldung ist nicht möglich.", "This date is cancelled. Registration is not possible.";
    RegistrationClosed => "Dieser Termin hat schon begonnen. Eine Anmeldung ist nicht mehr möglich.", "This date has already started. Registration is closed.";
    MailMovedUpSubject => "Sie haben einen Platz", "You have a place";
    MailMovedUpBody => "Guten Tag,\n\nein Platz ist frei geworden und gehört jetzt Ihnen. Sie sind verbindlich angemeldet für:", "Hello,\n\na place has become free and is now yours. You are registered for:";
    MailMovedUpCancelHint => "Wenn Sie nicht kommen können, melden Sie sich bitte auf der Seite der Veranstaltung ab, damit die nächste Person nachrücken kann.\n\nIhr Treffpunkt im Alte Körne Haus", "If you cannot come, please cancel on the event's page so the next person can move up.\n\nYour Treffpunkt at the Alte Körne Haus";

    DateInvalid => "Bitte geben Sie ein gültiges Datum an.", "Please enter a valid date.";
    SeatsInvalid => "Die Zahl der Plätze muss zwischen 1 und 500 liegen. Leer lassen heißt: ohne Anmeldung.", "The number of places must be between 1 and 500. Leave it empty for no registration.";
    SeriesOverlapsItself => "Die Termine dieser Reihe würden sich im Raum überschneiden. Bitte kürzen Sie die Dauer oder wählen Sie einen größeren Abstand.", "The dates of this series would overlap in the room. Please shorten them or choose a wider interval.";
    SplitStartsBefore => "Ab diesem Termin ändern heißt: Der neue Beginn liegt nicht vor dem gewählten Termin. Für frühere Termine wählen Sie bitte „Alle Termine“.", "Changing from this date on means the new start is not before the chosen date. For earlier dates, please choose “all dates”.";
    StartNotInRule => "Dieser Tag passt nicht zur Wiederholung. Bitte passen Sie die Wochentage oder die Wiederholung an.", "This day does not fit the repetition. Please adjust the weekdays or the repetition.";
    SeatsBelowRegistered => "Es sind schon mehr Personen fest angemeldet, als Plätze übrig blieben. Bitte wählen Sie mindestens so viele Plätze.", "More people are already registered than places would remain. Please choose at least that many places.";
    NthAsFirstDate => "Wie beim ersten Termin", "As on the first date";
    ScopeLegend => "Welche Termine ändern Sie?", "Which dates are you changing?";
    ScopeHint => "Für einen einzelnen Termin lassen sich Zeit und Raum ändern. Titel, Beschreibung und Wiederholung gehören zur Reihe.", "For a single date you can change the time and room. Title, description and repetition belong to the series.";
    ScopeThisDate => "Nur diesen Termin", "This date only";
    ScopeThisAndFollowing => "Diesen und alle folgenden Termine", "This and all following dates";
    ScopeAll => "Alle Termine der Reihe", "All dates of the series";
    ScopeRequired => "Bitte wählen Sie, für welche Termine die Änderung gilt.", "Please choose which dates the change is for.";
    ScopeThisDateOnlyTime => "Für nur einen Termin lassen sich Zeit und Raum ändern. Für Titel, Beschreibung, Plätze oder Wiederholung wählen Sie bitte „Diesen und alle folgenden“ oder „Alle Termine“.", "For one date only, the time and room can change. For title, description, places or repetition, please choose “this and all following” or “all dates”.";
    MailDateCancelledSubject => "Termin fällt aus", "Date cancelled";
    MailDateCancelledBody => "Guten Tag,\n\nein Termin, für den Sie angemeldet sind, fällt leider aus:", "Hello,\n\nunfortunately a date you registered for is cancelled:";
    MailDateChangedSubject => "Termin verschoben", "Date moved";
    MailDateChangedBody => "Guten Tag,\n\nein Termin, für den Sie angemeldet sind, findet zu einer neuen Zeit statt. Ihre Anmeldung gilt weiter:", "Hello,\n\na date you registered for has moved to a new time. Your registration still holds:";
    MailSignature => "Ihr Treffpunkt im Alte Körne Haus", "Your Treffpunkt at the Alte Körne Haus";
    EditThisEvent => "Termin bearbeiten", "Edit this date";
    EditEventHeading => "Termin bearbeiten", "Edit date";
    BackToEvent => "Zurück zur Veranstaltung", "Back to the event";
    ChangeHeading => "Ändern", "Change";
    ChangesSaved => "Die Änderungen sind gespeichert.", "Your changes are saved.";
    SaveChanges => "Änderungen speichern", "Save changes";
    OpenCreatedEvent => "Zur Veranstaltung", "Open the event";
    DateCancelled => "Fällt aus", "Cancelled";
    DateChangedAlone => "Einzeln geändert", "Changed on its own";
    DateOpened => "Dieser Termin", "This date";
    EditDate => "Bearbeiten", "Edit";
    CancelThisDate => "Nur diesen Termin absagen", "Cancel this date only";
    ReinstateDate => "Wieder stattfinden lassen", "Let it take place again";
    SeriesDatesHeading => "Termine ab heute", "Dates from today";
    NoUpcomingDates => "Ab heute gibt es keine Termine.", "There are no dates from today on.";
    SkippedDatesHeading => "Ausgelassene Termine", "Skipped dates";
    SkippedDatesIntro => "An diesen Tagen findet die Reihe wegen Feiertagen, Ferien oder Schließtagen nicht statt. Sie können einzelne Termine wiederherstellen.", "The series does not take place on these days because of holidays or closures. You can restore single dates.";
    NoSkippedDates => "Keine Termine werden ausgelassen.", "No dates are skipped.";
    RestoreDate => "Wiederherstellen", "Restore";
    SkipException => "Abgesagt", "Cancelled";
    SkipPublicHoliday => "Feiertag", "Public holiday";
    SkipSchoolHoliday => "Schulferien", "School holidays";
    FieldSeats => "Plätze mit Anmeldung", "Places with registration";
    FieldSeatsHint => "Leer lassen, wenn keine Anmeldung nötig ist.", "Leave empty if no registration is needed.";
    RepeatLegend => "Wiederholung", "Repetition";
    FieldRepeat => "Wiederholt sich", "Repeats";
    RepeatNone => "Nicht (einzelner Termin)", "No (a single date)";
    RepeatDaily => "Täglich", "Daily";
    RepeatWeekly => "Wöchentlich", "Weekly";
    RepeatMonthlyDay => "Monatlich am selben Tag", "Monthly on the same day";
    RepeatMonthlyWeekday => "Monatlich am selben Wochentag (z. B. jeden ersten Samstag)", "Monthly on the same weekday (e.g. every first Saturday)";
    FieldInterval => "Abstand", "Interval";
    FieldIntervalHint => "1 = jeden Tag, jede Woche oder jeden Monat; 2 = jede zweite usw.", "1 = every day, week or month; 2 = every second, and so on.";
    FieldWeekdays => "An diesen Wochentagen (bei wöchentlich)", "On these weekdays (weekly)";
    FieldNth => "Welcher Wochentag im Monat (bei monatlich am Wochentag)", "Which weekday of the month (monthly on a weekday)";
    NthFirst => "Am ersten", "The first";
    NthSecond => "Am zweiten", "The second";
    NthThird => "Am dritten", "The third";
    NthFourth => "Am vierten", "The fourth";
    NthLast => "Am letzten", "The last";
    FieldEnds => "Wie lange läuft die Reihe?", "How long the series runs";
    EndsNever => "Nie", "Never";
    EndsAfter => "Nach einer Anzahl von Terminen", "After a number of dates";
    EndsOn => "An einem Datum", "On a date";
    FieldCount => "Anzahl der Termine", "Number of dates";
    FieldUntil => "Letzter möglicher Tag", "Last possible day";
    FieldSkipPublicHolidays => "An Feiertagen (NRW) auslassen", "Skip public holidays (NRW)";
    FieldSkipSchoolHolidays => "In den Schulferien (NRW) auslassen", "Skip school holidays (NRW)";

    CounsellingLabel => "Beratung (vertraulich)", "Counselling (confidential)";
    OccupiedLabel => "Belegt", "Occupied";
    HouseClosed => "Haus geschlossen", "House closed";
    HolidayNewYear => "Neujahr", "New Year's Day";
    HolidayGoodFriday => "Karfreitag", "Good Friday";
    HolidayEasterMonday => "Ostermontag", "Easter Monday";
    HolidayLabourDay => "Tag der Arbeit", "Labour Day";
    HolidayAscension => "Christi Himmelfahrt", "Ascension Day";
    HolidayWhitMonday => "Pfingstmontag", "Whit Monday";
    HolidayCorpusChristi => "Fronleichnam", "Corpus Christi";
    HolidayGermanUnity => "Tag der Deutschen Einheit", "Day of German Unity";
    HolidayAllSaints => "Allerheiligen", "All Saints' Day";
    HolidayChristmasDay => "1. Weihnachtstag", "Christmas Day";
    HolidayBoxingDay => "2. Weihnachtstag", "Boxing Day";
    ErrorTooManySubmissions => "Sie haben in kurzer Zeit sehr viel abgeschickt. Bitte warten Sie etwas.", "You have sent a lot in a short time. Please wait a little.";

    NavCalendar => "Kalender", "Calendar";
    CalendarHeading => "Kalender", "Calendar";
    CalendarNavigation => "Zeitraum wechseln", "Change period";
    ViewSwitch => "Ansicht", "View";
    ViewMonth => "Monat", "Month";
    ViewWeek => "Woche", "Week";
    ViewDay => "Tag", "Day";
    ViewList => "Liste", "List";
    Previous => "Zurück", "Previous";
    Next => "Weiter", "Next";
    Today => "Heute", "Today";
    GoToDate => "Datum", "Date";
    Show => "Anzeigen", "Show";
    FiltersHeading => "Filtern und suchen", "Filter and search";
    FilterSearch => "Suche in Titel und Beschreibung", "Search titles and descriptions";
    FilterAudience => "Für wen", "For whom";
    FilterGroup => "Gruppe", "Group";
    FilterLanguage => "Sprache", "Language";
    FilterFree => "Kostenlos oder gegen Spende", "Free or pay what you like";
    FilterStepFree => "Stufenlos erreichbar", "Step-free access";
    FilterAll => "Alle", "All";
    ApplyFilters => "Filter anwenden", "Apply filters";
    ClearFilters => "Filter zurücksetzen", "Clear filters";
    DateSingular => "Termin", "date";
    DatePlural => "Termine", "dates";
    MatchingFilters => "passen zu Ihren Filtern.", "match your filters.";
    MatchesFilters => "passt zu Ihren Filtern.", "matches your filters.";
    NoMatches => "Zu Ihren Filtern gibt es in diesem Zeitraum keine Termine.", "No dates in this period match your filters.";
    NoEventsInRange => "In diesem Zeitraum ist nichts geplant.", "Nothing is planned in this period.";
    NothingThisDay => "Keine Termine", "No dates";
    More => "weitere", "more";
    Cancelled => "Fällt aus", "Cancelled";
    FullyBooked => "Ausgebucht – Warteliste", "Fully booked – waitlist";
    SeatsLeft => "Plätze frei", "places left";
    PriceFree => "Eintritt frei", "Free";
    PriceDonation => "Gegen Spende", "Pay what you like";
    AudienceEveryone => "Alle", "Everyone";
    AudienceChildren => "Kinder", "Children";
    AudienceYouth => "Jugendliche", "Young people";
    AudienceFamilies => "Familien", "Families";
    AudienceSeniors => "Ältere Menschen", "Older people";
    LanguageGerman => "Deutsch", "German";
    LanguageEnglish => "Englisch", "English";
    LanguageTurkish => "Türkisch", "Turkish";
    LanguageArabic => "Arabisch", "Arabic";
    LanguageUkrainian => "Ukrainisch", "Ukrainian";
    LanguageRussian => "Russisch", "Russian";
    SubscribeHeading => "Kalender abonnieren", "Subscribe to the calendar";
    SubscribeIntro => "Holen Sie sich diese Auswahl in Ihren eigenen Kalender (Handy, Outlook, Thunderbird). Änderungen kommen von selbst.", "Get this selection into your own calendar (phone, Outlook, Thunderbird). Changes arrive by themselves.";
    SubscribeWebcal => "Abonnieren (webcal)", "Subscribe (webcal)";
    DownloadIcs => "Als .ics-Datei herunterladen", "Download as an .ics file";
    PrintWeek => "Wochenprogramm drucken", "Print the weekly programme";

    EventCancelledBanner => "Dieser Termin fällt aus.", "This date is cancelled.";
    EventActions => "In den eigenen Kalender und teilen", "Add to your calendar and share";
    AddToCalendar => "In meinen Kalender (.ics)", "Add to my calendar (.ics)";
    ShareByMail => "Per E-Mail teilen", "Share by e-mail";
    ShareLink => "Link zum Teilen", "Link to share";
    NextDates => "Die nächsten Termine", "Next dates";
    BackToCalendar => "Zum Kalender", "To the calendar";
    FieldPrice => "Kosten", "Price";
    FieldAccessibility => "Barrierefreiheit", "Accessibility";
    AccessAskUs => "Nicht stufenlos. Fragen Sie uns, wir helfen gern.", "Not step-free. Ask us, we are glad to help.";
    FieldOrganiser => "Veranstaltet von", "Organised by";
    FieldContact => "Kontakt", "Contact";
    FieldContactHint => "E-Mail-Adresse oder Telefonnummer für Fragen", "E-mail address or phone number for questions";
    FieldAccessibilityHint => "Zum Beispiel: stufenloser Zugang, Induktionsschleife, Sitzplätze", "For example: step-free access, hearing loop, seating";
    FieldLanguages => "Sprachen", "Languages";
    PriceAmount => "Fester Betrag", "Fixed amount";
    FieldPriceAmount => "Betrag in Euro", "Amount in euros";
    FieldPriceAmountHint => "Nur bei festem Betrag, z. B. 3,50", "Only for a fixed amount, e.g. 3.50";
    PriceInvalid => "Bitte geben Sie einen Betrag zwischen 0,01 und 1.000 Euro an, z. B. 3,50.", "Please enter an amount between 0.01 and 1,000 euros, e.g. 3.50.";
    AccessibilityTooLong => "Die Hinweise zur Barrierefreiheit sind zu lang (höchstens 1.000 Zeichen).", "The accessibility notes are too long (at most 1,000 characters).";
    ContactTooLong => "Der Kontakt ist zu lang (höchstens 200 Zeichen).", "The contact is too long (at most 200 characters).";
    OneLineOnly => "Bitte schreiben Sie dies in eine Zeile, ohne Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen.", "Please write this on one line, without line breaks, tabs or other control characters.";
    ControlCharacters => "Der Text enthält unsichtbare Steuerzeichen. Bitte entfernen Sie sie; Zeilenumbrüche dürfen bleiben.", "The text contains invisible control characters. Please remove them; line breaks may stay.";
    RegistrationHeading => "Anmeldung", "Registration";
    SeatsLeftOf => "von", "of";
    PeopleWaiting => "Personen auf der Warteliste.", "people on the waitlist.";
    RegisterNeedsLogin => "Zum Anmelden brauchen Sie ein Konto.", "You need an account to register.";
    RegisterNow => "Verbindlich anmelden", "Register";
    JoinWaitlist => "Auf die Warteliste setzen", "Join the waitlist";
    CancelRegistration => "Anmeldung zurückziehen", "Cancel my registration";
    RegistrationCancelled => "Sie haben sich abgemeldet. Sie können sich jederzeit wieder anmelden.", "You have cancelled. You can register again at any time.";
    YouAreRegistered => "Sie sind angemeldet. Wir freuen uns auf Sie!", "You are registered. We look forward to seeing you!";
    YouAreWaiting => "Sie stehen auf der Warteliste, auf Platz", "You are on the waitlist, in place";

    ScreenHeading => "Heute im Alte Körne Haus", "Today at the Alte Körne Haus";
    ScreenNothingToday => "Heute finden keine Veranstaltungen statt.", "There are no events today.";
    WeeklyProgramme => "Wochenprogramm", "Weekly programme";
    PrintNow => "Drucken", "Print";
    PrintHint => "Die Seite ist für A4 eingerichtet.", "The page is set up for A4.";

    NavMyCalendar => "Meine Termine", "My dates";
    NoRegistrations => "Sie sind für keinen Termin angemeldet.", "You are not registered for any date.";
    PrivateFeedHeading => "Meine Termine im eigenen Kalender", "My dates in my own calendar";
    PrivateFeedIntro => "Ein privater Link bringt Ihre Anmeldungen in Ihren Kalender. Geben Sie ihn nicht weiter: Wer ihn kennt, sieht Ihre Termine.", "A private link brings your registrations into your calendar. Do not share it: anyone who has it sees your dates.";
    PrivateFeedExists => "Sie haben schon einen privaten Link. Ein neuer Link ersetzt ihn; der alte funktioniert dann nicht mehr.", "You already have a private link. A new link replaces it; the old one then stops working.";
    PrivateFeedYourLink => "Ihr privater Link (wird nur jetzt angezeigt)", "Your private link (shown only now)";
    PrivateFeedCreate => "Neuen privaten Link erzeugen", "Create a new private link";
    PrivateFeedRevoke => "Link widerrufen", "Revoke the link";

    LoginHeading => "Anmelden", "Log in";
    LoginIntro => "Melden Sie sich an, um Veranstaltungen zu planen, sich für Kurse anzumelden oder Schichten zu übernehmen. Zum Anschauen des Programms brauchen Sie kein Konto.", "Log in to plan events, register for courses or take on shifts. You do not need an account to look at the programme.";
    SignupHeading => "Konto anlegen", "Create an account";
    FieldEmail => "E-Mail-Adresse", "Email address";
    FieldPassword => "Passwort", "Password";
    PasswordHint => "Mindestens 10 Zeichen.", "At least 10 characters.";
    FieldDisplayName => "Name, den andere sehen", "Name others see";
    SubmitLogin => "Anmelden", "Log in";
    SubmitSignup => "Konto anlegen", "Create account";
    NoAccountYet => "Noch kein Konto?", "No account yet?";
    HaveAccount => "Sie haben schon ein Konto?", "Already have an account?";
    LoginFailed => "E-Mail-Adresse oder Passwort ist nicht richtig.", "Email address or password is not correct.";
    EmailInvalid => "Bitte geben Sie eine gültige E-Mail-Adresse ein.", "Please enter a valid email address.";
    EmailTaken => "Für diese E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich an.", "There is already an account for this email address. Please log in.";
    PasswordTooShort => "Das Passwort muss mindestens 10 Zeichen lang sein.", "The password must be at least 10 characters long.";
    PasswordTooLong => "Das Passwort darf höchstens 256 Zeichen lang sein.", "The password may be at most 256 characters long.";
    DisplayNameRequired => "Bitte geben Sie einen Namen ein.", "Please enter a name.";
    DisplayNameTooLong => "Der Name darf höchstens 80 Zeichen lang sein.", "The name may be at most 80 characters long.";

    ErrorBadRequest => "Diese Anfrage konnten wir nicht lesen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.", "We could not read this request. Please reload the page and try again.";
    ErrorUnauthorized => "Bitte melden Sie sich zuerst an.", "Please log in first.";
    ErrorForbidden => "Dafür fehlt Ihrem Konto die Berechtigung.", "Your account is not allowed to do this.";
    ErrorNotFound => "Das haben wir nicht gefunden.", "We could not find that.";
    ErrorInvalid => "Bitte prüfen Sie die markierten Felder.", "Please check the marked fields.";
    ErrorTooManyRequests => "Zu viele Versuche. Bitte warten Sie ein paar Minuten und versuchen Sie es dann erneut.", "Too many attempts. Please wait a few minutes and try again.";
    ErrorUnavailable => "Der Server ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.", "The server cannot be reached right now. Please try again in a moment.";
    ErrorInternal => "Da ist etwas schiefgelaufen. Bitte versuchen Sie es später erneut.", "Something went wrong. Please try again later.";
    NotFoundHeading => "Seite nicht gefunden", "Page not found";
    NotFoundText => "Diese Seite gibt es nicht. Vielleicht hilft Ihnen das Programm weiter.", "This page does not exist. The programme may help you further.";
    BackToProgramme => "Zum Programm", "To the programme";
}

/// A key that sorts German and English labels as a reader expects: case and
/// umlauts do not push a word to the end ("Ärztin" sorts with "Arzt").
pub fn sort_key(label: &str) -> String {
    label
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'ä' => vec!['a'],
            'ö' => vec!['o'],
            'ü' => vec!['u'],
            'ß' => vec!['s', 's'],
            other => vec![other],
        })
        .collect()
}

const WEEKDAYS: [[&str; 7]; 2] = [
    ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
];
const MONTHS: [[&str; 12]; 2] = [
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

/// "Dezember 2026" / "December 2026".
pub fn format_month(locale: Locale, date: NaiveDate) -> String {
    format!(
        "{} {}",
        MONTHS[locale as usize][date.month0() as usize],
        date.year()
    )
}

/// The weekday's abbreviation and full name: ("Mo.", "Montag").
pub fn weekday_name(locale: Locale, day: chrono::Weekday) -> (&'static str, &'static str) {
    const LONG: [[&str; 7]; 2] = [
        [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ],
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
    ];
    let i = day.num_days_from_monday() as usize;
    (WEEKDAYS[locale as usize][i], LONG[locale as usize][i])
}

/// "Di., 1. Dezember 2026" / "Tue 1 December 2026".
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    let l = locale as usize;
    let weekday = WEEKDAYS[l][date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[l][date.month0() as usize];
    match locale {
        Locale::De => format!("{weekday}, {}. {month} {}", date.day(), date.year()),
        Locale::En => format!("{weekday} {} {month} {}", date.day(), date.year()),
    }
}

/// "18:00".
pub fn format_clock(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "2026-12-01T18:00", as HTML's `datetime` attribute wants it.
pub fn machine_date_time(t: NaiveDateTime) -> String {
    format!("{}T{}", machine_date(t.date()), format_clock(t))
}

/// "2026-12-01".
pub fn machine_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// "18:00–20:00 Uhr", with the end date when the event runs past midnight.
pub fn format_time_range(locale: Locale, start: NaiveDateTime, end: NaiveDateTime) -> String {
    let suffix = Msg::TimeSuffix.text(locale);
    let end_text = if end.date() == start.date() {
        format_clock(end)
    } else {
        format!("{}, {}", format_date(locale, end.date()), format_clock(end))
    };
    let text = format!("{}–{end_text} {suffix}", format_clock(start));
    text.trim_end().to_owned()
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

    #[test]
    fn every_message_has_a_non_empty_german_text() {
        for msg in Msg::ALL {
            assert!(
                !msg.text(Locale::De).is_empty(),
                "{msg:?} has no German text"
            );
        }
    }

    #[test]
    fn every_message_but_the_time_suffix_has_an_english_text() {
        for msg in Msg::ALL.iter().filter(|m| **m != Msg::TimeSuffix) {
            assert!(
                !msg.text(Locale::En).is_empty(),
                "{msg:?} has no English text"
            );
        }
    }

    #[test]
    fn labels_sort_regardless_of_case_and_umlauts() {
        let mut labels = vec![
            "Yoga",
            "Öffentliches Café",
            "eltern-Kind-Turnen",
            "Offenes Café",
            "Zumba",
        ];
        labels.sort_by_cached_key(|l| sort_key(l));
        assert_eq!(
            labels,
            [
                "eltern-Kind-Turnen",
                "Offenes Café",
                "Öffentliches Café",
                "Yoga",
                "Zumba"
            ]
        );
    }

    #[test]
    fn dates_and_times_read_naturally_in_each_language() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date");
        assert_eq!(format_date(Locale::De, date), "Di., 1. Dezember 2026");
        assert_eq!(format_date(Locale::En, date), "Tue 1 December 2026");
        let start = date.and_hms_opt(18, 0, 0).expect("valid time");
        let end = date.and_hms_opt(20, 30, 0).expect("valid time");
        assert_eq!(format_time_range(Locale::De, start, end), "18:00–20:30 Uhr");
        assert_eq!(format_time_range(Locale::En, start, end), "18:00–20:30");
        assert_eq!(machine_date_time(start), "2026-12-01T18:00");
        let next_day = NaiveDate::from_ymd_opt(2026, 12, 2)
            .expect("valid")
            .and_hms_opt(1, 5, 0)
            .expect("valid");
        assert_eq!(
            format_time_range(Locale::De, start, next_day),
            "18:00–Mi., 2. Dezember 2026, 01:05 Uhr"
        );
    }
}
