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
        let speaker = match &q.speaker {
            None => "(unattributed)".to_string(),
            Some(s) => match &s.name {
                Some(name) => clip(name, 22),
                // "he" with no antecedent: a mention that names no one
                None => "(unresolved)".to_string(),
            },
        };
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
    if let Some(positions) = &a.positions {
        print_positions(out, positions)?;
    }
    writeln!(
        out,
        "\n{} actors, {} quotes, {} attributed",
        a.actors.len(),
        a.quotes.len(),
        a.quotes
            .iter()
            .filter(|q| q.speaker.as_ref().is_some_and(|s| s.name.is_some()))
            .count()
    )
}

/// The actor × issue matrix, + for support and − for opposition, then the evidence.
fn print_positions(
    out: &mut impl Write,
    positions: &[attache_core::analysis::Position],
) -> io::Result<()> {
    use attache_core::analysis::StanceKind;
    let mut holders: Vec<&str> = Vec::new();
    let mut issues: Vec<&str> = Vec::new();
    for p in positions {
        if !holders.contains(&p.holder.name.as_str()) {
            holders.push(&p.holder.name);
        }
        if !issues.contains(&p.issue.as_str()) {
            issues.push(&p.issue);
        }
    }
    writeln!(out, "\nPOSITIONS")?;
    if positions.is_empty() {
        return writeln!(out, "  (none found)");
    }
    write!(out, "  {:<24}", "")?;
    for k in 1..=issues.len() {
        write!(out, " {k:>3}")?;
    }
    writeln!(out)?;
    for h in &holders {
        write!(out, "  {:<24}", clip(h, 24))?;
        for i in &issues {
            let cell = positions
                .iter()
                .find(|p| p.holder.name == *h && p.issue == *i)
                .map_or(" ", |p| {
                    if p.stance == StanceKind::Support {
                        "+"
                    } else {
                        "−"
                    }
                });
            write!(out, " {cell:>3}")?;
        }
        writeln!(out)?;
    }
    for (k, i) in issues.iter().enumerate() {
        writeln!(out, "  {:>3} {i}", k + 1)?;
    }
    writeln!(out)?;
    for p in positions {
        let sign = if p.stance == StanceKind::Support {
            "+"
        } else {
            "−"
        };
        writeln!(
            out,
            "  {sign} {:<22} {:<24} “{}”",
            clip(&p.holder.name, 22),
            clip(&p.issue, 24),
            clip(&p.evidence.text, 80)
        )?;
    }
    Ok(())
}
