//! Poll results as PNG images, to post in a chat room.
//!
//! Text is drawn with Noto Sans embedded in the binary (crate `ttf-noto-sans`), so French
//! accents and « guillemets » render the same on every machine, fonts installed or not.
//! Sizes depend only on the number of options, never on the labels: long labels are cut
//! with "…".

use super::canvas::{Canvas, Face, Rgb, fit, text_width};
use super::judgment::{GRADES, Grade, MjResult, OptionResult};
use super::tally::Tally;
use crate::domain::Lang;
use crate::i18n::Msg;

/// The width of a bar chart, in pixels.
pub const BAR_CHART_WIDTH: u32 = 800;
/// The width of a merit-profile chart, in pixels.
pub const MERIT_PROFILE_WIDTH: u32 = 900;

const PAD: i32 = 24;
const TITLE_SIZE: f32 = 22.0;
const LABEL_SIZE: f32 = 15.0;
const SMALL_SIZE: f32 = 12.0;
const FOOTER_H: i32 = 44;
const LABEL_W: i32 = 250;

const BACKGROUND: Rgb = Rgb::hex(0xFFFFFF);
const INK: Rgb = Rgb::hex(0x1F2328);
const MUTED: Rgb = Rgb::hex(0x5F6670);
const TRACK: Rgb = Rgb::hex(0xEEF1F5);
const BAR: Rgb = Rgb::hex(0x7EA6E0);
const BAR_WINNER: Rgb = Rgb::hex(0x2F5DA8);
const HALF_LINE: Rgb = Rgb::hex(0x222222);

/// Grade colours, best first: ColorBrewer's 7-class RdYlGn scale, green to red, which stays
/// readable for the most common colour-vision deficiencies thanks to its lightness ramp.
const GRADE_COLORS: [Rgb; GRADES] = [
    Rgb::hex(0x1A9850),
    Rgb::hex(0x91CF60),
    Rgb::hex(0xD9EF8B),
    Rgb::hex(0xFFFFBF),
    Rgb::hex(0xFEE08B),
    Rgb::hex(0xFC8D59),
    Rgb::hex(0xD73027),
];

// Bar chart rows.
const BAR_TOP: i32 = 72;
const BAR_ROW_H: i32 = 40;
const BAR_H: i32 = 24;
const VALUE_W: i32 = 130;

/// The size of a bar chart of `options` options.
pub fn bar_chart_size(options: usize) -> (u32, u32) {
    let rows = options.max(1) as i32;
    (
        BAR_CHART_WIDTH,
        (BAR_TOP + rows * BAR_ROW_H + FOOTER_H) as u32,
    )
}

/// A horizontal bar chart of `counts`, one bar per option with its label, its count and its
/// share of all the counts; bars are scaled to the largest count and the leaders stand out.
///
/// Shares are of the total, which for a single-choice poll is the number of voters; for a
/// multiple-choice poll, [`tally_chart_png`] gives shares of voters instead. A missing label
/// shows as the option's number.
pub fn bar_chart_png(title: &str, labels: &[String], counts: &[u64], lang: Lang) -> Vec<u8> {
    let total: u64 = counts.iter().sum();
    let footer = Msg::new("poll-chart-answers").arg("count", total);
    draw_bars(title, labels, counts, total, footer, lang)
}

/// The bar chart of an ordinary poll's [`Tally`]: shares are of voters, as
/// [`Tally::percentages`] gives them, and the footer counts voters.
pub fn tally_chart_png(title: &str, labels: &[String], tally: &Tally, lang: Lang) -> Vec<u8> {
    let footer = Msg::new("poll-chart-voters").arg("voters", tally.voters);
    draw_bars(title, labels, &tally.counts, tally.voters, footer, lang)
}

fn label(labels: &[String], i: usize) -> String {
    labels
        .get(i)
        .cloned()
        .unwrap_or_else(|| (i + 1).to_string())
}

fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        (part as f64 * 100.0 / whole as f64).round() as u64
    }
}

/// The title line, cut to the width.
fn draw_title(canvas: &mut Canvas, width: u32, title: &str) {
    let title = fit(
        Face::Bold,
        TITLE_SIZE,
        title,
        (width as i32 - 2 * PAD) as f32,
    );
    canvas.text(
        Face::Bold,
        TITLE_SIZE,
        PAD as f32,
        (PAD + 22) as f32,
        INK,
        &title,
    );
}

/// The footer line: the number of voters, or that there are none yet.
fn draw_footer(canvas: &mut Canvas, height: u32, empty: bool, footer: &Msg, lang: Lang) {
    let msg = if empty {
        Msg::new("poll-chart-no-votes")
    } else {
        footer.clone()
    };
    let baseline = (height as i32 - FOOTER_H / 2 + 5) as f32;
    canvas.text(
        Face::Regular,
        14.0,
        PAD as f32,
        baseline,
        MUTED,
        &msg.render(lang),
    );
}

fn draw_bars(
    title: &str,
    labels: &[String],
    counts: &[u64],
    whole: u64,
    footer: Msg,
    lang: Lang,
) -> Vec<u8> {
    let (width, height) = bar_chart_size(counts.len());
    let mut canvas = Canvas::new(width, height, BACKGROUND);
    draw_title(&mut canvas, width, title);
    let best = counts.iter().copied().max().unwrap_or(0);
    let bar_x = PAD + LABEL_W + 12;
    let bar_max = width as i32 - bar_x - PAD - VALUE_W;
    for (i, &count) in counts.iter().enumerate() {
        let row = BAR_TOP + i as i32 * BAR_ROW_H;
        let mid = row + BAR_ROW_H / 2;
        let leader = best > 0 && count == best;
        let face = if leader { Face::Bold } else { Face::Regular };
        let name = label(labels, i);
        let name = fit(face, LABEL_SIZE, &name, LABEL_W as f32);
        canvas.text(face, LABEL_SIZE, PAD as f32, mid as f32 + 5.0, INK, &name);
        let bar_y = mid - BAR_H / 2;
        canvas.fill_rect(bar_x, bar_y, bar_max, BAR_H, TRACK);
        let len = if best == 0 {
            0
        } else {
            (count as f64 / best as f64 * bar_max as f64).round() as i32
        };
        canvas.fill_rect(
            bar_x,
            bar_y,
            len,
            BAR_H,
            if leader { BAR_WINNER } else { BAR },
        );
        let value = Msg::new("poll-chart-count")
            .arg("count", count)
            .arg("percent", percent(count, whole))
            .render(lang);
        canvas.text(
            face,
            LABEL_SIZE,
            (bar_x + bar_max + 10) as f32,
            mid as f32 + 5.0,
            INK,
            &value,
        );
    }
    draw_footer(&mut canvas, height, whole == 0, &footer, lang);
    canvas.into_png()
}

// Merit profile layout.
const LEGEND_TOP: i32 = 60;
const LEGEND_ROW_H: i32 = 22;
const SWATCH: i32 = 14;
const MERIT_ROW_H: i32 = 54;
const MERIT_BAR_H: i32 = 30;
const SHARE_SIZE: f32 = 12.0;

/// The legend items' x positions, wrapped onto rows that fit the chart's width.
fn legend_layout(lang: Lang) -> Vec<(Grade, String, i32, i32)> {
    let mut out = Vec::new();
    let (mut x, mut row) = (PAD, 0);
    for grade in Grade::ALL {
        let name = grade.to_msg().render(lang);
        let w = SWATCH + 6 + text_width(Face::Regular, 13.0, &name).ceil() as i32 + 18;
        if x + w > MERIT_PROFILE_WIDTH as i32 - PAD && x > PAD {
            x = PAD;
            row += 1;
        }
        out.push((grade, name, x, row));
        x += w;
    }
    out
}

