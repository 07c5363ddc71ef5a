//! Writes an example of each poll chart to `docs/charts/`, to see what a cohort will see.
//!
//! Run from the workspace root: `cargo run -p bot --example poll_charts`.

use bot::domain::Lang;
use bot::poll::Grade::*;
use bot::poll::chart::{merit_profile_png, tally_chart_png};
use bot::poll::{majority_judgment, tally};

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new("docs/charts");
    std::fs::create_dir_all(dir)?;

    let slots: Vec<String> = [
        "Mardi 18 h – 19 h 30",
        "Mercredi à l'heure du déjeuner",
        "Jeudi « en soirée », après 20 h",
        "Ça m'est égal",
    ]
    .map(String::from)
    .to_vec();
    let ballots: Vec<Vec<usize>> = [0, 1, 1, 2, 1, 0, 2, 1, 3, 1, 2, 0]
        .iter()
        .map(|&c| vec![c])
        .collect();
    let png = tally_chart_png(
        "Quel créneau pour la séance de révision ?",
        &slots,
        &tally(slots.len(), &ballots),
        Lang::Fr,
    );
    std::fs::write(dir.join("exemple-sondage.png"), png)?;

    let formats: Vec<String> = [
        "Atelier en présentiel à Besançon",
        "Classe virtuelle",
        "Travail en binôme, à distance",
        "Étude de cas écrite",
    ]
    .map(String::from)
    .to_vec();
    let grades = [
        [Excellent, TresBien, Bien, Passable],
        [TresBien, TresBien, Bien, Insuffisant],
        [ARejeter, TresBien, AssezBien, Bien],
        [Bien, Excellent, TresBien, ARejeter],
        [Passable, Bien, Excellent, AssezBien],
        [Insuffisant, AssezBien, TresBien, Passable],
        [TresBien, Bien, Passable, Insuffisant],
        [AssezBien, TresBien, Bien, ARejeter],
        [Excellent, Passable, TresBien, Bien],
    ];
    let ballots: Vec<Vec<_>> = grades.iter().map(|b| b.to_vec()).collect();
    let result = majority_judgment(formats.len(), &ballots);
    let png = merit_profile_png(
        "Quel format pour l'atelier n° 4 ?",
        &formats,
        &result,
        Lang::Fr,
    );
    std::fs::write(dir.join("exemple-jugement.png"), png)?;
    println!("wrote {}", dir.display());
    Ok(())
}
