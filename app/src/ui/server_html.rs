//! HTML the server rendered, shown by a container's `inner_html`.
//!
//! A part that is the same for every visitor (the calendar's views) is rendered
//! once on the server and kept briefly (`kernel::cache`), so a signed-in page costs
//! its own frame and header, not the whole programme again. The browser never
//! hydrates inside it: links and forms in it work through the router's links and
//! the container's delegated handlers.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerHtml {
    pub html: Arc<str>,
    /// Whether the HTML goes over the wire when serialised. A value rendered into
    /// the page itself does not: the browser keeps the HTML the server wrote
    /// (hydration leaves an `inner_html` container as it is), so the page's
    /// hydration data need not carry it a second time.
    travels: bool,
}

impl ServerHtml {
    /// HTML rendered into the page that is being written.
    pub fn in_page(html: Arc<str>) -> Self {
        Self {
            html,
            travels: false,
        }
    }

    /// HTML sent to a browser that asked for it (a navigation after hydration).
    pub fn to_send(html: Arc<str>) -> Self {
        Self {
            html,
            travels: true,
        }
    }
}

impl Serialize for ServerHtml {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if self.travels { &self.html } else { "" })
    }
}

impl<'de> Deserialize<'de> for ServerHtml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let html = String::deserialize(deserializer)?;
        Ok(Self::to_send(html.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_in_the_page_is_not_sent_twice_but_fetched_html_arrives_whole() {
        let html: Arc<str> = Arc::from("<p>Repair-Café</p>");
        let in_page = serde_json::to_string(&ServerHtml::in_page(html.clone())).expect("json");
        assert_eq!(in_page, "\"\"");
        let sent = serde_json::to_string(&ServerHtml::to_send(html.clone())).expect("json");
        let back: ServerHtml = serde_json::from_str(&sent).expect("json");
        assert_eq!(back.html, html);
    }
}
