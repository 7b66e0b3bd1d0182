//! Markdown that people write (offer descriptions, messages) as HTML that is
//! safe to put in a page: pulldown-cmark parses it, raw HTML in it is shown as
//! text, and ammonia keeps only plain formatting and http(s)/mailto links.
use pulldown_cmark::{Event, Options, Parser, html};
use std::collections::HashSet;

const TAGS: [&str; 15] = [
    "p",
    "br",
    "em",
    "strong",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "hr",
];

/// The sanitised HTML of `markdown`.
pub fn to_safe_html(markdown: &str) -> String {
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            // Written HTML is text to show, never markup.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        });
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .tags(HashSet::from(TAGS))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn formatting_stays_and_links_get_a_safe_rel() {
        let html = to_safe_html(
            "**Fahrräder** und *Toaster*\n\n- eins\n- [Plan](https://example.org/plan)",
        );
        assert!(html.contains("<strong>Fahrräder</strong>"), "{html}");
        assert!(html.contains("<em>Toaster</em>"), "{html}");
        assert!(html.contains("<li>eins</li>"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://example.org/plan" rel="noopener noreferrer nofollow">Plan</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn scripts_raw_html_and_script_links_never_become_markup() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[klick](javascript:alert(1))",
            "[klick](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![bild](data:text/html;base64,PHNjcmlwdD4=)",
            "<iframe src=https://example.org></iframe>",
            "<div onclick=alert(1)>x</div>",
        ] {
            let html = to_safe_html(hostile).to_lowercase();
            // Escaped, such text is harmless; as markup it is not.
            for markup in [
                "<script",
                "<img",
                "<iframe",
                "<div",
                "<a href=\"javascript",
                "<a href=\"data",
            ] {
                assert!(!html.contains(markup), "{hostile} gave {html}");
            }
        }
        assert!(to_safe_html("<b>fett</b>").contains("&lt;b&gt;fett&lt;/b&gt;"));
    }
}
