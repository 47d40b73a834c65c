//! Tagged, accessible PDFs from a small document model, written with krilla.
//!
//! A pure library: [`render`] takes a [`Document`] and returns the PDF's bytes. No files, no
//! network, no clock (the fonts are compiled in with `include_bytes!`).
//!
//! What it produces: A4 pages with 20 mm margins; text in Liberation Sans (SIL OFL 1.1, from
//! Debian's fonts-liberation2), regular and bold, embedded and subset; lines broken between
//! words using the font's real glyph advances (the same advances the glyphs are drawn with, so
//! what is measured is what is printed); page breaks where a line would cross the bottom
//! margin (a heading is never left alone at the foot of a page). The PDF is tagged: a structure
//! tree with H1–H3, P, L/LI/Lbl/LBody, Figure with Alt, Note and Link elements in reading
//! order, MarkInfo Marked, the document language, the title shown in the window (DisplayDocTitle).
//! It is checked by krilla's PDF/UA-1 validator: [`render`] fails rather than return a document
//! the validator rejects. Page numbers are pagination artifacts, outside the structure.
//!
//! Large print ([`Document::large_print`], for Easy Read): 18 pt body text, 28 pt top heading,
//! wide line spacing and shorter lines (a narrower measure).

pub mod drawing;

use std::num::NonZeroU16;

use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagKind,
    TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as KDocument, SerializeSettings};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// A4 in PostScript points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 in PostScript points.
pub const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
pub const MARGIN: f32 = 56.69;

/// A document to print.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Shown in the window title and read first by screen readers.
    pub title: String,
    /// BCP 47, e.g. `en-GB` or `cy`.
    pub lang: String,
    /// Large type, wide spacing, short lines (Easy Read).
    pub large_print: bool,
    pub blocks: Vec<Block>,
}

/// A block of the document, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading of level 1 to 3 (others are treated as 3).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Vec<Inline>),
    /// A bulleted list; each item is a run of inline text.
    List(Vec<Vec<Inline>>),
    /// A picture, described by its alternative text and tagged as a Figure whose Alt is the
    /// description. With a `drawing` (shapes in a 100 x 100 box, see [`drawing`]) the drawing is
    /// printed; without one, a framed panel holding the description.
    Picture {
        alt: String,
        drawing: Option<&'static [drawing::Shape]>,
    },
    /// A footnote or other note: its label (e.g. "1") and its text. Tagged as Note.
    Note {
        label: String,
        content: Vec<Inline>,
    },
    /// A block in another language than the document's (BCP 47, e.g. `en`): laid out as the
    /// block is, its structure element given a `/Lang` entry (ISO 32000-1 14.9.2), so a screen
    /// reader switches language for it.
    Lang {
        lang: String,
        block: Box<Block>,
    },
}

/// Inline text.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    /// Link text and its address (https:, mailto: or tel:).
    Link {
        text: String,
        href: String,
    },
    /// A run in another language than the document's (BCP 47, e.g. `en`): tagged as a Span
    /// structure element with a `/Lang` entry (ISO 32000-1 14.9.2). A run inside a run takes
    /// the inner language.
    Lang {
        lang: String,
        content: Vec<Inline>,
    },
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text(s.into())
    }
    pub fn strong(s: impl Into<String>) -> Self {
        Inline::Strong(s.into())
    }
    /// `content` in the language `lang`.
    pub fn lang(lang: impl Into<String>, content: Vec<Inline>) -> Self {
        Inline::Lang {
            lang: lang.into(),
            content,
        }
    }
}

impl Block {
    /// `block` in the language `lang`.
    pub fn lang(lang: impl Into<String>, block: Block) -> Self {
        Block::Lang {
            lang: lang.into(),
            block: Box::new(block),
        }
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Krilla(String),
}

/// Sizes for a print mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub body: f32,
    pub leading: f32,
    pub h1: f32,
    pub h2: f32,
    pub h3: f32,
    pub note: f32,
    /// The width text is set to.
    pub measure: f32,
    pub paragraph_gap: f32,
}

