//! A small RGB raster: filled rectangles, anti-aliased text in an embedded font, PNG output.
//!
//! Charts need nothing more than axis-aligned boxes and text, so a few lines over `ab_glyph`
//! and `png` replace a plotting library, and no system font is ever looked for.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

/// An opaque colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `0xRRGGBB`.
    pub(super) const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// Whether dark text reads better than white text on this colour.
    pub(super) fn is_light(self) -> bool {
        // Rec. 601 luma: cheap and good enough to pick a text colour.
        let luma = 299 * u32::from(self.0) + 587 * u32::from(self.1) + 114 * u32::from(self.2);
        luma > 140_000
    }
}

/// The two weights of the embedded Noto Sans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
}

impl Face {
    fn font(self) -> &'static FontRef<'static> {
        static REGULAR: OnceLock<FontRef<'static>> = OnceLock::new();
        static BOLD: OnceLock<FontRef<'static>> = OnceLock::new();
        let (cell, bytes) = match self {
            Face::Regular => (&REGULAR, ttf_noto_sans::REGULAR),
            Face::Bold => (&BOLD, ttf_noto_sans::BOLD),
        };
        cell.get_or_init(|| FontRef::try_from_slice(bytes).expect("the embedded font parses"))
    }

    /// Whether the font draws `c` itself rather than its "missing glyph" box.
    #[cfg(test)]
    pub(super) fn has_glyph(self, c: char) -> bool {
        self.font().glyph_id(c) != GlyphId(0)
    }
}

/// Walks the glyphs of `text` laid out on one line, calling `each` with a glyph id and its pen
/// position; returns the line's advance width.
fn layout(face: Face, size: f32, text: &str, mut each: impl FnMut(GlyphId, f32)) -> f32 {
    let font = face.font();
    let scaled = font.as_scaled(PxScale::from(size));
    let mut caret = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        each(id, caret);
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
    caret
}

/// The width of `text` on one line.
pub(super) fn text_width(face: Face, size: f32, text: &str) -> f32 {
    layout(face, size, text, |_, _| {})
}

/// `text`, cut and ended with "…" if needed so that it fits in `max_width`.
///
/// Linear in the length of `text`: no glyph is narrower than a tenth of the font size, so at
/// most `max_width / (size / 10)` characters can fit, and the cut point among those is found
/// by bisection (a 20 000-character question costs as much as a 200-character one).
pub(super) fn fit(face: Face, size: f32, text: &str, max_width: f32) -> Cow<'_, str> {
    let most_chars = (max_width / (size / 10.0)).max(0.0) as usize + 1;
    let prefix_end = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    if text.chars().nth(most_chars).is_none() && text_width(face, size, text) <= max_width {
        return Cow::Borrowed(text);
    }
    let with_ellipsis = |chars: usize| format!("{}…", text[..prefix_end(chars)].trim_end());
    // Largest `n` in 0..=most_chars whose cut fits; 0 characters ("…") always counts as fitting.
    let (mut lo, mut hi) = (0usize, most_chars.min(text.chars().count()));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if text_width(face, size, &with_ellipsis(mid)) <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        return Cow::Borrowed("…");
    }
    Cow::Owned(with_ellipsis(lo))
}

/// An RGB image being drawn.
#[derive(Debug)]
pub(super) struct Canvas {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Canvas {
    /// A `width` × `height` image filled with `background`.
    pub(super) fn new(width: u32, height: u32, background: Rgb) -> Self {
        let pixels = width as usize * height as usize;
        let rgb = [background.0, background.1, background.2].repeat(pixels);
        Canvas { width, height, rgb }
    }

    /// Mixes `color` into pixel (`x`, `y`) with opacity `alpha` (0 to 1); outside is ignored.
    fn blend(&mut self, x: i32, y: i32, color: Rgb, alpha: f32) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let a = alpha.clamp(0.0, 1.0);
        let at = (y as usize * self.width as usize + x as usize) * 3;
        for (k, c) in [color.0, color.1, color.2].into_iter().enumerate() {
            let old = f32::from(self.rgb[at + k]);
            self.rgb[at + k] = (old + (f32::from(c) - old) * a).round() as u8;
        }
    }

    /// Fills the rectangle of top-left corner (`x`, `y`), clipped to the image.
    pub(super) fn fill_rect(&mut self, x: i32, y: i32, w: i32, h: i32, color: Rgb) {
        let (x0, y0) = (x.max(0), y.max(0));
        let x1 = (x + w).min(self.width as i32);
        let y1 = (y + h).min(self.height as i32);
        for yy in y0..y1 {
            for xx in x0..x1 {
                let at = (yy as usize * self.width as usize + xx as usize) * 3;
                self.rgb[at..at + 3].copy_from_slice(&[color.0, color.1, color.2]);
            }
        }
    }

    /// A one-pixel outline inside the rectangle.
    pub(super) fn stroke_rect(&mut self, x: i32, y: i32, w: i32, h: i32, color: Rgb) {
        self.fill_rect(x, y, w, 1, color);
        self.fill_rect(x, y + h - 1, w, 1, color);
        self.fill_rect(x, y, 1, h, color);
        self.fill_rect(x + w - 1, y, 1, h, color);
    }

    /// Draws `text` on one line starting at `x` on the `baseline`; returns its width.
    pub(super) fn text(
        &mut self,
        face: Face,
        size: f32,
        x: f32,
        baseline: f32,
        color: Rgb,
        text: &str,
    ) -> f32 {
        let font = face.font();
        let mut glyphs = Vec::new();
        let width = layout(face, size, text, |id, dx| {
            glyphs.push(id.with_scale_and_position(size, point(x + dx, baseline)));
        });
        for glyph in glyphs {
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.blend(
                        b.min.x as i32 + gx as i32,
                        b.min.y as i32 + gy as i32,
                        color,
                        coverage,
                    );
                });
            }
        }
        width
    }

    /// Draws `text` centred on `center_x`.
    pub(super) fn text_centered(
        &mut self,
        face: Face,
        size: f32,
        center_x: f32,
        baseline: f32,
        color: Rgb,
        text: &str,
    ) {
        let w = text_width(face, size, text);
        self.text(face, size, center_x - w / 2.0, baseline, color, text);
    }

    /// The image as PNG bytes.
    pub(super) fn into_png(self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Encoding a buffer of the announced size into memory has no way to fail.
        let mut writer = encoder.write_header().expect("PNG header in memory");
        writer
            .write_image_data(&self.rgb)
            .expect("PNG data of the announced size");
        writer.finish().expect("PNG end in memory");
        out
    }
}
