use attache_core::Analysis;
use std::io::{self, Write};

fn clip(s: &str, n: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Prints the actors and the quotes with their speakers.
pub fn print_analysis(out: &mut impl Write, a: &Analysis) -> io::Result<()> {
    writeln!(out, "ACTORS")?;
    writeln!(
        out,
        "  {:<28} {:<13} {:<28} {:<16} {:>8}",
        "name", "kind", "role", "affiliation", "mentions"
    )?;
    let mut actors: Vec<_> = a.actors.iter().collect();
    actors.sort_by_key(|x| std::cmp::Reverse(x.mentions.len()));
    for x in actors {
        let kind = serde_json::to_value(x.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<28} {:<13} {:<28} {:<16} {:>8}",
            clip(&x.name, 28),
            kind,
            clip(x.role.as_deref().unwrap_or("-"), 28),
            clip(x.affiliation.as_deref().unwrap_or("-"), 16),
            x.mentions.len()
        )?;
    }
    writeln!(out, "\nQUOTES")?;
    writeln!(out, "  {:<22} {:<14} {:<8} quote", "speaker", "cue", "kind")?;
    for q in &a.quotes {
        let speaker = q
            .speaker
            .as_ref()
            .map_or("(unattributed)".to_string(), |s| clip(&s.name, 22));
        let cue = q
            .cue
            .as_ref()
            .map_or("-".to_string(), |c| clip(&c.text, 14));
        let kind = if q.kind == attache_core::analysis::QuoteKind::Direct {
            "direct"
        } else {
            "partial"
        };
        writeln!(
            out,
            "  {:<22} {:<14} {:<8} “{}”",
            speaker,
            cue,
            kind,
            clip(&q.text, 70)
        )?;
    }
    writeln!(
        out,
        "\n{} actors, {} quotes, {} attributed",
        a.actors.len(),
        a.quotes.len(),
        a.quotes.iter().filter(|q| q.speaker.is_some()).count()
    )
}
