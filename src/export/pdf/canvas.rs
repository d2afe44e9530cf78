//! A thin drawing layer that writes a PDF as it is drawn: A4 pages in millimetres measured from
//! the top-left corner, greyscale only, text in embedded DejaVu Sans with measured widths and word
//! wrapping.
//!
//! # Pages are written as they are laid out
//! Each page's drawing goes into one content stream, which is compressed and written to the
//! output as soon as the next page starts ([`Canvas::new_page`]), so a report of a thousand log
//! pages holds one page at a time, never the document. What only the end knows is written at the
//! end ([`Canvas::finish`]): a second content stream per page with its footer ("page N of M"),
//! the page objects and the page tree, the two fonts (subsets of the glyphs used), the document
//! information and the cross-reference table. Text is written as glyph numbers in the order the
//! characters were first drawn (a font's "CID"s); the subset font keeps that order (`allsorts`
//! numbers a subset's glyphs in the order they are asked for), and each font's `ToUnicode` map
//! turns them back into text for copying, searching and screen readers (`pdftotext` reads the
//! reports in the tests). The file is PDF 1.7 with a classic cross-reference table; the fonts are
//! Type 0 / CIDFontType2 with Identity-H encoding (ISO 32000-1, 9.7).
//!
//! The fonts are parsed and measured with `printpdf`'s `ParsedFont` and subset with `allsorts`;
//! the objects are written here, because the PDF libraries at hand (`printpdf`, `lopdf`) build
//! the whole document in memory and hold every page until it is saved.

use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

use printpdf::ParsedFont;

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

    /// A TrueType font with only the glyphs `glyphs` (original glyph numbers, `.notdef` first),
    /// numbered in that order, so the PDF embeds a few kilobytes instead of the whole font.
    /// `None` when subsetting fails (the caller then embeds the whole face).
    fn subset(bold: bool, glyphs: &[u16]) -> Option<Vec<u8>> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let bytes = if bold { BOLD_TTF } else { REGULAR_TTF };
        let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = font.table_provider(0).ok()?;
        subset(&provider, glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()
    }

    /// The face's box, ascent and descent in thousandths of an em (for the font descriptor).
    fn metrics(&self, bold: bool) -> FaceMetrics {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::{FontTableProvider, HeadTable, HheaTable};
        use allsorts::tag;
        let bytes = if bold { BOLD_TTF } else { REGULAR_TTF };
        let read = || -> Option<FaceMetrics> {
            let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
            let provider = font.table_provider(0).ok()?;
            let head_data = provider.read_table_data(tag::HEAD).ok()?;
            let head = ReadScope::new(&head_data).read::<HeadTable>().ok()?;
            let hhea_data = provider.read_table_data(tag::HHEA).ok()?;
            let hhea = ReadScope::new(&hhea_data).read::<HheaTable>().ok()?;
            let em = f32::from(head.units_per_em.max(1));
            let k = |v: i16| (f32::from(v) * 1000.0 / em).round() as i32;
            Some(FaceMetrics {
                bbox: [k(head.x_min), k(head.y_min), k(head.x_max), k(head.y_max)],
                ascent: k(hhea.ascender),
                descent: k(hhea.descender),
            })
        };
        // DejaVu Sans's own values, should its tables not read (they are compiled in and read in
        // the tests).
        read().unwrap_or(FaceMetrics { bbox: [-1021, -463, 1793, 1232], ascent: 928, descent: -236 })
    }

    /// The advance width of a glyph in thousandths of an em.
    fn glyph_width(&self, bold: bool, gid: u16) -> u32 {
        let face = self.face(bold);
        let em = u32::from(face.units_per_em.max(1));
        (u32::from(face.get_glyph_width(gid).unwrap_or(0)) * 1000 + em / 2) / em
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

/// A face's vertical metrics for the font descriptor, in thousandths of an em.
struct FaceMetrics {
    bbox: [i32; 4],
    ascent: i32,
    descent: i32,
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

/// The glyphs drawn in one face so far, numbered in the order they were first drawn (CID 0 is
/// `.notdef`, for a character the face does not have).
#[derive(Default)]
struct Used {
    cid: HashMap<char, u16>,
    /// The original glyph number of each CID.
    glyphs: Vec<u16>,
    /// The character of each CID (for `ToUnicode`; `.notdef` has none).
    chars: Vec<Option<char>>,
}

impl Used {
    fn new() -> Used {
        Used { cid: HashMap::new(), glyphs: vec![0], chars: vec![None] }
    }

    fn cid(&mut self, face: &ParsedFont, c: char) -> u16 {
        if let Some(&cid) = self.cid.get(&c) {
            return cid;
        }
        let cid = match face.lookup_glyph_index(c as u32) {
            Some(gid) if gid != 0 => match self.glyphs.iter().position(|&g| g == gid) {
                // Two characters drawn with one glyph (rare): one CID, the first character.
                Some(i) => i as u16,
                None if self.glyphs.len() < usize::from(u16::MAX) => {
                    self.glyphs.push(gid);
                    self.chars.push(Some(c));
                    (self.glyphs.len() - 1) as u16
                }
                None => 0,
            },
            _ => 0,
        };
        self.cid.insert(c, cid);
        cid
    }
}

/// The output, counting the bytes written (for the cross-reference table) and hashing them (for
/// the document's id).
struct Out<'w> {
    w: &'w mut dyn Write,
    at: u64,
    hash: sha1_smol::Sha1,
    failed: Option<std::io::Error>,
}

impl Out<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        match self.w.write_all(bytes) {
            Ok(()) => {
                self.at += bytes.len() as u64;
                self.hash.update(bytes);
            }
            Err(e) => self.failed = Some(e),
        }
    }
}

