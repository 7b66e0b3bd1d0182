//! Free texts of the forms: what one-line and multi-line fields must not hold.

/// Whether a one-line text (a title, a contact) holds a line break or another
/// control character. Such texts reach mail subjects, calendar files, log lines
/// and headers, where a line break starts something new; nobody types them on purpose.
pub fn breaks_line(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Whether a text of several lines (a description) holds a control character
/// other than a line break or a tab.
pub fn has_stray_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}