fn merit_rows_top(lang: Lang) -> i32 {
    let legend_rows = legend_layout(lang).last().map_or(0, |l| l.3) + 1;
    // Room for the legend, then for the "50 %" mark above the bars.
    LEGEND_TOP + legend_rows * LEGEND_ROW_H + 26
}

/// Where to centre a share of `text_w` pixels in the segment `x0..x1` without crossing the 50 %
/// line at `half_x`, which would make both unreadable; `None` when it does not fit.
fn share_position(x0: i32, x1: i32, half_x: i32, text_w: f32) -> Option<f32> {
    let parts = if x0 < half_x && half_x < x1 {
        vec![(x0, half_x - 1), (half_x + 1, x1)]
    } else {
        vec![(x0, x1)]
    };
    parts
        .into_iter()
        .filter(|&(a, b)| (b - a) as f32 >= text_w)
        .max_by_key(|&(a, b)| b - a)
        .map(|(a, b)| (a + b) as f32 / 2.0)
}

/// The size of a merit-profile chart of `options` options in `lang`.
pub fn merit_profile_size(options: usize, lang: Lang) -> (u32, u32) {
    let rows = options.max(1) as i32;
    let height = merit_rows_top(lang) + rows * MERIT_ROW_H + FOOTER_H;
    (MERIT_PROFILE_WIDTH, height as u32)
}

/// Where the merit-profile bars sit: the same horizontal span for every option.
#[derive(Clone, Copy)]
struct MeritBars {
    /// The bars' left edge.
    x: i32,
    /// The bars' full width.
    w: i32,
    /// The 50 % line.
    half_x: i32,
}

/// The merit profiles of a majority judgment: one bar per option, best ranked first, split
/// across the seven grades from green (« Excellent ») to red (« À rejeter »), with a legend,
/// a line at 50 % (where the majority grade is read) and each option's majority grade.
///
/// Exactly tied options share a rank number; winners' labels are in bold. A missing label
/// shows as the option's number.
pub fn merit_profile_png(title: &str, labels: &[String], result: &MjResult, lang: Lang) -> Vec<u8> {
    let options = result.per_option.len();
    let (width, height) = merit_profile_size(options, lang);
    let mut canvas = Canvas::new(width, height, BACKGROUND);
    draw_title(&mut canvas, width, title);
    draw_legend(&mut canvas, lang);

    let top = merit_rows_top(lang);
    let bar_x = PAD + LABEL_W + 12;
    let bar_w = width as i32 - bar_x - PAD;
    let bars = MeritBars {
        x: bar_x,
        w: bar_w,
        half_x: bar_x + bar_w / 2,
    };
    let half = Msg::new("poll-chart-half").render(lang);
    canvas.text_centered(
        Face::Regular,
        SMALL_SIZE,
        bars.half_x as f32,
        (top - 8) as f32,
        MUTED,
        &half,
    );

    let voted = result.voters > 0;
    for (pos, (i, rank)) in ranks(result).enumerate() {
        let option = &result.per_option[i];
        let row = top + pos as i32 * MERIT_ROW_H;
        let face = if result.winners.contains(&i) {
            Face::Bold
        } else {
            Face::Regular
        };
        let name = if voted {
            format!("{rank}. {}", label(labels, i))
        } else {
            label(labels, i)
        };
        draw_merit_label(&mut canvas, row, face, &name, option.median, lang);
        draw_merit_bar(&mut canvas, row, bars, option, lang);
    }
    // Drawn last, so that it stays visible over the bars.
    let rows_end = top + options.max(1) as i32 * MERIT_ROW_H;
    canvas.fill_rect(bars.half_x - 1, top - 4, 2, rows_end - top + 4, HALF_LINE);

    let footer = Msg::new("poll-chart-voters").arg("voters", result.voters);
    draw_footer(&mut canvas, height, !voted, &footer, lang);
    canvas.into_png()
}

