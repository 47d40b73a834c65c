//! The Easy Read pictures: 13 simple drawings, each with its text alternative. On the web they
//! are inline SVG with the alternative as the `<title>` (`role="img"`, named by
//! `aria-labelledby`), drawn in the text colour (`currentColor`) so they keep the page's
//! contrast; in the PDFs the same shapes are drawn by imha-pdf, so paper and screen match.

use imha_pdf::drawing::{STROKE_WIDTH, Seg, Shape, VIEW_BOX};

use super::escape;

const fn circle(cx: f32, cy: f32, r: f32) -> Shape {
    Shape::Circle { cx, cy, r }
}

const fn rect(x: f32, y: f32, w: f32, h: f32, rx: f32) -> Shape {
    Shape::Rect { x, y, w, h, rx }
}

const fn line(x1: f32, y1: f32, x2: f32, y2: f32) -> Shape {
    Shape::Line { x1, y1, x2, y2 }
}

use Seg::{C, L, M, Q, Z};

/// The drawing for a picture name (shapes in a 100 x 100 box).
pub fn drawing(name: &str) -> &'static [Shape] {
    match name {
        // A person with a speech bubble beside them: someone who speaks up for you.
        "advocate" => {
            const {
                &[
                    circle(35.0, 30.0, 12.0),
                    Shape::Path(&[
                        M(15.0, 85.0),
                        Q(15.0, 50.0, 35.0, 50.0),
                        Q(55.0, 50.0, 55.0, 85.0),
                        Z,
                    ]),
                    Shape::Path(&[
                        M(58.0, 12.0),
                        L(92.0, 12.0),
                        L(92.0, 34.0),
                        L(72.0, 34.0),
                        L(64.0, 42.0),
                        L(64.0, 34.0),
                        L(58.0, 34.0),
                        Z,
                    ]),
                    line(64.0, 20.0, 86.0, 20.0),
                    line(64.0, 27.0, 80.0, 27.0),
                ]
            }
        }
        // A building with a cross.
        "hospital" => {
            const {
                &[
                    rect(15.0, 30.0, 70.0, 58.0, 0.0),
                    Shape::Path(&[M(10.0, 32.0), L(50.0, 10.0), L(90.0, 32.0)]),
                    Shape::Path(&[
                        M(45.0, 40.0),
                        L(55.0, 40.0),
                        L(55.0, 50.0),
                        L(65.0, 50.0),
                        L(65.0, 60.0),
                        L(55.0, 60.0),
                        L(55.0, 70.0),
                        L(45.0, 70.0),
                        L(45.0, 60.0),
                        L(35.0, 60.0),
                        L(35.0, 50.0),
                        L(45.0, 50.0),
                        Z,
                    ]),
                    rect(42.0, 74.0, 16.0, 14.0, 0.0),
                ]
            }
        }
        // A calendar page.
        "calendar" => {
            const {
                &[
                    rect(15.0, 20.0, 70.0, 65.0, 4.0),
                    line(15.0, 35.0, 85.0, 35.0),
                    line(32.0, 12.0, 32.0, 26.0),
                    line(68.0, 12.0, 68.0, 26.0),
                    rect(25.0, 45.0, 10.0, 10.0, 0.0),
                    rect(45.0, 45.0, 10.0, 10.0, 0.0),
                    rect(65.0, 45.0, 10.0, 10.0, 0.0),
                    rect(25.0, 65.0, 10.0, 10.0, 0.0),
                    rect(45.0, 65.0, 10.0, 10.0, 0.0),
                ]
            }
        }
        // Three people behind a long table.
        "tribunal" => {
            const {
                &[
                    circle(25.0, 30.0, 8.0),
                    circle(50.0, 27.0, 8.0),
                    circle(75.0, 30.0, 8.0),
                    Shape::Path(&[M(15.0, 55.0), Q(25.0, 40.0, 35.0, 55.0)]),
                    Shape::Path(&[M(40.0, 52.0), Q(50.0, 37.0, 60.0, 52.0)]),
                    Shape::Path(&[M(65.0, 55.0), Q(75.0, 40.0, 85.0, 55.0)]),
                    rect(8.0, 56.0, 84.0, 10.0, 0.0),
                    line(15.0, 66.0, 15.0, 88.0),
                    line(85.0, 66.0, 85.0, 88.0),
                ]
            }
        }
        // Two people facing each other with speech bubbles.
        "talk" => {
            const {
                &[
                    circle(22.0, 55.0, 9.0),
                    Shape::Path(&[
                        M(8.0, 92.0),
                        Q(8.0, 68.0, 22.0, 68.0),
                        Q(36.0, 68.0, 36.0, 92.0),
                    ]),
                    circle(78.0, 55.0, 9.0),
                    Shape::Path(&[
                        M(64.0, 92.0),
                        Q(64.0, 68.0, 78.0, 68.0),
                        Q(92.0, 68.0, 92.0, 92.0),
                    ]),
                    Shape::Path(&[
                        M(10.0, 12.0),
                        L(42.0, 12.0),
                        L(42.0, 30.0),
                        L(24.0, 30.0),
                        L(18.0, 37.0),
                        L(18.0, 30.0),
                        L(10.0, 30.0),
                        Z,
                    ]),
                    Shape::Path(&[
                        M(58.0, 20.0),
                        L(90.0, 20.0),
                        L(90.0, 38.0),
                        L(82.0, 38.0),
                        L(82.0, 45.0),
                        L(76.0, 38.0),
                        L(58.0, 38.0),
                        Z,
                    ]),
                ]
            }
        }
        // An envelope.
        "letter" => {
            const {
                &[
                    rect(12.0, 25.0, 76.0, 52.0, 3.0),
                    Shape::Path(&[M(12.0, 27.0), L(50.0, 55.0), L(88.0, 27.0)]),
                ]
            }
        }
        // Two adults and a child.
        "family" => {
            const {
                &[
                    circle(28.0, 28.0, 10.0),
                    Shape::Path(&[
                        M(12.0, 88.0),
                        Q(12.0, 44.0, 28.0, 44.0),
                        Q(44.0, 44.0, 44.0, 88.0),
                    ]),
                    circle(72.0, 28.0, 10.0),
                    Shape::Path(&[
                        M(56.0, 88.0),
                        Q(56.0, 44.0, 72.0, 44.0),
                        Q(88.0, 44.0, 88.0, 88.0),
                    ]),
                    circle(50.0, 55.0, 7.0),
                    Shape::Path(&[
                        M(40.0, 88.0),
                        Q(40.0, 66.0, 50.0, 66.0),
                        Q(60.0, 66.0, 60.0, 88.0),
                    ]),
                ]
            }
        }
        // A capsule and a round tablet.
        "medicine" => {
            const {
                &[
                    Shape::Rotated {
                        degrees: -30.0,
                        cx: 37.0,
                        cy: 51.0,
                        shapes: &[
                            rect(12.0, 40.0, 50.0, 22.0, 11.0),
                            line(37.0, 38.0, 37.0, 64.0),
                        ],
                    },
                    circle(72.0, 68.0, 14.0),
                    line(62.0, 68.0, 82.0, 68.0),
                ]
            }
        }
        // A question mark in a circle.
        "question" => {
            const {
                &[
                    circle(50.0, 50.0, 38.0),
                    Shape::Path(&[
                        M(38.0, 38.0),
                        Q(38.0, 24.0, 50.0, 24.0),
                        Q(63.0, 24.0, 63.0, 37.0),
                        Q(63.0, 46.0, 50.0, 50.0),
                        L(50.0, 60.0),
                    ]),
                    circle(50.0, 72.0, 3.0),
                ]
            }
        }
        // A hand held out to another hand.
        "help" => {
            const {
                &[
                    Shape::Path(&[
                        M(8.0, 60.0),
                        L(34.0, 60.0),
                        L(48.0, 52.0),
                        Q(54.0, 49.0, 56.0, 55.0),
                        L(42.0, 65.0),
                        L(62.0, 65.0),
                        L(84.0, 51.0),
                        Q(91.0, 48.0, 92.0, 55.0),
                        L(66.0, 77.0),
                        L(8.0, 77.0),
                    ]),
                    circle(70.0, 25.0, 10.0),
                ]
            }
        }
        // A telephone handset.
        "phone" => {
            const {
                &[Shape::Path(&[
                    M(28.0, 14.0),
                    L(42.0, 32.0),
                    L(34.0, 40.0),
                    Q(40.0, 54.0, 60.0, 66.0),
                    L(68.0, 58.0),
                    L(86.0, 72.0),
                    L(78.0, 84.0),
                    Q(42.0, 86.0, 16.0, 48.0),
                    Q(14.0, 20.0, 28.0, 14.0),
                    Z,
                ])]
            }
        }
        // A padlock (the shackle is a half circle of radius 16, as two quarter-circle curves).
        "lock" => {
            const {
                &[
                    rect(22.0, 45.0, 56.0, 42.0, 4.0),
                    Shape::Path(&[
                        M(34.0, 45.0),
                        L(34.0, 33.0),
                        C(34.0, 24.163, 41.163, 17.0, 50.0, 17.0),
                        C(58.837, 17.0, 66.0, 24.163, 66.0, 33.0),
                        L(66.0, 45.0),
                    ]),
                    circle(50.0, 63.0, 5.0),
                    line(50.0, 68.0, 50.0, 77.0),
                ]
            }
        }
        // A tick in a circle.
        "tick" => {
            const {
                &[
                    circle(50.0, 50.0, 38.0),
                    Shape::Path(&[M(30.0, 52.0), L(44.0, 66.0), L(72.0, 36.0)]),
                ]
            }
        }
        // Unknown names never get here (the content checks refuse them); draw a frame.
        _ => const { &[rect(10.0, 10.0, 80.0, 80.0, 0.0)] },
    }
}