/// Writes a number with at most two decimals (points: a hundredth is far below what prints).
fn num(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        write!(out, "{}", r as i64).ok();
    } else {
        let text = format!("{r:.2}");
        out.extend_from_slice(text.trim_end_matches('0').as_bytes());
    }
}

fn pt(mm: f32) -> f32 {
    mm / PT_TO_MM
}

/// A PDF text string: UTF-16BE with a byte-order mark, in hex.
fn text_string(s: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in s.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 3 + 64), flate2::Compression::new(6));
    // Writing into a Vec cannot fail.
    z.write_all(data).ok();
    z.finish().unwrap_or_default()
}

/// A document being drawn and written: the page being drawn is held, the pages before it are
/// already in the output.
pub struct Canvas<'w> {
    /// The fonts, for measuring.
    pub fonts: &'static Fonts,
    title: String,
    out: Out<'w>,
    /// Byte offset of each object (object `n` at index `n - 1`); objects 1–4 are the catalog, the
    /// page tree and the two fonts, written at the end.
    offsets: Vec<u64>,
    /// The content stream of the page being drawn.
    page: Vec<u8>,
    /// The content stream object of each finished page.
    pages: Vec<u32>,
    used: [Used; 2],
}

const CATALOG: u32 = 1;
const PAGE_TREE: u32 = 2;
const FONT: [u32; 2] = [3, 4];

