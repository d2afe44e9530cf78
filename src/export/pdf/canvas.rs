//! A thin drawing layer over printpdf: A4 pages in millimetres measured from the top-left corner,
//! greyscale only, text in embedded DejaVu Sans with measured widths and word wrapping.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, LineCapStyle, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

use crate::export::files::ExportError;

/// A4 width in millimetres.
pub const PAGE_W: f32 = 210.0;
/// A4 height in millimetres.
pub const PAGE_H: f32 = 297.0;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two embedded faces, parsed once per process.
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl Fonts {
    /// The parsed fonts (parsed on first use).
    pub fn get() -> Result<&'static Fonts, ExportError> {
        static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())?;
                let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new())?;
                Some(Fonts { regular, bold })
            })
            .as_ref()
            .ok_or_else(|| ExportError::Pdf("the embedded font cannot be read".into()))
    }

    fn face(&self, bold: bool) -> &ParsedFont {
        if bold { &self.bold } else { &self.regular }
    }

    /// Width of `text` in millimetres at `size` points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = face.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(face.get_glyph_width(gid).unwrap_or(0))
            })
            .sum();
        units as f32 / f32::from(face.units_per_em.max(1)) * size * PT_TO_MM
    }

    /// Breaks `text` into lines no wider than `max_w` millimetres (explicit line breaks are kept;
    /// a word longer than a line is broken between characters).
    pub fn wrap(&self, text: &str, size: f32, bold: bool, max_w: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(&candidate, size, bold) <= max_w {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size, bold) <= max_w {
                    line = word.to_owned();
                } else {
                    for c in word.chars() {
                        line.push(c);
                        if self.width(&line, size, bold) > max_w && line.chars().count() > 1 {
                            let last = line.pop().unwrap_or(c);
                            lines.push(std::mem::take(&mut line));
                            line.push(last);
                        }
                    }
                }
            }
            lines.push(line);
        }
        while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// A copy of one face with only the glyphs of `chars` (plus `.notdef`), so the PDF embeds a
    /// few kilobytes instead of the whole font. `None` when subsetting fails (the caller then
    /// embeds the whole face).
    fn subset(&self, bold: bool, chars: &BTreeSet<char>) -> Option<ParsedFont> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let face = self.face(bold);
        let bytes = if bold { BOLD_TTF } else { REGULAR_TTF };
        let ids: BTreeSet<u16> =
            std::iter::once(0).chain(chars.iter().filter_map(|&c| face.lookup_glyph_index(c as u32))).collect();
        let ids: Vec<u16> = ids.into_iter().collect();
        let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = font.table_provider(0).ok()?;
        let subset = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
        ParsedFont::from_bytes(&subset, 0, &mut Vec::new())
    }

    /// Lays out a list as `a, b, c` over lines no wider than `max_w`, breaking only between
    /// items (an item wider than a line is word-wrapped on its own).
    pub fn wrap_list(&self, items: &[String], size: f32, bold: bool, max_w: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for (i, item) in items.iter().enumerate() {
            let piece = if i + 1 < items.len() { format!("{item},") } else { item.clone() };
            let candidate = if line.is_empty() { piece.clone() } else { format!("{line} {piece}") };
            if self.width(&candidate, size, bold) <= max_w {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if self.width(&piece, size, bold) <= max_w {
                line = piece;
            } else {
                let mut parts = self.wrap(&piece, size, bold, max_w);
                line = parts.pop().unwrap_or_default();
                lines.extend(parts);
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Shortens `text` with "…" until it fits in `max_w` millimetres.
    pub fn ellipsize(&self, text: &str, size: f32, bold: bool, max_w: f32) -> String {
        if self.width(text, size, bold) <= max_w {
            return text.to_owned();
        }
        let mut s: String = text.to_owned();
        while !s.is_empty() && self.width(&format!("{s}…"), size, bold) > max_w {
            s.pop();
        }
        format!("{}…", s.trim_end())
    }
}

/// Millimetres per point.
pub const PT_TO_MM: f32 = 25.4 / 72.0;

fn pt(mm: f32) -> Pt {
    Pt(mm / PT_TO_MM)
}

fn point(x: f32, y_from_top: f32) -> Point {
    Point { x: pt(x), y: pt(PAGE_H - y_from_top) }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level.clamp(0.0, 1.0), icc_profile: None })
}

/// Horizontal alignment of a text run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `x` is the left edge.
    Left,
    /// `x` is the centre.
    Center,
    /// `x` is the right edge.
    Right,
}

/// How a shape is painted: fill grey (0 = black, 1 = white) and outline (width in mm, grey).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Paint {
    /// Fill grey, if filled.
    pub fill: Option<f32>,
    /// Outline width (mm) and grey, if outlined.
    pub stroke: Option<(f32, f32)>,
}

impl Paint {
    /// Filled only.
    pub fn fill(grey: f32) -> Paint {
        Paint { fill: Some(grey), stroke: None }
    }
    /// Outlined only.
    pub fn stroke(width: f32, grey: f32) -> Paint {
        Paint { fill: None, stroke: Some((width, grey)) }
    }
    /// Filled and outlined.
    pub fn both(fill: f32, width: f32, grey: f32) -> Paint {
        Paint { fill: Some(fill), stroke: Some((width, grey)) }
    }
}

/// A document being drawn: a list of pages of printpdf operations.
pub struct Canvas {
    /// The fonts, for measuring.
    pub fonts: &'static Fonts,
    title: String,
    regular: FontId,
    bold: FontId,
    /// Characters drawn in the regular and the bold face, for subsetting.
    used: [BTreeSet<char>; 2],
    pages: Vec<Vec<Op>>,
}