impl Style {
    /// The sizes used for `large_print` or standard print.
    pub fn for_print(large_print: bool) -> Style {
        let full = PAGE_WIDTH - 2.0 * MARGIN;
        if large_print {
            Style {
                body: 18.0,
                leading: 1.5,
                h1: 28.0,
                h2: 24.0,
                h3: 20.0,
                note: 16.0,
                measure: full.min(400.0),
                paragraph_gap: 14.0,
            }
        } else {
            Style {
                body: 11.0,
                leading: 1.35,
                h1: 20.0,
                h2: 15.0,
                h3: 12.5,
                note: 9.5,
                measure: full,
                paragraph_gap: 8.0,
            }
        }
    }
}

/// The two faces, read for their glyph ids and advances.
struct Face {
    font: Font,
    data: &'static [u8],
    upem: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, PdfError> {
        let font = Font::new(data.into(), 0).ok_or(PdfError::Font)?;
        let upem = f32::from(
            skrifa::FontRef::new(data)
                .map_err(|_| PdfError::Font)?
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Ok(Face { font, data, upem })
    }

    /// The glyphs of `text` with advances normalised to the em, as krilla draws them.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let Ok(f) = skrifa::FontRef::new(self.data) else {
            return Vec::new();
        };
        let charmap = f.charmap();
        let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(i, c)| {
                let gid = charmap.map(c).unwrap_or_default();
                let adv = metrics.advance_width(gid).unwrap_or(0.0) / self.upem;
                KrillaGlyph::new(
                    GlyphId::new(gid.to_u32()),
                    adv,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.x_advance).sum::<f32>() * size
    }
}

/// The width of `text` at `size` points in the regular (or bold) face: the sum of the font's
/// advances, exactly as drawn.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    match Face::load(if bold { BOLD } else { REGULAR }) {
        Ok(f) => f.width(text, size),
        Err(_) => 0.0,
    }
}

/// A word (or a space-free piece) with its style.
#[derive(Clone, Debug, PartialEq)]
struct Word {
    text: String,
    bold: bool,
    link: Option<String>,
    /// The language, where it is not the document's.
    lang: Option<String>,
    /// A space follows it (in the source text).
    space_after: bool,
}

fn words(inlines: &[Inline]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    push_words(inlines, None, &mut out);
    out
}

fn push_words(inlines: &[Inline], lang: Option<&str>, out: &mut Vec<Word>) {
    for inline in inlines {
        let (text, bold, link) = match inline {
            Inline::Text(t) => (t.as_str(), false, None),
            Inline::Strong(t) => (t.as_str(), true, None),
            Inline::Link { text, href } => (text.as_str(), false, Some(href.clone())),
            Inline::Lang { lang, content } => {
                push_words(content, Some(lang), out);
                continue;
            }
        };
        if text.starts_with(char::is_whitespace)
            && let Some(last) = out.last_mut()
        {
            last.space_after = true;
        }
        let parts: Vec<&str> = text.split_whitespace().collect();
        let n = parts.len();
        for (i, p) in parts.into_iter().enumerate() {
            out.push(Word {
                text: p.to_string(),
                bold,
                link: link.clone(),
                lang: lang.map(str::to_string),
                space_after: i + 1 < n || text.ends_with(char::is_whitespace),
            });
        }
    }
}