impl<'w> Canvas<'w> {
    /// A new document, written to `out` as it is drawn, with one empty page.
    pub fn new(title: &str, out: &'w mut dyn Write) -> Result<Canvas<'w>, ExportError> {
        let mut c = Canvas {
            fonts: Fonts::get()?,
            title: title.to_owned(),
            out: Out { w: out, at: 0, hash: sha1_smol::Sha1::new(), failed: None },
            offsets: vec![0; 4],
            page: Vec::with_capacity(64 * 1024),
            pages: Vec::new(),
            used: [Used::new(), Used::new()],
        };
        // A comment with bytes above 127 marks the file as binary (ISO 32000-1, 7.5.2).
        c.out.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Ok(c)
    }

    /// Finishes the page being drawn (it is written out now) and starts a new one; drawing goes
    /// there from now on.
    pub fn new_page(&mut self) {
        let content = std::mem::take(&mut self.page);
        let id = self.stream(b"", &content);
        self.pages.push(id);
        self.page = content;
        self.page.clear();
    }

    /// A new object number.
    fn alloc(&mut self) -> u32 {
        self.offsets.push(0);
        self.offsets.len() as u32
    }

    /// Writes object `id` (its dictionary or value in `body`).
    fn object(&mut self, id: u32, body: &[u8]) {
        self.offsets[id as usize - 1] = self.out.at;
        self.out.put(format!("{id} 0 obj\n").as_bytes());
        self.out.put(body);
        self.out.put(b"\nendobj\n");
    }

    /// Writes a new stream object holding `data` compressed, with `extra` dictionary entries;
    /// returns its number.
    fn stream(&mut self, extra: &[u8], data: &[u8]) -> u32 {
        let id = self.alloc();
        let packed = deflate(data);
        self.offsets[id as usize - 1] = self.out.at;
        self.out.put(format!("{id} 0 obj\n<< /Length {} /Filter /FlateDecode ", packed.len()).as_bytes());
        self.out.put(extra);
        self.out.put(b" >>\nstream\n");
        self.out.put(&packed);
        self.out.put(b"\nendstream\nendobj\n");
        id
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
        let face = self.fonts.face(bold);
        let used = &mut self.used[usize::from(bold)];
        let p = &mut self.page;
        p.extend_from_slice(if bold { b"0 g BT /F2 " } else { b"0 g BT /F1 " });
        num(p, size);
        p.extend_from_slice(b" Tf ");
        num(p, pt(x));
        p.push(b' ');
        num(p, pt(PAGE_H - y));
        p.extend_from_slice(b" Td <");
        for c in text.chars() {
            write!(p, "{:04X}", used.cid(face, c)).ok();
        }
        p.extend_from_slice(b"> Tj ET\n");
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
        let p = &mut self.page;
        p.extend_from_slice(b"q ");
        num(p, grey_level.clamp(0.0, 1.0));
        p.extend_from_slice(b" G ");
        num(p, pt(width));
        p.extend_from_slice(if dash.is_empty() { b" w 0 J [" } else { b" w 1 J [" });
        for (i, d) in dash.iter().enumerate() {
            if i > 0 {
                p.push(b' ');
            }
            num(p, pt(*d));
        }
        p.extend_from_slice(b"] 0 d\n");
        for (i, &(x, y)) in points.iter().enumerate() {
            num(p, pt(x));
            p.push(b' ');
            num(p, pt(PAGE_H - y));
            p.extend_from_slice(if i == 0 { b" m\n" } else { b" l\n" });
        }
        p.extend_from_slice(b"S Q\n");
    }

    /// A closed shape through `points`; a point marked `true` is a cubic control point (two in a
    /// row, then the end point).
    fn shape(&mut self, points: &[((f32, f32), bool)], paint: Paint) {
        let op: &[u8] = match (paint.fill, paint.stroke) {
            (Some(_), Some(_)) => b"B",
            (Some(_), None) => b"f",
            (None, Some(_)) => b"S",
            (None, None) => return,
        };
        if points.is_empty() {
            return;
        }
        let p = &mut self.page;
        p.extend_from_slice(b"q ");
        if let Some(f) = paint.fill {
            num(p, f.clamp(0.0, 1.0));
            p.extend_from_slice(b" g ");
        }
        if let Some((w, g)) = paint.stroke {
            num(p, g.clamp(0.0, 1.0));
            p.extend_from_slice(b" G ");
            num(p, pt(w));
            p.extend_from_slice(b" w [] 0 d ");
        }
        p.push(b'\n');
        let mut controls = 0;
        for (i, &((x, y), control)) in points.iter().enumerate() {
            num(p, pt(x));
            p.push(b' ');
            num(p, pt(PAGE_H - y));
            if i == 0 {
                p.extend_from_slice(b" m\n");
            } else if control {
                controls += 1;
                p.push(b' ');
            } else if controls == 2 {
                controls = 0;
                p.extend_from_slice(b" c\n");
            } else {
                controls = 0;
                p.extend_from_slice(b" l\n");
            }
        }
        p.extend_from_slice(b"h ");
        p.extend_from_slice(op);
        p.extend_from_slice(b" Q\n");
    }

    /// A closed polygon.
    pub fn polygon(&mut self, points: &[(f32, f32)], paint: Paint) {
        let pts: Vec<((f32, f32), bool)> = points.iter().map(|&p| (p, false)).collect();
        self.shape(&pts, paint);
    }

    /// A rectangle with its top-left corner at (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, paint: Paint) {
        self.polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], paint);
    }

    /// An ellipse.
    pub fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, paint: Paint) {
        // Four cubic arcs; 0.5523 is the usual circle approximation constant.
        let k = 0.552_284_8;
        let pts = [
            ((cx + rx, cy), false),
            ((cx + rx, cy + k * ry), true),
            ((cx + k * rx, cy + ry), true),
            ((cx, cy + ry), false),
            ((cx - k * rx, cy + ry), true),
            ((cx - rx, cy + k * ry), true),
            ((cx - rx, cy), false),
            ((cx - rx, cy - k * ry), true),
            ((cx - k * rx, cy - ry), true),
            ((cx, cy - ry), false),
            ((cx + k * rx, cy - ry), true),
            ((cx + rx, cy - k * ry), true),
            ((cx + rx, cy), false),
        ];
        self.shape(&pts, paint);
    }

    /// Finishes the document: writes the last page, a footer on every page drawn by
    /// `footer(canvas, page index, page count)`, then the page tree, the fonts (subsets of the
    /// glyphs used), the document information and the cross-reference table. Fails when a write
    /// to the output failed.
    pub fn finish(mut self, mut footer: impl FnMut(&mut Canvas<'w>, usize, usize)) -> std::io::Result<()> {
        self.new_page();
        let count = self.pages.len();
        let contents = std::mem::take(&mut self.pages);
        let mut kids = Vec::with_capacity(count);
        for (i, content) in contents.into_iter().enumerate() {
            footer(&mut self, i, count);
            let data = std::mem::take(&mut self.page);
            let foot = self.stream(b"", &data);
            self.page = data;
            self.page.clear();
            let id = self.alloc();
            let body = format!(
                "<< /Type /Page /Parent {PAGE_TREE} 0 R /MediaBox [0 0 {} {}] /Contents [{content} 0 R {foot} 0 R] \
                 /Resources << /Font << /F1 {} 0 R /F2 {} 0 R >> >> >>",
                Self::fmt(pt(PAGE_W)),
                Self::fmt(pt(PAGE_H)),
                FONT[0],
                FONT[1],
            );
            self.object(id, body.as_bytes());
            kids.push(id);
        }
        let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
        let tree = format!("<< /Type /Pages /Kids [{}] /Count {count} >>", kids.join(" "));
        self.object(PAGE_TREE, tree.as_bytes());
        for bold in [false, true] {
            self.font(bold);
        }
        self.object(CATALOG, format!("<< /Type /Catalog /Pages {PAGE_TREE} 0 R >>").as_bytes());
        let info = self.alloc();
        let info_body = format!(
            "<< /Title {} /Creator {} /Producer {} >>",
            text_string(&self.title),
            text_string("Feltsense"),
            text_string("Feltsense")
        );
        self.object(info, info_body.as_bytes());
        // The document's id: a hash of everything before it, so the same report is the same file.
        let id = self.out.hash.digest().to_string();
        let id = &id[..32];
        let xref = self.out.at;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for off in &self.offsets {
            table.push_str(&format!("{off:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root {CATALOG} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        ));
        self.out.put(table.as_bytes());
        if let Some(e) = self.out.failed.take() {
            return Err(e);
        }
        self.out.w.flush()
    }

    fn fmt(v: f32) -> String {
        let mut b = Vec::new();
        num(&mut b, v);
        String::from_utf8(b).unwrap_or_default()
    }

    /// Writes one face as a Type 0 font (object 3 or 4) with its CIDFontType2, descriptor, the
    /// embedded subset and the `ToUnicode` map.
    fn font(&mut self, bold: bool) {
        let used = std::mem::take(&mut self.used[usize::from(bold)]);
        let family = if bold { "DejaVuSans-Bold" } else { "DejaVuSans" };
        // The subset numbers its glyphs as asked (CID = glyph), else the whole face goes in and
        // a map says which glyph each CID is.
        let (file, base, cid_to_gid) = match Fonts::subset(bold, &used.glyphs) {
            Some(bytes) => {
                // A subset font's name carries a six-letter tag (ISO 32000-1, 9.6.4), here taken
                // from the glyphs it holds.
                let mut h = sha1_smol::Sha1::new();
                for g in &used.glyphs {
                    h.update(&g.to_be_bytes());
                }
                let tag: String = h.digest().bytes()[..6].iter().map(|b| char::from(b'A' + b % 26)).collect();
                (bytes, format!("{tag}+{family}"), "/Identity".to_owned())
            }
            None => {
                let whole = if bold { BOLD_TTF } else { REGULAR_TTF };
                let map: Vec<u8> = used.glyphs.iter().flat_map(|g| g.to_be_bytes()).collect();
                let map_id = self.stream(b"", &map);
                (whole.to_vec(), family.to_owned(), format!("{map_id} 0 R"))
            }
        };
        let file_id = self.stream(format!("/Length1 {}", file.len()).as_bytes(), &file);
        drop(file);
        let m = self.fonts.metrics(bold);
        let descriptor = self.alloc();
        let body = format!(
            "<< /Type /FontDescriptor /FontName /{base} /Flags 32 /FontBBox [{} {} {} {}] /ItalicAngle 0 \
             /Ascent {} /Descent {} /CapHeight {} /StemV {} /FontFile2 {file_id} 0 R >>",
            m.bbox[0],
            m.bbox[1],
            m.bbox[2],
            m.bbox[3],
            m.ascent,
            m.descent,
            m.ascent,
            if bold { 120 } else { 80 },
        );
        self.object(descriptor, body.as_bytes());
        let widths: Vec<String> = used.glyphs.iter().map(|&g| self.fonts.glyph_width(bold, g).to_string()).collect();
        let cid_font = self.alloc();
        let body = format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {descriptor} 0 R /DW 1000 /W [0 [{}]] /CIDToGIDMap {cid_to_gid} >>",
            widths.join(" ")
        );
        self.object(cid_font, body.as_bytes());
        let cmap = to_unicode(&used.chars);
        let cmap_id = self.stream(b"", cmap.as_bytes());
        let body = format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H \
             /DescendantFonts [{cid_font} 0 R] /ToUnicode {cmap_id} 0 R >>"
        );
        self.object(FONT[usize::from(bold)], body.as_bytes());
    }
}

/// The `ToUnicode` CMap: which text each CID stands for (ISO 32000-1, 9.10.3).
fn to_unicode(chars: &[Option<char>]) -> String {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let pairs: Vec<(usize, char)> = chars.iter().enumerate().filter_map(|(i, c)| c.map(|c| (i, c))).collect();
    for block in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", block.len()));
        for &(cid, c) in block {
            let mut units = [0u16; 2];
            let hex: String = c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
            s.push_str(&format!("<{cid:04X}> <{hex}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_to_a_hundredth() {
        let text = |v: f32| {
            let mut b = Vec::new();
            num(&mut b, v);
            String::from_utf8(b).expect("ascii")
        };
        assert_eq!(text(12.0), "12");
        assert_eq!(text(0.5), "0.5");
        assert_eq!(text(-1.23456), "-1.23");
        assert_eq!(text(-0.001), "0");
        assert_eq!(text(f32::NAN), "0");
    }

    #[test]
    fn glyphs_are_numbered_in_the_order_they_are_first_drawn() {
        let fonts = Fonts::get().expect("fonts");
        let mut used = Used::new();
        let face = fonts.face(false);
        assert_eq!(used.cid(face, 'b'), 1);
        assert_eq!(used.cid(face, 'a'), 2);
        assert_eq!(used.cid(face, 'b'), 1);
        assert_eq!(used.cid(face, '\u{10FFFF}'), 0, "a character the face lacks is .notdef");
        assert_eq!(used.chars, [None, Some('b'), Some('a')]);
        // The subset numbers them the same way: its glyph 1 is 'b'.
        let bytes = Fonts::subset(false, &used.glyphs).expect("subset");
        let subset = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).expect("parsed");
        assert_eq!(subset.lookup_glyph_index('b' as u32), Some(1));
        assert_eq!(subset.lookup_glyph_index('a' as u32), Some(2));
    }
}
