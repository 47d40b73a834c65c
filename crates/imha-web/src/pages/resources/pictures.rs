//! The Easy Read pictures: 13 simple drawings as inline SVG, each with its text alternative as
//! the `<title>` (`role="img"`, named by `aria-labelledby`). Drawn in the text colour
//! (`currentColor`) so they keep the page's contrast.

use super::escape;

/// The drawing (SVG elements in a 100 x 100 box) for a picture name.
fn drawing(name: &str) -> &'static str {
    match name {
        // A person with a speech bubble beside them: someone who speaks up for you.
        "advocate" => {
            r#"<circle cx="35" cy="30" r="12"/><path d="M15 85 Q15 50 35 50 Q55 50 55 85 Z"/><path d="M58 12 h34 v22 h-20 l-8 8 v-8 h-6 Z"/><line x1="64" y1="20" x2="86" y2="20"/><line x1="64" y1="27" x2="80" y2="27"/>"#
        }
        // A building with a cross.
        "hospital" => {
            r#"<rect x="15" y="30" width="70" height="58"/><path d="M10 32 L50 10 L90 32"/><path d="M45 40 h10 v10 h10 v10 h-10 v10 h-10 v-10 h-10 v-10 h10 Z"/><rect x="42" y="74" width="16" height="14"/>"#
        }
        // A calendar page.
        "calendar" => {
            r#"<rect x="15" y="20" width="70" height="65" rx="4"/><line x1="15" y1="35" x2="85" y2="35"/><line x1="32" y1="12" x2="32" y2="26"/><line x1="68" y1="12" x2="68" y2="26"/><rect x="25" y="45" width="10" height="10"/><rect x="45" y="45" width="10" height="10"/><rect x="65" y="45" width="10" height="10"/><rect x="25" y="65" width="10" height="10"/><rect x="45" y="65" width="10" height="10"/>"#
        }
        // Three people behind a long table.
        "tribunal" => {
            r#"<circle cx="25" cy="30" r="8"/><circle cx="50" cy="27" r="8"/><circle cx="75" cy="30" r="8"/><path d="M15 55 Q25 40 35 55"/><path d="M40 52 Q50 37 60 52"/><path d="M65 55 Q75 40 85 55"/><rect x="8" y="56" width="84" height="10"/><line x1="15" y1="66" x2="15" y2="88"/><line x1="85" y1="66" x2="85" y2="88"/>"#
        }
        // Two people facing each other with speech bubbles.
        "talk" => {
            r#"<circle cx="22" cy="55" r="9"/><path d="M8 92 Q8 68 22 68 Q36 68 36 92"/><circle cx="78" cy="55" r="9"/><path d="M64 92 Q64 68 78 68 Q92 68 92 92"/><path d="M10 12 h32 v18 h-18 l-6 7 v-7 h-8 Z"/><path d="M58 20 h32 v18 h-8 v7 l-6 -7 h-18 Z"/>"#
        }
        // An envelope.
        "letter" => {
            r#"<rect x="12" y="25" width="76" height="52" rx="3"/><path d="M12 27 L50 55 L88 27"/>"#
        }
        // Two adults and a child.
        "family" => {
            r#"<circle cx="28" cy="28" r="10"/><path d="M12 88 Q12 44 28 44 Q44 44 44 88"/><circle cx="72" cy="28" r="10"/><path d="M56 88 Q56 44 72 44 Q88 44 88 88"/><circle cx="50" cy="55" r="7"/><path d="M40 88 Q40 66 50 66 Q60 66 60 88"/>"#
        }
        // A capsule and a round tablet.
        "medicine" => {
            r#"<rect x="12" y="40" width="50" height="22" rx="11" transform="rotate(-30 37 51)"/><line x1="37" y1="38" x2="37" y2="64" transform="rotate(-30 37 51)"/><circle cx="72" cy="68" r="14"/><line x1="62" y1="68" x2="82" y2="68"/>"#
        }
        // A question mark in a circle.
        "question" => {
            r#"<circle cx="50" cy="50" r="38"/><path d="M38 38 Q38 24 50 24 Q63 24 63 37 Q63 46 50 50 L50 60"/><circle cx="50" cy="72" r="3"/>"#
        }
        // A hand held out to another hand.
        "help" => {
            r#"<path d="M8 60 h26 l14 -8 q6 -3 8 3 l-14 10 h20 l22 -14 q7 -3 8 4 l-26 22 h-58"/><circle cx="70" cy="25" r="10"/>"#
        }
        // A telephone handset.
        "phone" => {
            r#"<path d="M28 14 l14 18 l-8 8 q6 14 26 26 l8 -8 l18 14 l-8 12 q-36 2 -62 -36 Q14 20 28 14 Z"/>"#
        }
        // A padlock.
        "lock" => {
            r#"<rect x="22" y="45" width="56" height="42" rx="4"/><path d="M34 45 v-12 a16 16 0 0 1 32 0 v12"/><circle cx="50" cy="63" r="5"/><line x1="50" y1="68" x2="50" y2="77"/>"#
        }
        // A tick in a circle.
        "tick" => r#"<circle cx="50" cy="50" r="38"/><path d="M30 52 L44 66 L72 36"/>"#,
        // Unknown names never get here (the content checks refuse them); draw a frame.
        _ => r#"<rect x="10" y="10" width="80" height="80"/>"#,
    }
}

/// The picture `name` as inline SVG with `alt` as its accessible name; `id` must be unique
/// on the page.
pub fn svg(name: &str, alt: &str, id: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}\" \
         viewBox=\"0 0 100 100\" width=\"120\" height=\"120\" fill=\"none\" \
         stroke=\"currentColor\" stroke-width=\"4\" stroke-linecap=\"round\" \
         stroke-linejoin=\"round\" focusable=\"false\"><title id=\"{id}\">{}</title>{}</svg>",
        escape(alt),
        drawing(name)
    )
}