/// Break `inlines` into lines no wider than `width` at `size`. A word longer than a line is
/// put on a line of its own (and overflows rather than being cut).
fn wrap_words(words: Vec<Word>, width: f32, size: f32, faces: &Faces) -> Vec<Vec<Word>> {
    let mut lines: Vec<Vec<Word>> = Vec::new();
    let mut line: Vec<Word> = Vec::new();
    let mut used = 0.0f32;
    for w in words {
        let face = faces.get(w.bold);
        let ww = face.width(&w.text, size);
        let space = match line.last() {
            Some(prev) if prev.space_after => faces.get(prev.bold).width(" ", size),
            _ => 0.0,
        };
        if !line.is_empty() && used + space + ww > width {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        } else {
            used += space;
        }
        used += ww;
        line.push(w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Break plain `text` into lines no wider than `width` points at `size` in the regular face.
/// Used by tests and by callers who want to know how text will wrap.
pub fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let Ok(faces) = Faces::load() else {
        return vec![text.to_string()];
    };
    wrap_words(words(&[Inline::text(text)]), width, size, &faces)
        .into_iter()
        .map(|l| join(&l))
        .collect()
}

fn join(line: &[Word]) -> String {
    let mut s = String::new();
    for (i, w) in line.iter().enumerate() {
        s.push_str(&w.text);
        if w.space_after && i + 1 < line.len() {
            s.push(' ');
        }
    }
    s
}

struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    fn load() -> Result<Faces, PdfError> {
        Ok(Faces {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
        })
    }
    fn get(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

/// Where a drawn piece's identifier goes in the structure tree.
type Slot = usize;

/// A node of the structure tree being built, with slots for the identifiers drawing gives.
enum SNode {
    Group(TagKind, Vec<SNode>),
    Content(Slot),
    /// A link: its content and its annotation.
    Link(Slot, Slot),
}

/// A run of text drawn in one style.
struct Run {
    text: String,
    bold: bool,
}

/// Something to draw on a page.
enum Op {
    /// One marked-content sequence: runs of text on a baseline, optionally a link.
    Text {
        x: f32,
        y: f32,
        size: f32,
        runs: Vec<Run>,
        slot: Slot,
        link: Option<(String, Slot, f32)>,
    },
    /// A framed panel holding a picture's description (tagged as the Figure's content).
    Panel {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        lines: Vec<String>,
        size: f32,
        slot: Slot,
    },
    /// A line drawing `size` points square, its top-left corner at (`x`, `y`).
    Drawing {
        x: f32,
        y: f32,
        size: f32,
        shapes: &'static [drawing::Shape],
        slot: Slot,
    },
}

struct Layout<'a> {
    faces: &'a Faces,
    style: Style,
    pages: Vec<Vec<Op>>,
    y: f32,
    slots: usize,
    /// Each heading's text, page and top, for the bookmarks.
    outline: Vec<(String, usize, f32)>,
}

impl Layout<'_> {
    fn slot(&mut self) -> Slot {
        self.slots += 1;
        self.slots - 1
    }

    fn bottom() -> f32 {
        PAGE_HEIGHT - MARGIN - 24.0
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Make room for `h` points, starting a new page if needed.
    fn room(&mut self, h: f32) {
        if self.y + h > Self::bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    /// Lay out inline text at `x` in `width`; returns the structure children (in order).
    fn text(
        &mut self,
        inlines: &[Inline],
        x: f32,
        width: f32,
        size: f32,
        force_bold: bool,
        keep_with: f32,
    ) -> Vec<SNode> {
        let mut ws = words(inlines);
        if force_bold {
            for w in &mut ws {
                w.bold = true;
            }
        }
        let line_h = size * self.style.leading;
        let lines = wrap_words(ws, width, size, self.faces);
        // Each drawn segment with its language; consecutive segments in the same other
        // language become one Span with /Lang at the end.
        let mut kids: Vec<(Option<String>, SNode)> = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            let extra = if n == 0 { keep_with } else { 0.0 };
            self.room(line_h + extra);
            let baseline = self.y + size;
            // Split the line into segments by link.
            let mut cx = x;
            let mut i = 0;
            while i < line.len() {
                let link = line[i].link.clone();
                let lang = line[i].lang.clone();
                let mut j = i;
                while j < line.len() && line[j].link == link && line[j].lang == lang {
                    j += 1;
                }
                let mut runs: Vec<Run> = Vec::new();
                let mut seg_w = 0.0;
                for (k, w) in line[i..j].iter().enumerate() {
                    let mut t = w.text.clone();
                    let last_on_line = i + k + 1 == line.len();
                    if w.space_after && !last_on_line {
                        t.push(' ');
                    }
                    seg_w += self.faces.get(w.bold).width(&t, size);
                    match runs.last_mut() {
                        Some(r) if r.bold == w.bold => r.text.push_str(&t),
                        _ => runs.push(Run {
                            text: t,
                            bold: w.bold,
                        }),
                    }
                }
                let slot = self.slot();
                let link = link.map(|href| {
                    let s = self.slot();
                    (href, s, seg_w)
                });
                match &link {
                    Some((_, a, _)) => kids.push((lang, SNode::Link(slot, *a))),
                    None => kids.push((lang, SNode::Content(slot))),
                }
                self.push(Op::Text {
                    x: cx,
                    y: baseline,
                    size,
                    runs,
                    slot,
                    link,
                });
                cx += seg_w;
                i = j;
            }
            self.y += line_h;
        }
        group_by_lang(kids)
    }
}

/// Structure children, with each run of consecutive children in another language wrapped in
/// one Span element whose `/Lang` names it.
fn group_by_lang(kids: Vec<(Option<String>, SNode)>) -> Vec<SNode> {
    let mut out: Vec<SNode> = Vec::new();
    let mut run: Option<(String, Vec<SNode>)> = None;
    for (lang, node) in kids {
        match (lang, &mut run) {
            (Some(l), Some((rl, nodes))) if *rl == l => nodes.push(node),
            (lang, _) => {
                if let Some((rl, nodes)) = run.take() {
                    out.push(span(rl, nodes));
                }
                match lang {
                    Some(l) => run = Some((l, vec![node])),
                    None => out.push(node),
                }
            }
        }
    }
    if let Some((rl, nodes)) = run {
        out.push(span(rl, nodes));
    }
    out
}

fn span(lang: String, kids: Vec<SNode>) -> SNode {
    SNode::Group(TagKind::from(Tag::Span).with_lang(Some(lang)), kids)
}

fn heading_tag(level: u8, text: &str) -> TagKind {
    let l = NonZeroU16::new(u16::from(level.clamp(1, 3))).unwrap_or(NonZeroU16::MIN);
    Tag::Hn(l, Some(text.to_string())).into()
}

type Laid = (Vec<Vec<Op>>, Vec<SNode>, usize, Vec<(String, usize, f32)>);

fn lay_out(doc: &Document, faces: &Faces) -> Laid {
    let style = Style::for_print(doc.large_print);
    let mut l = Layout {
        faces,
        style,
        pages: Vec::new(),
        y: MARGIN,
        slots: 0,
        outline: Vec::new(),
    };
    l.new_page();
    let mut tree = Vec::new();
    for (bi, block) in doc.blocks.iter().enumerate() {
        lay_block(&mut l, block, bi == 0, &mut tree);
    }
    (l.pages, tree, l.slots, l.outline)
}

/// Lay out one block, pushing its structure element onto `tree`.
fn lay_block(l: &mut Layout<'_>, block: &Block, first: bool, tree: &mut Vec<SNode>) {
    let style = l.style;
    let faces = l.faces;
    let width = style.measure;
    match block {
        Block::Heading { level, text } => {
            let size = match level {
                0 | 1 => style.h1,
                2 => style.h2,
                _ => style.h3,
            };
            if !first {
                l.y += size * 0.6;
            }
            // Keep a heading with at least two lines of what follows.
            let keep = style.body * style.leading * 2.0;
            l.room(size * style.leading + keep);
            l.outline
                .push((text.clone(), l.pages.len().saturating_sub(1), l.y));
            let kids = l.text(&[Inline::text(text)], MARGIN, width, size, true, keep);
            tree.push(SNode::Group(heading_tag(*level, text), kids));
            l.y += style.paragraph_gap * 0.5;
        }
        Block::Paragraph(inlines) => {
            let kids = l.text(inlines, MARGIN, width, style.body, false, 0.0);
            tree.push(SNode::Group(Tag::P.into(), kids));
            l.y += style.paragraph_gap;
        }
        Block::List(items) => {
            let indent = style.body * 1.4;
            let mut lis = Vec::new();
            for item in items {
                l.room(style.body * style.leading);
                let bullet_slot = l.slot();
                let y = l.y + style.body;
                l.push(Op::Text {
                    x: MARGIN + style.body * 0.2,
                    y,
                    size: style.body,
                    runs: vec![Run {
                        text: "\u{2022}".into(),
                        bold: false,
                    }],
                    slot: bullet_slot,
                    link: None,
                });
                let kids = l.text(
                    item,
                    MARGIN + indent,
                    width - indent,
                    style.body,
                    false,
                    0.0,
                );
                lis.push(SNode::Group(
                    Tag::LI.into(),
                    vec![
                        SNode::Group(Tag::Lbl.into(), vec![SNode::Content(bullet_slot)]),
                        SNode::Group(Tag::LBody.into(), kids),
                    ],
                ));
                l.y += style.paragraph_gap * 0.4;
            }
            tree.push(SNode::Group(Tag::L(ListNumbering::Disc).into(), lis));
            l.y += style.paragraph_gap * 0.6;
        }
        Block::Picture {
            alt,
            drawing: Some(shapes),
        } => {
            // About 3.4 cm square: big enough to recognise, small beside the text.
            let size = 96.0;
            l.room(size);
            let slot = l.slot();
            let y = l.y;
            l.push(Op::Drawing {
                x: MARGIN,
                y,
                size,
                shapes,
                slot,
            });
            l.y += size + style.paragraph_gap;
            tree.push(SNode::Group(
                Tag::Figure(Some(alt.clone())).into(),
                vec![SNode::Content(slot)],
            ));
        }
        Block::Picture { alt, drawing: None } => {
            let size = style.note;
            let pad = 10.0;
            let lines: Vec<String> = wrap_words(
                words(&[Inline::text(format!("Picture: {alt}"))]),
                width - 2.0 * pad,
                size,
                faces,
            )
            .into_iter()
            .map(|w| join(&w))
            .collect();
            let h = lines.len() as f32 * size * style.leading + 2.0 * pad;
            l.room(h);
            let slot = l.slot();
            let y = l.y;
            l.push(Op::Panel {
                x: MARGIN,
                y,
                w: width,
                h,
                lines,
                size,
                slot,
            });
            l.y += h + style.paragraph_gap;
            tree.push(SNode::Group(
                Tag::Figure(Some(alt.clone())).into(),
                vec![SNode::Content(slot)],
            ));
        }
        Block::Lang { lang, block } => {
            let n = tree.len();
            lay_block(l, block, first, tree);
            // The element the block made (an inner Lang, already set, wins).
            for node in tree.iter_mut().skip(n) {
                if let SNode::Group(kind, _) = node
                    && kind.lang().is_none()
                {
                    kind.set_lang(Some(lang.clone()));
                }
            }
        }
        Block::Note { label, content } => {
            let size = style.note;
            let mut inl = vec![Inline::text(format!("{label}. "))];
            inl.extend(content.iter().cloned());
            let kids = l.text(&inl, MARGIN, width, size, false, 0.0);
            tree.push(SNode::Group(Tag::Note.into(), kids));
            l.y += style.paragraph_gap * 0.5;
        }
    }
}

fn black() -> krilla::paint::Fill {
    krilla::paint::Fill::default()
}

fn link_blue() -> krilla::paint::Fill {
    krilla::paint::Fill {
        paint: krilla::color::rgb::Color::new(0x1d, 0x70, 0xb8).into(),
        ..Default::default()
    }
}

/// Render `doc` as a tagged PDF checked against PDF/UA-1.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let faces = Faces::load()?;
    let style = Style::for_print(doc.large_print);
    let (pages, tree, nslots, headings) = lay_out(doc, &faces);
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Krilla(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..Default::default()
    };
    let mut kdoc = KDocument::new_with(settings);
    let mut ids: Vec<Option<Identifier>> = vec![None; nslots];
    let total = pages.len();
    for (pi, ops) in pages.iter().enumerate() {
        let Some(settings) = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT) else {
            return Err(PdfError::Krilla("page size".into()));
        };
        let mut page = kdoc.start_page_with(settings);
        let mut annots: Vec<(Slot, Rect, String)> = Vec::new();
        {
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        runs,
                        slot,
                        link,
                    } => {
                        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                        surface.set_fill(Some(if link.is_some() { link_blue() } else { black() }));
                        let mut cx = *x;
                        for run in runs {
                            let face = faces.get(run.bold);
                            let glyphs = face.glyphs(&run.text);
                            surface.draw_glyphs(
                                Point::from_xy(cx, *y),
                                &glyphs,
                                face.font.clone(),
                                &run.text,
                                *size,
                                false,
                            );
                            cx += glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
                        }
                        if let Some((href, aslot, w)) = link {
                            // Underline the link, as on the web.
                            let mut pb = PathBuilder::new();
                            let uy = y + size * 0.12;
                            if let Some(r) = Rect::from_xywh(*x, uy, w.max(0.5), size * 0.06) {
                                pb.push_rect(r);
                            }
                            if let Some(p) = pb.finish() {
                                surface.draw_path(&p);
                            }
                            if let Some(r) = Rect::from_xywh(*x, y - size, w.max(1.0), size * 1.3) {
                                annots.push((*aslot, r, href.clone()));
                            }
                        }
                        surface.end_tagged();
                        ids[*slot] = Some(id);
                    }
                    Op::Panel {
                        x,
                        y,
                        w,
                        h,
                        lines,
                        size,
                        slot,
                    } => {
                        let id = surface.start_tagged(ContentTag::Other);
                        let mut pb = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                            pb.push_rect(r);
                        }
                        if let Some(p) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(krilla::paint::Stroke {
                                width: 1.5,
                                ..Default::default()
                            }));
                            surface.draw_path(&p);
                            surface.set_stroke(None);
                        }
                        surface.set_fill(Some(black()));
                        let mut ly = *y + 10.0 + size;
                        for line in lines {
                            let glyphs = faces.regular.glyphs(line);
                            surface.draw_glyphs(
                                Point::from_xy(x + 10.0, ly),
                                &glyphs,
                                faces.regular.font.clone(),
                                line,
                                *size,
                                false,
                            );
                            ly += size * style.leading;
                        }
                        surface.end_tagged();
                        ids[*slot] = Some(id);
                    }
                    Op::Drawing {
                        x,
                        y,
                        size,
                        shapes,
                        slot,
                    } => {
                        let id = surface.start_tagged(ContentTag::Other);
                        let scale = size / drawing::VIEW_BOX;
                        surface.set_fill(None);
                        surface.set_stroke(Some(krilla::paint::Stroke {
                            width: drawing::STROKE_WIDTH * scale,
                            line_cap: krilla::paint::LineCap::Round,
                            line_join: krilla::paint::LineJoin::Round,
                            ..Default::default()
                        }));
                        for p in drawing::paths(shapes, *x, *y, scale) {
                            surface.draw_path(&p);
                        }
                        surface.set_stroke(None);
                        surface.set_fill(Some(black()));
                        surface.end_tagged();
                        ids[*slot] = Some(id);
                    }
                }
            }
            // The page number: a pagination artifact, not part of the structure.
            if total > 1 {
                let label = format!("Page {} of {}", pi + 1, total);
                let size = style.note.min(12.0);
                let w = faces.regular.width(&label, size);
                surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                    ArtifactType::PaginationOther,
                )));
                surface.set_fill(Some(black()));
                let glyphs = faces.regular.glyphs(&label);
                surface.draw_glyphs(
                    Point::from_xy(PAGE_WIDTH - MARGIN - w, PAGE_HEIGHT - MARGIN + size),
                    &glyphs,
                    faces.regular.font.clone(),
                    &label,
                    size,
                    false,
                );
                surface.end_tagged();
            }
            surface.finish();
        }
        for (aslot, rect, href) in annots {
            let annot = krilla::annotation::Annotation::new_link(
                krilla::annotation::LinkAnnotation::new(
                    rect,
                    krilla::annotation::Target::Action(
                        krilla::action::LinkAction::new(href.clone()).into(),
                    ),
                ),
                Some(format!("Link to {}", display_href(&href))),
            );
            ids[aslot] = Some(page.add_tagged_annotation(annot));
        }
        page.finish();
    }
    let mut tag_tree = TagTree::new().with_lang(Some(doc.lang.clone()));
    for node in tree {
        if let Some(n) = to_node(node, &mut ids) {
            tag_tree.push(n);
        }
    }
    kdoc.set_tag_tree(tag_tree);
    // Bookmarks, one for each heading (PDF/UA-1 asks for an outline).
    let mut outline = krilla::outline::Outline::new();
    for (text, page, y) in headings {
        outline.push_child(krilla::outline::OutlineNode::new(
            text,
            krilla::destination::XyzDestination::new(page, Point::from_xy(MARGIN, y)),
        ));
    }
    kdoc.set_outline(outline);
    kdoc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(doc.title.clone())
            .language(doc.lang.clone())
            .creator("imha".into()),
    );
    kdoc.finish()
        .map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

fn display_href(href: &str) -> &str {
    href.strip_prefix("mailto:")
        .or_else(|| href.strip_prefix("tel:"))
        .unwrap_or(href)
}

fn to_node(node: SNode, ids: &mut [Option<Identifier>]) -> Option<Node> {
    match node {
        SNode::Content(s) => ids.get_mut(s)?.take().map(Node::from),
        SNode::Link(c, a) => {
            let mut kids = Vec::new();
            if let Some(id) = ids.get_mut(c)?.take() {
                kids.push(Node::from(id));
            }
            if let Some(id) = ids.get_mut(a)?.take() {
                kids.push(Node::from(id));
            }
            Some(TagGroup::with_children(Tag::Link, kids).into())
        }
        SNode::Group(kind, kids) => {
            let kids: Vec<Node> = kids.into_iter().filter_map(|k| to_node(k, ids)).collect();
            if kids.is_empty() {
                return None;
            }
            Some(TagGroup::with_children(kind, kids).into())
        }
    }
}

#[cfg(test)]
mod tests;
