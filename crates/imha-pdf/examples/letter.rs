//! Writes a small tagged PDF to standard output: `cargo run -p imha-pdf --example letter > a.pdf`.
//! Also used to measure what imha-pdf adds to a release binary (docs/PERFORMANCE.md).

use std::io::Write;

use imha_pdf::{Block, Document, Inline, render};

fn main() -> std::process::ExitCode {
    let doc = Document {
        title: "Your rights: Section 2".into(),
        lang: "en-GB".into(),
        large_print: std::env::args().any(|a| a == "--large"),
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "Your rights: Section 2".into(),
            },
            Block::Paragraph(vec![
                Inline::text("You can apply to the tribunal until "),
                Inline::strong("Thursday 10 December 2026"),
                Inline::text(" [1]."),
            ]),
            Block::Note {
                label: "1".into(),
                content: vec![Inline::text(
                    "Mental Health Act 1983, section 66(1)(a), (2)(a)",
                )],
            },
        ],
    };
    match render(&doc) {
        Ok(bytes) => {
            if std::io::stdout().write_all(&bytes).is_ok() {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
