//! The document title. `leptos_meta` writes a `<Title>`'s text into the server-rendered head
//! without escaping it, so a title carrying a person's input (an institution's name) could end
//! the `<title>` element and start a script. Every page sets its title through [`PageTitle`],
//! which escapes on the server; in the browser the text is assigned to `document.title`, where
//! it is plain text already.

use leptos::prelude::*;
use leptos_meta::Title;

/// Text made safe for an HTML text node or a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = escape_html(&text);
    view! { <Title text /> }
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn markup_in_a_title_stays_text() {
        assert_eq!(
            escape_html("x</title><script>alert(1)</script>"),
            "x&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape_html("Panti \"Budi\" & 'Mulia'"), "Panti &quot;Budi&quot; &amp; &#39;Mulia&#39;");
    }
}
