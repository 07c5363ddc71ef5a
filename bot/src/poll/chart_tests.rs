use super::*;
use crate::poll::judgment::{Grade::*, majority_judgment};
use crate::poll::tally::tally;

/// Decodes a PNG: width, height and RGB pixels.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// How many pixels of rows `y0..y1` are dark, i.e. text.
fn dark_pixels(width: u32, rgb: &[u8], y0: u32, y1: u32) -> usize {
    let row = width as usize * 3;
    rgb[y0 as usize * row..y1 as usize * row]
        .chunks(3)
        .filter(|p| p.iter().all(|&c| c < 100))
        .count()
}

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_embedded_font_has_french_letters() {
    for face in [Face::Regular, Face::Bold] {
        for c in "éèêàâçôùûïÉÈÀÇ«»’·…œ".chars() {
            assert!(face.has_glyph(c), "{face:?} lacks {c}");
        }
    }
}

#[test]
fn bar_chart_decodes_with_its_size_and_shows_text() {
    let names = labels(&["Mardi à 18 h", "Jeudi « tôt »", "Ça m'est égal"]);
    let png = bar_chart_png("Quel créneau ?", &names, &[4, 7, 1], Lang::Fr);
    let (w, h, rgb) = decode(&png);
    assert_eq!((w, h), bar_chart_size(3));
    assert!(dark_pixels(w, &rgb, 0, BAR_TOP as u32) > 100, "title drawn");
    assert!(
        dark_pixels(w, &rgb, BAR_TOP as u32, h) > 300,
        "labels drawn"
    );
}

#[test]
fn bar_charts_differ_with_their_input() {
    let names = labels(&["Oui", "Non"]);
    let a = bar_chart_png("Vote", &names, &[3, 1], Lang::Fr);
    assert_eq!(a, bar_chart_png("Vote", &names, &[3, 1], Lang::Fr));
    assert_ne!(a, bar_chart_png("Vote", &names, &[1, 3], Lang::Fr));
    assert_ne!(a, bar_chart_png("Vote", &names, &[3, 1], Lang::En));
    assert_ne!(a, bar_chart_png("Vote !", &names, &[3, 1], Lang::Fr));
}

#[test]
fn bar_chart_edge_cases_render() {
    for counts in [&[][..], &[0, 0][..], &[5][..]] {
        let png = bar_chart_png("Sondage", &[], counts, Lang::En);
        let (w, h, _) = decode(&png);
        assert_eq!((w, h), bar_chart_size(counts.len()));
    }
    let long = "Une option au libellé beaucoup trop long pour tenir dans la colonne des libellés";
    let (w, h, _) = decode(&bar_chart_png(long, &labels(&[long]), &[2], Lang::Fr));
    assert_eq!((w, h), bar_chart_size(1));
}

#[test]
fn tally_chart_uses_shares_of_voters() {
    let t = tally(3, &[vec![0, 1], vec![1], vec![1, 2]]);
    let names = labels(&["A", "B", "C"]);
    let png = tally_chart_png("Plusieurs choix", &names, &t, Lang::Fr);
    assert_eq!(decode(&png).0, BAR_CHART_WIDTH);
    // Shares of voters (100 % for B) differ from shares of choices (60 %).
    assert_ne!(
        png,
        bar_chart_png("Plusieurs choix", &names, &t.counts, Lang::Fr)
    );
}

fn judged() -> MjResult {
    majority_judgment(
        3,
        &[
            vec![Excellent, Bien, ARejeter],
            vec![TresBien, Passable, Insuffisant],
            vec![Bien, AssezBien, Passable],
            vec![AssezBien, Bien, ARejeter],
        ],
    )
}

#[test]
fn merit_profile_decodes_with_its_size_and_shows_text() {
    let names = labels(&[
        "Atelier en présentiel",
        "Atelier à distance",
        "Pas d'atelier",
    ]);
    let png = merit_profile_png("Format de l'atelier n° 3", &names, &judged(), Lang::Fr);
    let (w, h, rgb) = decode(&png);
    assert_eq!((w, h), merit_profile_size(3, Lang::Fr));
    assert!(dark_pixels(w, &rgb, 0, 50) > 100, "title drawn");
    assert!(dark_pixels(w, &rgb, 50, h) > 500, "legend and labels drawn");
}

#[test]
fn merit_profiles_differ_with_their_input() {
    let names = labels(&["A", "B", "C"]);
    let a = merit_profile_png("JM", &names, &judged(), Lang::Fr);
    assert_eq!(a, merit_profile_png("JM", &names, &judged(), Lang::Fr));
    let other = majority_judgment(3, &[vec![Bien, Bien, Bien]]);
    assert_ne!(a, merit_profile_png("JM", &names, &other, Lang::Fr));
    assert_ne!(a, merit_profile_png("JM", &names, &judged(), Lang::En));
}

#[test]
fn merit_profile_edge_cases_render() {
    for (options, ballots) in [(0, vec![]), (2, vec![]), (1, vec![vec![Passable]])] {
        let r = majority_judgment(options, &ballots);
        for lang in Lang::ALL {
            let (w, h, _) = decode(&merit_profile_png("Vide", &[], &r, lang));
            assert_eq!((w, h), merit_profile_size(options, lang));
        }
    }
}

#[test]
fn fit_cuts_long_text_to_a_prefix_that_fits() {
    use crate::poll::canvas::{Face, fit, text_width};
    let long = "Quelle salle pour l'atelier ? ".repeat(700);
    for (text, width) in [
        (long.as_str(), 400.0),
        ("Court", 400.0),
        ("Très long titre", 1.0),
    ] {
        let cut = fit(Face::Bold, 20.0, text, width);
        let shown = cut.trim_end_matches('…');
        assert!(text.starts_with(shown), "{cut:?} is not a prefix");
        assert!(
            cut == "…" || text_width(Face::Bold, 20.0, &cut) <= width,
            "{cut:?}"
        );
    }
    let cut = fit(Face::Bold, 20.0, &long, 400.0);
    assert!(cut.ends_with('…') && cut.chars().count() > 10, "{cut:?}");
}

#[test]
fn a_twenty_thousand_character_question_still_draws() {
    let question = "é".repeat(20_000);
    let labels: Vec<String> = vec!["a".repeat(5_000), "b".into()];
    let png = tally_chart_png(&question, &labels, &tally(2, &[vec![0]]), Lang::Fr);
    let (w, _, _) = decode(&png);
    assert!(w > 0);
}