/// The shapes as SVG elements.
fn elements(shapes: &[Shape], out: &mut String) {
    use std::fmt::Write;
    for s in shapes {
        // Writing to a String cannot fail.
        let _ = match *s {
            Shape::Circle { cx, cy, r } => write!(out, r#"<circle cx="{cx}" cy="{cy}" r="{r}"/>"#),
            Shape::Rect { x, y, w, h, rx } if rx > 0.0 => write!(
                out,
                r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}"/>"#
            ),
            Shape::Rect { x, y, w, h, .. } => {
                write!(out, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}"/>"#)
            }
            Shape::Line { x1, y1, x2, y2 } => {
                write!(out, r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>"#)
            }
            Shape::Path(segs) => {
                out.push_str("<path d=\"");
                for (i, seg) in segs.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    let _ = match *seg {
                        M(x, y) => write!(out, "M{x} {y}"),
                        L(x, y) => write!(out, "L{x} {y}"),
                        Q(a, b, x, y) => write!(out, "Q{a} {b} {x} {y}"),
                        C(a, b, c, d, x, y) => write!(out, "C{a} {b} {c} {d} {x} {y}"),
                        Z => write!(out, "Z"),
                    };
                }
                out.push_str("\"/>");
                Ok(())
            }
            Shape::Rotated {
                degrees,
                cx,
                cy,
                shapes,
            } => {
                let _ = write!(out, r#"<g transform="rotate({degrees} {cx} {cy})">"#);
                elements(shapes, out);
                out.push_str("</g>");
                Ok(())
            }
        };
    }
}

/// The picture `name` as inline SVG with `alt` as its accessible name; `id` must be unique
/// on the page.
pub fn svg(name: &str, alt: &str, id: &str) -> String {
    let mut body = String::new();
    elements(drawing(name), &mut body);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}\" \
         viewBox=\"0 0 {VIEW_BOX} {VIEW_BOX}\" width=\"120\" height=\"120\" fill=\"none\" \
         stroke=\"currentColor\" stroke-width=\"{STROKE_WIDTH}\" stroke-linecap=\"round\" \
         stroke-linejoin=\"round\" focusable=\"false\"><title id=\"{id}\">{}</title>{body}</svg>",
        escape(alt),
    )
}
