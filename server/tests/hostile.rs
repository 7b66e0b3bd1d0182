//! The hostile-input walk: an organiser saves titles, descriptions, contacts and
//! accessibility notes made to break out of every place they are shown, and each
//! surface is read byte for byte: the text stays text (escaped for its place),
//! none of its markup survives, and line breaks or control characters in
//! one-line fields are refused at the field.
mod common;

use app::db::testing::TestDb;
use common::{ORGANISER, TestApp, client_for, open_day, run};
use reqwest::StatusCode;
use serde_json::Value;

/// Ends `<title>`, starts a redirect, breaks out of an attribute and a script;
/// `;` and `,` need escaping in iCalendar.
const TITLE: &str = "Nachtfest</title><meta http-equiv=\"refresh\" content=\"0;url=//x.example\">, <b>; </script>\"><img src=x onerror=alert(1)>";
/// Ends the editor's `<textarea>`, a script and a comment; lines that would be
/// calendar properties if a line break reached the file raw.
const DESCRIPTION: &str = "</textarea><img src=x onerror=alert(2)></script><script>alert(3)</script>\n<a href=\"javascript:alert(4)\">Klick</a> javascript:alert(5) -->\r\nATTENDEE:mailto:evil@example.org\nZweite Zeile; mit, Komma \\ Ende";
const ACCESSIBILITY: &str = "</textarea><svg onload=alert(6)>\nRampe & Aufzug";
const CONTACT: &str = "javascript:alert(7)\"><img src=x onerror=alert(8)>";

/// Markup of theirs that must never reach an HTML page as it is.
const RAW: [&str; 10] = [
    "</title><meta",
    "<meta http-equiv",
    "<img src=x",
    "<svg onload",
    "<script>alert",
    "</textarea><img",
    "</textarea><svg",
    "<b>",
    "\"><img",
    "<a href=\"javascript",
];

#[test]
fn hostile_text_stays_text_on_every_surface_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        hostile_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn hostile_text_stays_text_on_every_surface_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        hostile_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

/// Text as tachys writes a text node: `&`, `<`, `>` escaped.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text as the app escapes it where the server writes raw (`<title>`, `<textarea>`).
fn html_escaped(text: &str) -> String {
    html_text(text)
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// An attribute value as a browser reads it (the entities escapers use).
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// A TEXT value as RFC 5545 §3.3.11 writes it (a CR is dropped, a LF is `\n`).
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\r', "")
        .replace('\n', "\\n")
}

/// The text between the end of the first tag that starts with `open` and the
/// next `close`.
fn inside<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let body = start + html[start..].find('>')? + 1;
    let end = body + html[body..].find(close)?;
    Some(&html[body..end])
}

/// A tag's attributes (the text after its name), read the way a browser would:
/// a value ends at its first raw `"`.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag;
    while let Some((name, after)) = rest.split_once("=\"") {
        let Some((raw, tail)) = after.split_once('"') else {
            break;
        };
        let name = name.rsplit(' ').next().unwrap_or_default();
        found.push((name.to_owned(), decode_entities(raw)));
        rest = tail;
    }
    found
}

/// The attributes of every tag of the page: text has its `<` escaped, so each
/// raw `<` opens a tag.
fn tags(html: &str) -> impl Iterator<Item = Vec<(String, String)>> + '_ {
    html.match_indices('<').filter_map(|(at, _)| {
        let end = html[at..].find('>')?;
        Some(attributes(&html[at + 1..at + end]))
    })
}

/// The `content` of the first `<meta>` whose attributes include `key="value"`.
fn meta_content(html: &str, key: &str, value: &str) -> Option<String> {
    html.match_indices("<meta ").find_map(|(at, _)| {
        let end = html[at..].find('>')?;
        let attributes = attributes(&html[at..at + end]);
        let wanted = attributes.iter().any(|(n, v)| n == key && v == value);
        let content = attributes.into_iter().find(|(n, _)| n == "content");
        content.filter(|_| wanted).map(|(_, v)| v)
    })
}

fn assert_no_raw_markup(surface: &str, html: &str) {
    for raw in RAW {
        assert!(
            !html.contains(raw),
            "{surface} carries their markup {raw:?}"
        );
    }
    for attributes in tags(html) {
        for (name, value) in attributes {
            let link = matches!(name.as_str(), "href" | "src" | "action" | "formaction");
            let url = value.trim().to_ascii_lowercase();
            assert!(
                !(link && url.starts_with("javascript:")),
                "{surface}: a script link {name}={value:?}"
            );
        }
    }
}

/// iCalendar text: every line ends in CRLF, none is injected by their text, and
/// the SUMMARY and DESCRIPTION of their date are exactly the escaped texts.
fn assert_calendar_file(surface: &str, ics: &str) {
    let without_crlf = ics.replace("\r\n", "");
    assert!(
        !without_crlf.contains('\r') && !without_crlf.contains('\n'),
        "{surface}: a bare CR or LF"
    );
    let unfolded = ics.replace("\r\n ", "");
    for line in unfolded.split("\r\n") {
        assert!(
            !line.starts_with("ATTENDEE"),
            "{surface}: an injected line {line:?}"
        );
    }
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    let summary = format!("SUMMARY:{}", ics_text(TITLE));
    let description = format!("DESCRIPTION:{}", ics_text(DESCRIPTION));
    assert!(
        lines.contains(&summary.as_str()),
        "{surface}: no line {summary:?}"
    );
    assert!(
        lines.contains(&description.as_str()),
        "{surface}: no line {description:?}"
    );
}