/// Each option in ranking order with its rank number, starting at 1.
fn ranks(result: &MjResult) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut rank = 0;
    result.ranking.iter().enumerate().map(move |(pos, &i)| {
        // Identical profiles are exact ties, so they share the first position of their group.
        if pos == 0
            || result.per_option[result.ranking[pos - 1]].profile != result.per_option[i].profile
        {
            rank = pos + 1;
        }
        (i, rank)
    })
}

/// The grade swatches with their names, on the rows [`legend_layout`] wraps them onto.
fn draw_legend(canvas: &mut Canvas, lang: Lang) {
    for (grade, name, x, row) in legend_layout(lang) {
        let y = LEGEND_TOP + row * LEGEND_ROW_H;
        let color = GRADE_COLORS[grade.index()];
        canvas.fill_rect(x, y, SWATCH, SWATCH, color);
        canvas.stroke_rect(x, y, SWATCH, SWATCH, MUTED);
        canvas.text(
            Face::Regular,
            13.0,
            (x + SWATCH + 6) as f32,
            (y + SWATCH - 2) as f32,
            INK,
            &name,
        );
    }
}

/// An option's name, and under it its majority grade once someone has voted.
fn draw_merit_label(
    canvas: &mut Canvas,
    row: i32,
    face: Face,
    name: &str,
    median: Option<Grade>,
    lang: Lang,
) {
    let name = fit(face, LABEL_SIZE, name, LABEL_W as f32);
    canvas.text(face, LABEL_SIZE, PAD as f32, (row + 22) as f32, INK, &name);
    if let Some(median) = median {
        let line = Msg::new("poll-chart-median")
            .arg("grade", median.to_msg())
            .render(lang);
        let line = fit(Face::Regular, SMALL_SIZE, &line, LABEL_W as f32);
        canvas.text(
            Face::Regular,
            SMALL_SIZE,
            PAD as f32,
            (row + 41) as f32,
            MUTED,
            &line,
        );
    }
}

/// An option's merit profile: one segment per grade, each with its share where it fits.
fn draw_merit_bar(
    canvas: &mut Canvas,
    row: i32,
    bars: MeritBars,
    option: &OptionResult,
    lang: Lang,
) {
    let bar_y = row + (MERIT_ROW_H - MERIT_BAR_H) / 2;
    canvas.fill_rect(bars.x, bar_y, bars.w, MERIT_BAR_H, TRACK);
    let voters = option.voters();
    if voters > 0 {
        let edge = |n: u64| bars.x + (n as f64 / voters as f64 * bars.w as f64).round() as i32;
        let mut before = 0;
        for (g, &count) in option.profile.iter().enumerate() {
            // Edges from cumulative counts, so rounding never leaves gaps or overflows.
            let x0 = edge(before);
            before += count;
            let x1 = edge(before);
            let color = GRADE_COLORS[g];
            canvas.fill_rect(x0, bar_y, x1 - x0, MERIT_BAR_H, color);
            let share = Msg::new("poll-chart-percent")
                .arg("percent", percent(count, voters))
                .render(lang);
            let text_w = text_width(Face::Regular, SHARE_SIZE, &share) + 6.0;
            if let Some(center) = share_position(x0, x1, bars.half_x, text_w).filter(|_| count > 0)
            {
                let ink = if color.is_light() { INK } else { BACKGROUND };
                canvas.text_centered(
                    Face::Regular,
                    SHARE_SIZE,
                    center,
                    (bar_y + MERIT_BAR_H / 2 + 4) as f32,
                    ink,
                    &share,
                );
            }
        }
    }
    canvas.stroke_rect(bars.x, bar_y, bars.w, MERIT_BAR_H, Rgb::hex(0xB8BEC6));
}

#[cfg(test)]
#[path = "chart_tests.rs"]
mod tests;
