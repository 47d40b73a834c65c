#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::drawing::{Seg, Shape};

/// A tick in a circle (an Easy Read picture).
const TICK: &[Shape] = &[
    Shape::Circle {
        cx: 50.0,
        cy: 50.0,
        r: 38.0,
    },
    Shape::Path(&[Seg::M(30.0, 52.0), Seg::L(44.0, 66.0), Seg::L(72.0, 36.0)]),
];

fn sample(large_print: bool) -> Document {
    Document {
        title: "Your rights: section 2".into(),
        lang: "en-GB".into(),
        large_print,
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "Your rights under section 2".into(),
            },
            Block::Paragraph(vec![
                Inline::text("You can apply to the tribunal until "),
                Inline::strong("Sunday 14 June 2026"),
                Inline::text(" [1]. Call "),
                Inline::Link {
                    text: "020 7946 0000".into(),
                    href: "tel:02079460000".into(),
                },
                Inline::text("."),
            ]),
            Block::Heading {
                level: 2,
                text: "What you can do".into(),
            },
            Block::List(vec![
                vec![Inline::text("Ask your advocate for help")],
                vec![Inline::text("Apply to the tribunal")],
            ]),
            Block::Picture {
                alt: "An advocate sitting beside a patient".into(),
                drawing: None,
            },
            Block::Picture {
                alt: "A tick in a circle".into(),
                drawing: Some(TICK),
            },
            Block::Note {
                label: "1".into(),
                content: vec![Inline::text("MHA 1983 s66(1)(a), (2)(a)")],
            },
        ],
    }
}

