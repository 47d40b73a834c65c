//! A small, pure builder of accessible bar charts as inline SVG (no charting crate: the two
//! charts the reports need are a few rectangles and labels).
//!
//! Every chart is `role="img"` with a `<title>` and a `<desc>` it is labelled by
//! (`aria-labelledby`), and the page shows the same figures as a table beside it. Every bar
//! carries its value as text (and, in a grouped chart, its series' name), so nothing is told
//! by colour alone; colours are GOV.UK's blue and dark blue, well above 3:1 against white, and
//! text is GOV.UK black. A suppressed value (`None`) is drawn as no bar at all, with a `*`.

use std::fmt::Write as _;

/// One bar: its label, its value (`None` when suppressed) and the text written beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// What is written at the end of the bar, e.g. `120` or `45%`; `*` for a suppressed value.
    pub text: String,
}

/// A group of bars, one per series (a grouped chart).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub label: String,
    /// One bar per series, in the series' order; each bar's `label` is the series' name.
    pub bars: Vec<Bar>,
}

/// The chart's width in SVG units (it scales to its container).
const WIDTH: f64 = 640.0;
/// Room left of the bars.
const LEFT: f64 = 8.0;
/// The longest bar (leaving room for its value on the right).
const BAR_SPACE: f64 = 520.0;
const BAR_HEIGHT: f64 = 24.0;
const LABEL_HEIGHT: f64 = 22.0;
const GAP: f64 = 14.0;
/// GOV.UK blue and dark blue (contrast with white 5.2:1 and 12.7:1); text GOV.UK black.
const FILLS: [&str; 2] = ["#1d70b8", "#003078"];
const TEXT: &str = "#0b0c0c";

/// Text made safe for SVG (XML) content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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

/// A bar's length for `value` on a scale whose longest bar is `max` (0 for a zero or negative
/// value, or when `max` is not positive).
pub fn bar_width(value: f64, max: f64) -> f64 {
    if max <= 0.0 || value <= 0.0 || !value.is_finite() {
        0.0
    } else {
        (value / max).min(1.0) * BAR_SPACE
    }
}

fn open(out: &mut String, id: &str, title: &str, desc: &str, height: f64) {
    let id = esc(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"app-chart\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" font-family=\"Arial, sans-serif\" font-size=\"16\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
}

/// One bar at `y`: its rectangle (none when suppressed or zero) and its text after it.
fn bar(out: &mut String, b: &Bar, y: f64, max: f64, fill: &str, prefix: Option<&str>) {
    let w = b.value.map_or(0.0, |v| bar_width(v, max));
    if b.value.is_some() && w > 0.0 {
        let _ = write!(
            out,
            "<rect x=\"{LEFT}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR_HEIGHT}\" fill=\"{fill}\"/>"
        );
    }
    let text = match prefix {
        Some(p) => format!("{p}: {}", b.text),
        None => b.text.clone(),
    };
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{TEXT}\">{}</text>",
        LEFT + w + 6.0,
        y + BAR_HEIGHT - 6.0,
        esc(&text)
    );
}

fn label(out: &mut String, text: &str, y: f64) {
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"{:.1}\" fill=\"{TEXT}\" font-weight=\"bold\">{}</text>",
        y + LABEL_HEIGHT - 6.0,
        esc(text)
    );
}

/// A horizontal bar chart: each bar under its label, scaled to the largest value.
pub fn horizontal_bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let max = bars.iter().filter_map(|b| b.value).fold(0.0_f64, f64::max);
    let row = LABEL_HEIGHT + BAR_HEIGHT + GAP;
    let height = (bars.len() as f64 * row).max(row);
    let mut out = String::new();
    open(&mut out, id, title, desc, height);
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * row;
        label(&mut out, &b.label, y);
        bar(&mut out, b, y + LABEL_HEIGHT, max, FILLS[0], None);
    }
    out.push_str("</svg>");
    out
}

