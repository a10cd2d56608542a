//! Markdown from a dialog, as HTML that is safe to show: what the service owner wrote is untrusted,
//! so raw HTML in it is shown as text, links go only to http(s) and mailto addresses, and images
//! become links (the page loads nothing from elsewhere).

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// `text` (markdown) as HTML with nothing in it that runs or loads.
pub fn render(text: &str) -> String {
    let events =
        Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Link { link_type, dest_url: safe(dest_url), title, id })
            }
            Event::Start(Tag::Image { dest_url, title, id, .. }) => {
                Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url: safe(dest_url), title, id })
            }
            Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
            other => other,
        });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The address, if it is one a person may be sent to; else nowhere.
fn safe(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim_start().to_ascii_lowercase();
    if ["https://", "http://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme)) { url } else { "#".into() }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_renders_and_what_could_run_or_load_does_not() {
        assert_eq!(render("**fet** og _kursiv_"), "<p><strong>fet</strong> og <em>kursiv</em></p>\n");
        let raw = render("<script>alert(1)</script>\n\nTekst <b>rå</b> <img src=x onerror=alert(1)>");
        assert!(!raw.contains("<script") && !raw.contains("<b>") && !raw.contains("<img"), "{raw}");
        assert!(raw.contains("&lt;script&gt;") && raw.contains("&lt;b&gt;"), "shown as text: {raw}");
        assert_eq!(render("[her](javascript:alert(1))"), "<p><a href=\"#\">her</a></p>\n");
        assert_eq!(render("[her](https://example.no/a)"), "<p><a href=\"https://example.no/a\">her</a></p>\n");
        let image = render("![logo](https://example.no/logo.png)");
        assert!(!image.contains("<img") && image.contains("href=\"https://example.no/logo.png\""), "{image}");
    }
}