async fn text(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let response = client
        .get(url)
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    (response.status(), response.text().await.expect("body"))
}

async fn post(app: &TestApp, function: &str, form: &[(&str, String)]) -> (StatusCode, String) {
    let response = app
        .client
        .post(app.url(&format!("/api/calendar/{function}")))
        .form(form)
        .send()
        .await
        .expect("request");
    (response.status(), response.text().await.expect("body"))
}

async fn hostile_walk(app: &TestApp) {
    assert!(
        app.login(ORGANISER, app::demo::DEMO_PASSWORD)
            .await
            .is_success()
    );
    let (room, category) = app.first_room_and_category().await;
    let day = open_day(9);
    let form = |title: &str, description: &str, accessibility: &str, contact: &str| {
        vec![
            ("title", title.to_owned()),
            ("description", description.to_owned()),
            ("room_id", room.clone()),
            ("category_id", category.clone()),
            ("starts_at", format!("{day}T06:00")),
            ("ends_at", format!("{day}T07:00")),
            ("price_kind", "free".to_owned()),
            ("accessibility", accessibility.to_owned()),
            ("contact", contact.to_owned()),
        ]
    };
    refused_at_the_field(app, &form).await;
    let (status, body) = post(
        app,
        "create_event",
        &form(TITLE, DESCRIPTION, ACCESSIBILITY, CONTACT),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id: i64 = body.trim().parse().expect("the new date's id");

    // A refused change keeps what is saved (rule 5): the editor below reads it back.
    let mut change = form(
        "Nachtfest\r\nBcc: alle@example.org",
        DESCRIPTION,
        ACCESSIBILITY,
        CONTACT,
    );
    change.extend([
        ("occurrence_id", id.to_string()),
        ("scope", "all".to_owned()),
    ]);
    let (status, body) = post(app, "change_series", &change).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("OneLineOnly") && body.contains("\"title\""),
        "{body}"
    );

    editor_page(app, id).await;
    let anonymous = client_for(&app.base);
    event_page(app, &anonymous, id).await;

    for view in ["month", "week", "day", "list"] {
        let url = app.url(&format!("/calendar?view={view}&date={day}"));
        let (status, html) = text(&anonymous, &url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert!(
            html.contains(&html_text(TITLE)),
            "{url} shows the title as text"
        );
        assert_no_raw_markup(&url, &html);
    }
    // The same views as the browser fetches them while it navigates: HTML in JSON.
    for view in ["Month", "Week", "Day", "Agenda"] {
        let query = [
            ("query[view]", view.to_owned()),
            ("query[date]", day.to_string()),
            ("query[filter][free]", "false".to_owned()),
            ("query[filter][step_free]", "false".to_owned()),
            ("query[filter][text]", String::new()),
        ];
        let (status, json) = post(app, "html", &query).await;
        assert_eq!(status, StatusCode::OK, "calendar/html {view}: {json}");
        let html: String = serde_json::from_str(&json).expect("the views as a JSON string");
        assert!(
            html.contains(&html_text(TITLE)),
            "calendar/html {view} shows the title as text"
        );
        assert_no_raw_markup(&format!("calendar/html {view}"), &html);
    }
    let (status, json) = post(app, "programme_html", &[]).await;
    assert_eq!(status, StatusCode::OK, "calendar/programme_html: {json}");
    let html: String = serde_json::from_str(&json).expect("the list as a JSON string");
    assert_no_raw_markup("calendar/programme_html", &html);
    let week = format!("/print/week?date={day}");
    for path in ["/screen", "/", week.as_str()] {
        let (status, html) = text(&anonymous, &app.url(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_no_raw_markup(path, &html);
        if path == week {
            assert!(
                html.contains(&html_text(TITLE)),
                "{path} shows the title as text"
            );
        }
    }

    let (status, ics) = text(&anonymous, &app.url(&format!("/events/{id}/ics"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_calendar_file(&format!("/events/{id}/ics"), &ics);
    let (status, feed) = text(&anonymous, &app.url("/feeds/calendar.ics")).await;
    assert_eq!(status, StatusCode::OK);
    assert_calendar_file("/feeds/calendar.ics", &feed);

    let api = app.url(&format!("/api/v1/events?from={day}&to={day}"));
    let response = anonymous.get(&api).send().await.expect("api");
    let kind = response.headers().get("content-type").cloned();
    assert!(
        kind.is_some_and(|k| k.as_bytes().starts_with(b"application/json")),
        "the API is JSON, never read as a page"
    );
    let json: Value = response.json().await.expect("json");
    let event = json["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["id"] == id))
        .expect("the API lists the date");
    assert_eq!(
        event["title"], TITLE,
        "the API gives the text as it was saved"
    );
    assert_eq!(event["description"], DESCRIPTION);
}

/// Line breaks and control characters in one-line fields, and stray control
/// characters in texts of several lines, get a 422 at their field; nothing is saved.
async fn refused_at_the_field(
    app: &TestApp,
    form: &impl Fn(&str, &str, &str, &str) -> Vec<(&'static str, String)>,
) {
    let cases = [
        (
            "title",
            form("Nachtfest\r\nBcc: alle@example.org", "", "", ""),
            "OneLineOnly",
        ),
        ("title", form("Nachtfest\nzwei", "", "", ""), "OneLineOnly"),
        ("title", form("Nachtfest\u{0}", "", "", ""), "OneLineOnly"),
        (
            "title",
            form("Nachtfest\u{1b}[2J", "", "", ""),
            "OneLineOnly",
        ),
        ("title", form("Nachtfest\u{7f}", "", "", ""), "OneLineOnly"),
        ("title", form("Nachtfest\tTab", "", "", ""), "OneLineOnly"),
        (
            "contact",
            form("Nachtfest", "", "", "a@example.org\r\nX-Evil: 1"),
            "OneLineOnly",
        ),
        (
            "description",
            form("Nachtfest", "Text\u{0}", "", ""),
            "ControlCharacters",
        ),
        (
            "accessibility",
            form("Nachtfest", "", "Rampe\u{7}", ""),
            "ControlCharacters",
        ),
    ];
    for (field, form, message) in cases {
        let (status, body) = post(app, "create_event", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        assert!(
            body.contains(&format!("\"{field}\"")) && body.contains(message),
            "{field}: {body}"
        );
    }
    let day = open_day(9);
    let api = app.url(&format!("/api/v1/events?from={day}&to={day}"));
    let (status, json) = text(&app.client, &api).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !json.contains("Nachtfest"),
        "nothing refused was saved: {json}"
    );
}

/// The organisers' editor: each textarea holds exactly the escaped text, and
/// the one-line fields' values read back as saved.
async fn editor_page(app: &TestApp, id: i64) {
    let url = app.url(&format!("/events/{id}/edit"));
    let (status, html) = text(&app.client, &url).await;
    assert_eq!(status, StatusCode::OK, "{url}");
    assert_no_raw_markup(&url, &html);
    assert_eq!(
        inside(&html, "<textarea id=\"description\"", "</textarea>"),
        Some(html_escaped(DESCRIPTION).as_str()),
        "the description's textarea"
    );
    assert_eq!(
        inside(&html, "<textarea id=\"accessibility\"", "</textarea>"),
        Some(html_escaped(ACCESSIBILITY).as_str()),
        "the accessibility notes' textarea"
    );
    for (name, saved) in [("title", TITLE), ("contact", CONTACT)] {
        let tag = format!("id=\"{name}\" name=\"{name}\" value=\"");
        let at = html
            .find(&tag)
            .unwrap_or_else(|| panic!("the {name} field"));
        let value = &html[at + tag.len()..];
        let value = &value[..value.find('"').expect("the value ends")];
        assert_eq!(decode_entities(value), saved, "the {name} field's value");
    }
}

/// The public event page: `<title>`, heading, JSON-LD and OpenGraph, byte for byte.
async fn event_page(app: &TestApp, anonymous: &reqwest::Client, id: i64) {
    let url = app.url(&format!("/events/{id}"));
    let (status, html) = text(anonymous, &url).await;
    assert_eq!(status, StatusCode::OK, "{url}");
    assert_no_raw_markup(&url, &html);
    assert_eq!(
        inside(&html, "<title", "</title>"),
        Some(format!("{} · Treffpunkt", html_escaped(TITLE)).as_str()),
        "<title> holds the escaped title"
    );
    assert_eq!(html.matches("<title>").count(), 1, "one <title>");
    assert!(
        html.contains(&format!("<h1 dir=\"auto\">{}</h1>", html_text(TITLE))),
        "the heading"
    );
    assert!(html.contains(&html_text(CONTACT)), "the contact as text");
    assert!(
        html.contains(&html_text("Rampe & Aufzug")),
        "the notes as text"
    );
    let ld = inside(&html, "<script type=\"application/ld+json\"", "</script>").expect("JSON-LD");
    for c in ['<', '>', '&'] {
        assert!(!ld.contains(c), "JSON-LD escapes {c:?}: {ld}");
    }
    assert!(ld.contains("\\u003c/script\\u003e"), "{ld}");
    let ld: Value = serde_json::from_str(ld).expect("JSON-LD is JSON");
    assert_eq!(ld["name"], TITLE);
    assert_eq!(ld["description"], DESCRIPTION);
    assert_eq!(
        meta_content(&html, "property", "og:title").as_deref(),
        Some(TITLE)
    );
    let og_description: String = DESCRIPTION.chars().take(200).collect();
    assert_eq!(
        meta_content(&html, "property", "og:description").as_deref(),
        Some(og_description.as_str())
    );
    assert_eq!(
        meta_content(&html, "name", "description").as_deref(),
        Some(og_description.as_str())
    );
}