impl Canvas {
    /// A new document with one empty page.
    pub fn new(title: &str) -> Result<Canvas, ExportError> {
        Ok(Canvas {
            fonts: Fonts::get()?,
            title: title.to_owned(),
            regular: FontId::new(),
            bold: FontId::new(),
            used: [BTreeSet::new(), BTreeSet::new()],
            pages: vec![Vec::new()],
        })
    }

    /// Number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page; drawing goes there from now on.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Draws on page `index` (0-based) with `f`, then goes back to the last page.
    pub fn on_page(&mut self, index: usize, f: impl FnOnce(&mut Canvas)) {
        if index >= self.pages.len() {
            return;
        }
        let page = std::mem::take(&mut self.pages[index]);
        let saved = std::mem::replace(&mut self.pages, vec![page]);
        f(self);
        let page = self.pages.pop().unwrap_or_default();
        self.pages = saved;
        self.pages[index] = page;
    }

    /// Text with its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, align: Align, text: &str) {
        if text.is_empty() {
            return;
        }
        let w = self.fonts.width(text, size, bold);
        let x = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        let font = if bold { self.bold.clone() } else { self.regular.clone() };
        self.used[usize::from(bold)].extend(text.chars());
        self.ops().extend([
            Op::SetFillColor { col: grey(0.0) },
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) },
            Op::SetTextCursor { pos: point(x, y) },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    /// A straight line, optionally dashed (`dash` in mm, alternating on and off).
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, grey_level: f32, dash: &[f32]) {
        self.polyline(&[from, to], width, grey_level, dash);
    }

    /// An open path through `points`.
    pub fn polyline(&mut self, points: &[(f32, f32)], width: f32, grey_level: f32, dash: &[f32]) {
        if points.len() < 2 {
            return;
        }
        let dash_pt: Vec<f32> = dash.iter().map(|d| d / PT_TO_MM).collect();
        let line = printpdf::Line {
            points: points.iter().map(|&(x, y)| LinePoint { p: point(x, y), bezier: false }).collect(),
            is_closed: false,
        };
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: grey(grey_level) },
            Op::SetOutlineThickness { pt: pt(width) },
            Op::SetLineCapStyle { cap: if dash.is_empty() { LineCapStyle::Butt } else { LineCapStyle::Round } },
            Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &dash_pt) },
            Op::DrawLine { line },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A closed shape; `bezier` marks points that are cubic control points (two in a row, then
    /// the end point).
    fn shape(&mut self, points: Vec<LinePoint>, paint: Paint) {
        let mode = match (paint.fill, paint.stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        if let Some(f) = paint.fill {
            ops.push(Op::SetFillColor { col: grey(f) });
        }
        if let Some((w, g)) = paint.stroke {
            ops.push(Op::SetOutlineColor { col: grey(g) });
            ops.push(Op::SetOutlineThickness { pt: pt(w) });
            ops.push(Op::SetLineDashPattern { dash: LineDashPattern::solid() });
        }
        ops.push(Op::DrawPolygon {
            polygon: Polygon { rings: vec![PolygonRing { points }], mode, winding_order: WindingOrder::NonZero },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A closed polygon.
    pub fn polygon(&mut self, points: &[(f32, f32)], paint: Paint) {
        let pts = points.iter().map(|&(x, y)| LinePoint { p: point(x, y), bezier: false }).collect();
        self.shape(pts, paint);
    }

    /// A rectangle with its top-left corner at (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, paint: Paint) {
        self.polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], paint);
    }

    /// An ellipse.
    pub fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, paint: Paint) {
        // Four cubic arcs; 0.5523 is the usual circle approximation constant.
        let k = 0.552_284_8;
        let p = |x: f32, y: f32, bezier: bool| LinePoint { p: point(x, y), bezier };
        let pts = vec![
            p(cx + rx, cy, false),
            p(cx + rx, cy + k * ry, true),
            p(cx + k * rx, cy + ry, true),
            p(cx, cy + ry, false),
            p(cx - k * rx, cy + ry, true),
            p(cx - rx, cy + k * ry, true),
            p(cx - rx, cy, false),
            p(cx - rx, cy - k * ry, true),
            p(cx - k * rx, cy - ry, true),
            p(cx, cy - ry, false),
            p(cx + k * rx, cy - ry, true),
            p(cx + rx, cy - k * ry, true),
            p(cx + rx, cy, false),
        ];
        self.shape(pts, paint);
    }

    /// Serialises the document, embedding subsets of the two faces.
    pub fn finish(self) -> Vec<u8> {
        let mut doc = PdfDocument::new(&self.title);
        doc.metadata.info.creator = "Feltsense".into();
        for (bold, id) in [(false, &self.regular), (true, &self.bold)] {
            let family = if bold { "DejaVuSans-Bold" } else { "DejaVuSans" };
            let face = match self.fonts.subset(bold, &self.used[usize::from(bold)]) {
                Some(mut subset) => {
                    // A subset font's name carries a six-letter tag (ISO 32000-1, 9.6.4).
                    let tag: String = id.0.chars().filter(char::is_ascii_uppercase).take(6).collect();
                    subset.font_name = Some(format!("{tag:A<6}+{family}"));
                    subset
                }
                None => {
                    let mut full = self.fonts.face(bold).clone();
                    full.font_name = Some(family.to_owned());
                    full
                }
            };
            doc.resources.fonts.map.insert(id.clone(), printpdf::PdfFont::new(face));
        }
        let pages = self.pages.into_iter().map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)).collect();
        doc.with_pages(pages);
        doc.save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}