/// A grouped horizontal bar chart on a fixed scale from 0 to `max` (100 for percentages):
/// each group's label, then one bar per series, each written with its series' name.
pub fn grouped_bars(id: &str, title: &str, desc: &str, groups: &[Group], max: f64) -> String {
    let per_group = |g: &Group| LABEL_HEIGHT + g.bars.len() as f64 * (BAR_HEIGHT + 4.0) + GAP;
    let height = groups.iter().map(per_group).sum::<f64>().max(LABEL_HEIGHT);
    let mut out = String::new();
    open(&mut out, id, title, desc, height);
    let mut y = 0.0;
    for g in groups {
        label(&mut out, &g.label, y);
        let mut by = y + LABEL_HEIGHT;
        for (i, b) in g.bars.iter().enumerate() {
            bar(&mut out, b, by, max, FILLS[i % FILLS.len()], Some(&b.label));
            by += BAR_HEIGHT + 4.0;
        }
        y += per_group(g);
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn b(label: &str, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: value.map_or("*".into(), |v| format!("{v}")),
        }
    }

    /// The `width` of every `<rect>`, in order.
    fn widths(svg: &str) -> Vec<f64> {
        svg.split("<rect ")
            .skip(1)
            .map(|r| {
                let w = r.split("width=\"").nth(1).unwrap();
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn bars_are_proportional_to_their_values() {
        let svg = horizontal_bars(
            "uptake",
            "Uptake",
            "From qualifying to seen",
            &[
                b("Qualifying", Some(200.0)),
                b("Seen", Some(100.0)),
                b("Accepted", Some(50.0)),
            ],
        );
        let w = widths(&svg);
        assert_eq!(w, vec![BAR_SPACE, BAR_SPACE / 2.0, BAR_SPACE / 4.0]);
        assert_eq!(bar_width(5.0, 0.0), 0.0);
        assert_eq!(bar_width(-1.0, 10.0), 0.0);
        assert_eq!(bar_width(20.0, 10.0), BAR_SPACE);
    }

    #[test]
    fn the_chart_is_an_image_labelled_by_its_title_and_description() {
        let svg = horizontal_bars("c1", "Uptake", "Qualifying patients and what happened", &[]);
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">Uptake</title>"));
        assert!(svg.contains("<desc id=\"c1-desc\">Qualifying patients and what happened</desc>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn a_suppressed_value_has_no_bar_and_a_star() {
        let svg = horizontal_bars(
            "c",
            "T",
            "D",
            &[b("Qualifying", Some(40.0)), b("Seen", None)],
        );
        assert_eq!(widths(&svg).len(), 1);
        assert!(svg.contains(">*</text>"), "{svg}");
        // A zero is a value, shown as 0 with no bar.
        let svg = horizontal_bars("c", "T", "D", &[b("Seen", Some(0.0))]);
        assert!(widths(&svg).is_empty());
        assert!(svg.contains(">0</text>"));
    }

    #[test]
    fn text_is_escaped() {
        let svg = horizontal_bars(
            "c\"><script>",
            "<b>T</b> & co",
            "it's \"quoted\"",
            &[b("Asian & <Asian British>", Some(1.0))],
        );
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;b&gt;T&lt;/b&gt; &amp; co"));
        assert!(svg.contains("it&#39;s &quot;quoted&quot;"));
        assert!(svg.contains("Asian &amp; &lt;Asian British&gt;"));
    }

    #[test]
    fn grouped_bars_name_each_series_and_use_a_fixed_scale() {
        let groups = vec![
            Group {
                label: "Black".into(),
                bars: vec![
                    Bar {
                        label: "Seen".into(),
                        value: Some(50.0),
                        text: "50%".into(),
                    },
                    Bar {
                        label: "Supported".into(),
                        value: None,
                        text: "*".into(),
                    },
                ],
            },
            Group {
                label: "White".into(),
                bars: vec![
                    Bar {
                        label: "Seen".into(),
                        value: Some(25.0),
                        text: "25%".into(),
                    },
                    Bar {
                        label: "Supported".into(),
                        value: Some(100.0),
                        text: "100%".into(),
                    },
                ],
            },
        ];
        let svg = grouped_bars("eq", "Share seen", "By ethnicity", &groups, 100.0);
        assert_eq!(
            widths(&svg),
            vec![BAR_SPACE / 2.0, BAR_SPACE / 4.0, BAR_SPACE]
        );
        assert!(svg.contains(">Seen: 50%</text>"));
        assert!(svg.contains(">Supported: *</text>"));
        assert!(svg.contains(">Supported: 100%</text>"));
        // Two series, two fills.
        assert!(svg.contains(FILLS[0]) && svg.contains(FILLS[1]));
    }
}
