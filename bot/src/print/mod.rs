//! Printable documents as PDF bytes: attendance sheets and completion certificates.
//!
//! A thin layout layer over `printpdf`: A4 pages, lines of text in the embedded Noto Sans (the
//! font the charts use, so accents and « guillemets » print the same everywhere), wrapped to the
//! page's width with real glyph widths, table rows with rules, and a new page when one is full.
//! Pure: data in, bytes out; the caller writes the file.

mod attendance;
mod certificate;

pub use attendance::{AttendanceSheet, SheetRow, attendance_pdf};
pub use certificate::{Certificate, CertificateAtelier, certificate_pdf};

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use printpdf::{
    IndirectFontRef, Line, Mm, PdfDocument, PdfDocumentReference, PdfLayerReference, Point,
};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The PDF library refused something.
    #[error("PDF: {0}")]
    Pdf(String),
}

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
/// Left and right margins, in mm.
const MARGIN: f32 = 18.0;
const TOP: f32 = PAGE_HEIGHT - 20.0;
const BOTTOM: f32 = 20.0;
/// Millimetres per typographic point.
const MM_PER_PT: f32 = 0.352_778;

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn bytes(self) -> &'static [u8] {
        match self {
            Weight::Regular => ttf_noto_sans::REGULAR,
            Weight::Bold => ttf_noto_sans::BOLD,
        }
    }

    fn metrics(self) -> Option<&'static FontRef<'static>> {
        static REGULAR: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
        static BOLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
        let cell = match self {
            Weight::Regular => &REGULAR,
            Weight::Bold => &BOLD,
        };
        cell.get_or_init(|| FontRef::try_from_slice(self.bytes()).ok())
            .as_ref()
    }
}

/// The width of `text` in mm at `size` points.
pub(crate) fn text_width(weight: Weight, size: f32, text: &str) -> f32 {
    let Some(font) = weight.metrics() else {
        // Cannot happen with the embedded font; a generous estimate keeps layout safe.
        return text.chars().count() as f32 * size * 0.6 * MM_PER_PT;
    };
    let per_em = font.units_per_em().unwrap_or(1000.0);
    let units: f32 = text
        .chars()
        .map(|c| font.h_advance_unscaled(font.glyph_id(c)))
        .sum();
    units / per_em * size * MM_PER_PT
}

/// `text` cut into lines no wider than `width` mm, at word boundaries (a word longer than the
/// line is cut where it overflows).
pub(crate) fn wrap(weight: Weight, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(weight, size, &candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line on its own is cut by characters.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width(weight, size, &piece) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// A document being written, top to bottom.
pub(crate) struct Printer {
    doc: PdfDocumentReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    layer: PdfLayerReference,
    /// Where the next line's baseline goes, in mm from the bottom.
    y: f32,
}

impl Printer {
    /// A new document of one empty A4 page.
    pub(crate) fn new(title: &str) -> Result<Self, PrintError> {
        let (doc, page, layer) =
            PdfDocument::new(title, Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "contenu");
        let font = |w: Weight| {
            doc.add_external_font(std::io::Cursor::new(w.bytes()))
                .map_err(|e| PrintError::Pdf(e.to_string()))
        };
        let regular = font(Weight::Regular)?;
        let bold = font(Weight::Bold)?;
        let layer = doc.get_page(page).get_layer(layer);
        Ok(Printer {
            doc,
            regular,
            bold,
            layer,
            y: TOP,
        })
    }

    /// The usable width of a page, in mm.
    pub(crate) fn width(&self) -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    /// Starts a new page.
    pub(crate) fn new_page(&mut self) {
        let (page, layer) = self
            .doc
            .add_page(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "contenu");
        self.layer = self.doc.get_page(page).get_layer(layer);
        self.y = TOP;
    }

    /// Makes room for `height` mm, on a new page if this one is too full.
    pub(crate) fn room_for(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn font(&self, weight: Weight) -> &IndirectFontRef {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Writes `text` at `x` mm from the left margin on the current line, without moving down.
    pub(crate) fn text_at(&self, x: f32, weight: Weight, size: f32, text: &str) {
        self.layer
            .use_text(text, size, Mm(MARGIN + x), Mm(self.y), self.font(weight));
    }

    /// Writes a paragraph, wrapped to the page, and moves below it.
    pub(crate) fn paragraph(&mut self, weight: Weight, size: f32, text: &str) {
        let leading = size * MM_PER_PT * 1.45;
        for line in wrap(weight, size, text, self.width()) {
            self.room_for(leading);
            self.y -= leading;
            self.text_at(0.0, weight, size, &line);
        }
    }

    /// Leaves `mm` of blank space.
    pub(crate) fn space(&mut self, mm: f32) {
        self.y -= mm;
    }

    /// One table row: each cell wrapped to its column (x offsets and widths in mm), a rule
    /// under it; returns nothing, moves below the row.
    pub(crate) fn row(
        &mut self,
        columns: &[(f32, f32)],
        cells: &[&str],
        weight: Weight,
        size: f32,
    ) {
        let leading = size * MM_PER_PT * 1.4;
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .zip(cells)
            .map(|((_, w), text)| wrap(weight, size, text, w - 1.5))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = leading * lines as f32 + 2.5;
        self.room_for(height);
        let top = self.y;
        for ((x, _), cell) in columns.iter().zip(&wrapped) {
            for (i, line) in cell.iter().enumerate() {
                self.y = top - leading * (i as f32 + 1.0);
                self.text_at(*x, weight, size, line);
            }
        }
        self.y = top - height;
        self.rule();
    }

    /// A thin horizontal rule across the page at the current position.
    pub(crate) fn rule(&self) {
        let y = self.y + 1.0;
        let line = Line {
            points: vec![
                (Point::new(Mm(MARGIN), Mm(y)), false),
                (Point::new(Mm(PAGE_WIDTH - MARGIN), Mm(y)), false),
            ],
            is_closed: false,
        };
        self.layer.set_outline_thickness(0.3);
        self.layer.add_line(line);
    }

    /// The finished document.
    pub(crate) fn finish(self) -> Result<Vec<u8>, PrintError> {
        self.doc
            .save_to_bytes()
            .map_err(|e| PrintError::Pdf(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_wrapped_to_the_width_by_words_then_by_letters() {
        let text = "Le sens avant l'action : pourquoi agir ensemble sur son territoire ?";
        let lines = wrap(Weight::Regular, 11.0, text, 60.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(text_width(Weight::Regular, 11.0, line) <= 60.0, "{line}");
        }
        let long = "x".repeat(400);
        let lines = wrap(Weight::Regular, 11.0, &long, 50.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert!(wrap(Weight::Bold, 11.0, "", 50.0).is_empty());
    }

    #[test]
    fn wider_text_measures_wider() {
        let narrow = text_width(Weight::Regular, 10.0, "iiii");
        let wide = text_width(Weight::Regular, 10.0, "MMMM");
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        assert!(
            text_width(Weight::Regular, 20.0, "abc") > text_width(Weight::Regular, 10.0, "abc")
        );
    }
}