/// The text `pdftotext` (poppler-utils) extracts from `pdf`.
pub(crate) fn extract(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "imha-pdf-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).ok();
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => format!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => format!("pdftotext could not run (install poppler-utils): {e}"),
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn count(hay: &[u8], needle: &str) -> usize {
    hay.windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

#[test]
fn widths_come_from_the_font() {
    // Liberation Sans: "i" is narrower than "W"; bold is wider than regular.
    assert!(text_width("iiii", 12.0, false) < text_width("WWWW", 12.0, false));
    assert!(text_width("Tribunal", 12.0, true) > text_width("Tribunal", 12.0, false));
    // Width scales with size.
    let a = text_width("advocate", 10.0, false);
    let b = text_width("advocate", 20.0, false);
    assert!((b - 2.0 * a).abs() < 0.01, "{a} {b}");
    // 'M' in Liberation Sans is 1706/2048 em.
    assert!((text_width("M", 2048.0, false) - 1706.0).abs() < 0.5);
}

#[test]
fn wrapping_keeps_every_line_within_the_measure_and_loses_no_word() {
    let text = "You have the right to apply to the First-tier Tribunal (Mental Health) \
                to be discharged. Your advocate can help you to apply, and can come \
                with you to the hearing if you want them to.";
    for width in [120.0, 200.0, 320.0] {
        let lines = wrap(text, width, 11.0);
        assert!(lines.len() > 1, "{width}: {lines:?}");
        for l in &lines {
            assert!(
                text_width(l, 11.0, false) <= width,
                "{l:?} wider than {width}"
            );
        }
        // Greedy: the next line's first word would not have fitted.
        for pair in lines.windows(2) {
            let first_next = pair[1].split(' ').next().unwrap_or_default();
            let joined = format!("{} {first_next}", pair[0]);
            assert!(text_width(&joined, 11.0, false) > width, "{joined:?}");
        }
        assert_eq!(lines.join(" "), text);
    }
    // A word longer than the measure gets its own line rather than being lost.
    assert_eq!(wrap("a Supercalifragilistic b", 30.0, 11.0).len(), 3);
}

#[test]
fn long_documents_break_onto_new_pages() {
    let para = "One idea on each line, in large type, so it is easy to read. ".repeat(6);
    let mut doc = sample(true);
    for _ in 0..30 {
        doc.blocks.push(Block::Paragraph(vec![Inline::text(&para)]));
    }
    doc.blocks
        .push(Block::Paragraph(vec![Inline::text("The very last words.")]));
    let pdf = render(&doc).expect("render");
    let pages = count(&pdf, "/Type /Page\n") + count(&pdf, "/Type /Page ");
    let faces = Faces::load().expect("faces");
    let (laid, _, _, _) = lay_out(&doc, &faces);
    assert!(laid.len() > 3, "{} pages", laid.len());
    // Nothing is drawn below the bottom margin.
    for page in &laid {
        for op in page {
            if let Op::Text { y, .. } = op {
                assert!(*y <= Layout::bottom() + 0.01, "{y}");
            }
        }
    }
    let text = extract(&pdf);
    assert!(text.contains("The very last words."), "{text}");
    assert!(text.contains(&format!("Page {} of {}", laid.len(), laid.len())));
    assert!(pages == 0 || pages >= laid.len());
}

#[test]
fn large_print_is_at_least_16pt() {
    let s = Style::for_print(true);
    assert!(s.body >= 16.0 && s.note >= 16.0);
    assert!(s.h1 > s.h2 && s.h2 > s.h3 && s.h3 > s.body);
    assert!(Style::for_print(true).measure < Style::for_print(false).measure);
}

#[test]
fn the_pdf_is_tagged_with_its_structure_language_and_title() {
    for large in [false, true] {
        let pdf = render(&sample(large)).expect("render");
        assert!(pdf.starts_with(b"%PDF-1.7"), "PDF/UA-1 is based on PDF 1.7");
        for needle in [
            "/StructTreeRoot",
            "/MarkInfo",
            "/Marked true",
            "/Lang(en-GB)",
            "/DisplayDocTitle true",
            "/S/H1",
            "/S/H2",
            "/S/P",
            "/S/L",
            "/S/LI",
            "/S/Lbl",
            "/S/LBody",
            "/S/Figure",
            "/Alt(An advocate sitting beside a patient)",
            "/Alt(A tick in a circle)",
            "/S/Note",
            "/S/Link",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            assert!(
                contains(&pdf, needle),
                "{needle} missing (large print {large})"
            );
        }
    }
}

#[test]
fn the_text_can_be_extracted_in_reading_order() {
    let text = extract(&render(&sample(false)).expect("render"));
    let order = [
        "Your rights under section 2",
        "Sunday 14 June 2026",
        "020 7946 0000",
        "What you can do",
        "Ask your advocate for help",
        "MHA 1983 s66(1)(a), (2)(a)",
    ];
    let mut at = 0;
    for o in order {
        let Some(i) = text[at..].find(o) else {
            panic!("{o:?} not found after {at} in {text}");
        };
        at += i + o.len();
    }
}

/// The structure tree as poppler reads it (`pdfinfo -struct`).
pub(crate) fn structure(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "imha-pdf-struct-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).ok();
    let out = std::process::Command::new("pdfinfo")
        .arg("-struct")
        .arg(&path)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[test]
fn poppler_reads_the_structure_in_reading_order() {
    let s = structure(&render(&sample(false)).expect("render"));
    let order = [
        "Document",
        "H1 \"Your rights under section 2\"",
        "P",
        "Link",
        "H2 \"What you can do\"",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Figure",
        "Note",
    ];
    let mut at = 0;
    for o in order {
        let Some(i) = s[at..].find(o) else {
            panic!("{o:?} not found after {at} in {s}");
        };
        at += i + o.len();
    }
}

/// Dark pixels on the first page, as poppler draws it at 36 dpi in grey.
fn dark_pixels(pdf: &[u8]) -> usize {
    let dir = std::env::temp_dir().join(format!(
        "imha-pdf-ink-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "36", "-f", "1", "-l", "1"])
        .arg(&path)
        .output()
        .expect("pdftoppm (poppler-utils) runs");
    let _ = std::fs::remove_dir_all(&dir);
    // A binary PGM: "P5", width, height, maxval, each after white space, then one byte a pixel.
    let data = out.stdout;
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 && i < data.len() {
        while i < data.len() && data[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < data.len() && !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    data[i + 1..].iter().filter(|&&p| p < 128).count()
}

#[test]
fn a_picture_with_a_drawing_is_drawn_not_described() {
    let doc = |drawing| Document {
        title: "Pictures".into(),
        lang: "en-GB".into(),
        large_print: true,
        blocks: vec![Block::Picture {
            alt: "A tick in a circle".into(),
            drawing,
        }],
    };
    let drawn = render(&doc(Some(TICK))).expect("render");
    let described = render(&doc(None)).expect("render");
    // The drawing leaves ink on the page and no "Picture:" text; the panel is text.
    assert!(dark_pixels(&drawn) > 40, "the drawing is on the page");
    assert!(!extract(&drawn).contains("Picture:"));
    assert!(extract(&described).contains("Picture: A tick in a circle"));
    // Both are Figures with the same Alt.
    for pdf in [&drawn, &described] {
        assert!(contains(pdf, "/Alt(A tick in a circle)"));
        assert!(structure(pdf).contains("Figure"));
    }
}

/// A Welsh document with English left in it: a run inside a paragraph (across a line break and
/// a link) and a whole paragraph.
fn welsh_with_english() -> Document {
    Document {
        title: "Eich hawliau".into(),
        lang: "cy".into(),
        large_print: false,
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "Eich hawliau".into(),
            },
            Block::Paragraph(vec![
                Inline::text("Oddi wrth "),
                Inline::lang(
                    "en",
                    vec![
                        Inline::text(
                            "Independent Mental Health Advocacy, a service whose long English \
                             name runs on past the end of the line so that the run is broken \
                             over two lines, with ",
                        ),
                        Inline::Link {
                            text: "a link".into(),
                            href: "https://example.org/".into(),
                        },
                    ],
                ),
                Inline::text(", eich gwasanaeth eirioli."),
            ]),
            Block::lang(
                "en",
                Block::Paragraph(vec![Inline::text("Left in English as a whole paragraph.")]),
            ),
            Block::lang(
                "en",
                Block::Heading {
                    level: 2,
                    text: "An English heading".into(),
                },
            ),
            Block::Paragraph(vec![Inline::text("Diwedd y llythyr.")]),
        ],
    }
}

#[test]
fn text_in_another_language_carries_its_lang_on_the_structure_element() {
    let pdf = render(&welsh_with_english()).expect("render: the PDF/UA validator accepts it");
    // The document language, and /Lang (en) on three structure elements: the Span around
    // the English run (one element though it crosses a line and a link), the P and the H2.
    assert!(contains(&pdf, "/Lang(cy)"));
    assert_eq!(count(&pdf, "/Lang(en)"), 3, "one /Lang(en) per element");
    assert!(contains(&pdf, "/S/Span"));
    // Poppler reads the Span inside the first P (with the Link inside it), then the English
    // P and H2 after it.
    let s = structure(&pdf);
    let order = ["H1 \"Eich hawliau\"", "P", "Span", "Link", "P", "H2", "P"];
    let mut at = 0;
    for o in order {
        let Some(i) = s[at..].find(o) else {
            panic!("{o:?} not found after {at} in {s}");
        };
        at += i + o.len();
    }
    // The text is all there, in order.
    let text = extract(&pdf);
    for o in [
        "Oddi wrth Independent",
        "a link, eich gwasanaeth eirioli.",
        "Left in English as a whole paragraph.",
        "An English heading",
        "Diwedd y llythyr.",
    ] {
        assert!(text.contains(o), "{o:?} not in {text}");
    }
}

#[test]
fn a_document_without_other_languages_has_no_span() {
    let pdf = render(&sample(false)).expect("render");
    assert!(!contains(&pdf, "/S/Span"));
    assert_eq!(
        count(&pdf, "/Lang("),
        count(&pdf, "/Lang(en-GB)"),
        "only the document's language"
    );
}
