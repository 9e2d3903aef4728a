//! Scenario files: attache's TOML, a one-issue CSV
//! (`actor,capability,position,salience`), KTAB's SMP CSV and the DEU table.

use crate::scenario::{Actor, Issue, Scenario, ScenarioError, Stance, Value};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Csv,
    Ktab,
    Deu,
}

/// Reads and validates a scenario file, choosing the format from its name and content.
pub fn read_scenario(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
        at: path.display().to_string(),
        message: e.to_string(),
    })?;
    // a byte-order mark (spreadsheets write one) is not part of the first line
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    let format = detect(path, text);
    let s = parse(format, name, text).map_err(|mut e| {
        e.at = if e.at.is_empty() {
            path.display().to_string()
        } else {
            format!("{}: {}", path.display(), e.at)
        };
        e
    })?;
    s.validate().map_err(|mut e| {
        e.at = if e.at.is_empty() {
            path.display().to_string()
        } else {
            format!("{}: {}", path.display(), e.at)
        };
        e
    })?;
    Ok(s)
}

pub fn detect(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("toml") => Format::Toml,
        Some("tsv") => Format::Deu,
        _ => {
            let first = text.lines().next().unwrap_or("").to_ascii_lowercase();
            if first
                .replace(' ', "")
                .starts_with("actor,capability,position,salience")
            {
                Format::Csv
            } else if first.contains('\t') {
                Format::Deu
            } else if ext.as_deref() == Some("csv") {
                Format::Ktab
            } else {
                Format::Toml
            }
        }
    }
}

pub fn parse(format: Format, name: &str, text: &str) -> Result<Scenario, ScenarioError> {
    match format {
        Format::Toml => toml::from_str(text).map_err(|e| ScenarioError {
            at: String::new(),
            message: e.to_string().trim_end().to_string(),
        }),
        Format::Csv => parse_csv(name, text),
        Format::Ktab => parse_ktab(text),
        Format::Deu => parse_deu(text),
    }
}

fn line_err(line: usize, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        at: format!("line {line}"),
        message: message.into(),
    }
}

fn number(field: &str, line: usize, name: &str) -> Result<f64, ScenarioError> {
    let t = field.trim().trim_matches('"');
    t.parse::<f64>()
        .map_err(|_| line_err(line, format!("{name} {t:?} is not a number")))
}

/// `actor,capability,position,salience`, one issue; the scale spans the positions.
fn parse_csv(name: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let mut actors = Vec::new();
    let mut stances = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 4 {
            return Err(line_err(
                n,
                format!(
                    "expected 4 fields (actor,capability,position,salience), found {}",
                    f.len()
                ),
            ));
        }
        let actor = f[0].trim().to_string();
        actors.push(Actor {
            name: actor.clone(),
            capability: number(f[1], n, "capability")?,
        });
        stances.push(Stance {
            actor,
            position: Value::Fixed(number(f[2], n, "position")?),
            salience: Value::Fixed(number(f[3], n, "salience")?),
            sources: Vec::new(),
        });
    }
    let positions = stances.iter().map(|s| s.position.mode());
    let min = positions.clone().fold(f64::INFINITY, f64::min);
    let max = positions.fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if max > min {
        (min, max)
    } else {
        (min - 1.0, max + 1.0)
    };
    Ok(Scenario {
        joint: false,
        name: Some(name.to_string()),
        actors,
        issues: vec![Issue {
            id: name.to_string(),
            description: None,
            min,
            max,
            status_quo: None,
            outcome: None,
            stances,
        }],
    })
}

/// KTAB SMP CSV: a name line, a header line, then
/// `actor, description, power, position, salience, …` per dimension on 0–100.
fn parse_ktab(text: &str) -> Result<Scenario, ScenarioError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, head) = lines.next().ok_or_else(|| line_err(1, "empty file"))?;
    let title = head.split(',').next().unwrap_or("").trim().to_string();
    let (hn, header) = lines
        .next()
        .ok_or_else(|| line_err(2, "missing the header line"))?;
    let cols: Vec<String> = header.split(',').map(|c| c.trim().to_string()).collect();
    let dims = cols.len().saturating_sub(3) / 2;
    if dims == 0 {
        return Err(line_err(hn + 1, "header has no position/salience columns"));
    }
    let mut actors = Vec::new();
    let mut issues: Vec<Issue> = (0..dims)
        .map(|d| Issue {
            id: cols
                .get(3 + 2 * d)
                .cloned()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| format!("dim{d}")),
            description: None,
            min: 0.0,
            max: 100.0,
            status_quo: None,
            outcome: None,
            stances: Vec::new(),
        })
        .collect();
    for (i, line) in lines {
        let n = i + 1;
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 3 + 2 * dims {
            return Err(line_err(
                n,
                format!("expected {} fields, found {}", 3 + 2 * dims, f.len()),
            ));
        }
        let name = f[0].trim().to_string();
        actors.push(Actor {
            name: name.clone(),
            capability: number(f[2], n, "power")?,
        });
        for (d, issue) in issues.iter_mut().enumerate() {
            issue.stances.push(Stance {
                actor: name.clone(),
                position: Value::Fixed(number(f[3 + 2 * d], n, "position")?),
                salience: Value::Fixed(number(f[4 + 2 * d], n, "salience")?),
                sources: Vec::new(),
            });
        }
    }
    Ok(Scenario {
        joint: true,
        name: Some(title),
        actors,
        issues,
    })
}

/// DEU: tab-separated, header line, a line of capabilities under the actor
/// position columns (`p…`), then one issue per line with positions `p…`,
/// saliences `s…`, the reference point `rp` and the outcome `out`. An actor
/// stands on an issue where both its position and salience are given.
fn parse_deu(text: &str) -> Result<Scenario, ScenarioError> {
    parse_deu_with_proposals(text).map(|(s, _)| s)
}

/// A DEU table and the proposal of each of its issues (column `prnr`, else
/// `prnrnmc`, else the issue's own id): issues of one proposal were decided
/// together, so cross-validation keeps them in one fold.
pub fn read_deu(path: &Path) -> Result<(Scenario, Vec<String>), ScenarioError> {
    let at = |e: ScenarioError| ScenarioError {
        at: if e.at.is_empty() {
            path.display().to_string()
        } else {
            format!("{}: {}", path.display(), e.at)
        },
        message: e.message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
        at: path.display().to_string(),
        message: e.to_string(),
    })?;
    let (s, proposals) = parse_deu_with_proposals(&text).map_err(at)?;
    s.validate().map_err(at)?;
    Ok((s, proposals))
}

fn parse_deu_with_proposals(text: &str) -> Result<(Scenario, Vec<String>), ScenarioError> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = records
        .next()
        .ok_or_else(|| line_err(1, "empty file"))?
        .map_err(|e| line_err(1, e.to_string()))?;
    let cols: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let (Some(rp_col), Some(out_col)) = (col("rp"), col("out")) else {
        return Err(line_err(1, "header needs the columns rp and out"));
    };
    let id_col = col("isnr").or_else(|| col("isnrnmc"));
    let desc_col = col("prname");
    let proposal_col = col("prnr").or_else(|| col("prnrnmc"));
    let mut proposals = Vec::new();
    // actor codes: p<code> with a matching s<code>
    let actors_cols: Vec<(String, usize, usize)> = cols
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let code = c.strip_prefix('p')?;
            if code.is_empty()
                || matches!(
                    c.as_str(),
                    "prnrnmc" | "prnr" | "prname" | "proc" | "proccde"
                )
            {
                return None;
            }
            let s = col(&format!("s{code}"))?;
            Some((code.to_string(), i, s))
        })
        .collect();
    let caps = records
        .next()
        .ok_or_else(|| line_err(2, "missing the capability line"))?
        .map_err(|e| line_err(2, e.to_string()))?;
    let mut actors = Vec::new();
    for (code, p, _) in &actors_cols {
        let c = caps.get(*p).map(str::trim).unwrap_or("");
        let capability = if c.is_empty() {
            0.0
        } else {
            number(c, 2, &format!("capability of {code}"))?
        };
        actors.push(Actor {
            name: code.clone(),
            capability,
        });
    }
    let mut issues = Vec::new();
    for (k, rec) in records.enumerate() {
        let n = k + 3;
        let rec = rec.map_err(|e| line_err(n, e.to_string()))?;
        let get = |i: usize| rec.get(i).map(str::trim).unwrap_or("");
        let opt = |i: usize, what: &str| -> Result<Option<f64>, ScenarioError> {
            let v = get(i);
            if v.is_empty() || v == "NA" {
                Ok(None)
            } else {
                number(v, n, what).map(Some)
            }
        };
        let mut stances = Vec::new();
        for (code, p, s) in &actors_cols {
            if let (Some(pos), Some(sal)) = (
                opt(*p, &format!("position of {code}"))?,
                opt(*s, &format!("salience of {code}"))?,
            ) {
                stances.push(Stance {
                    actor: code.clone(),
                    position: Value::Fixed(pos),
                    salience: Value::Fixed(sal),
                    sources: Vec::new(),
                });
            }
        }
        if stances.is_empty() {
            continue;
        }
        let id = id_col
            .map(|i| get(i).to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("line{n}"));
        proposals.push(
            proposal_col
                .map(|i| get(i).to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| id.clone()),
        );
        issues.push(Issue {
            id,
            description: desc_col
                .map(|i| get(i).to_string())
                .filter(|s| !s.is_empty()),
            min: 0.0,
            max: 100.0,
            status_quo: opt(rp_col, "rp")?,
            outcome: opt(out_col, "out")?,
            stances,
        });
    }
    Ok((
        Scenario {
            joint: false,
            name: Some("DEU".into()),
            actors,
            issues,
        },
        proposals,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_issue_csv_takes_its_scale_from_the_data() {
        let s = parse(
            Format::Csv,
            "x",
            "actor,capability,position,salience\nA,0.5,4,80\nB,0.5,10,60\n",
        )
        .unwrap();
        assert_eq!((s.issues[0].min, s.issues[0].max), (4.0, 10.0));
        assert_eq!(s.actors.len(), 2);
        let e = parse(
            Format::Csv,
            "x",
            "actor,capability,position,salience\nA,0.5,four,80\n",
        )
        .unwrap_err();
        assert_eq!(e.at, "line 2");
        assert!(e.message.contains("position"), "{e}");
    }

    #[test]
    fn a_csv_scenario_with_a_byte_order_mark_is_read_as_csv() {
        let path = std::env::temp_dir().join(format!("attache-bom-{}.csv", std::process::id()));
        std::fs::write(
            &path,
            "\u{feff}actor,capability,position,salience\nA,0.5,4,80\nB,0.5,10,60\n",
        )
        .unwrap();
        let read = read_scenario(&path);
        std::fs::remove_file(&path).unwrap();
        let s = read.unwrap();
        assert_eq!(s.actors.len(), 2);
        assert_eq!((s.issues[0].min, s.issues[0].max), (4.0, 10.0));
    }

    #[test]
    fn ktab_dimensions_become_issues() {
        let t = "Demo,desc,2,2,\nActor,Description,Power,P1,S1,P2,S2,\nA, a, 10, 20, 50, 30, 40,\nB, b, 5, 80, 60, 70, 20,\n";
        let s = parse(Format::Ktab, "x", t).unwrap();
        assert_eq!(s.issues.len(), 2);
        assert_eq!(s.issues[1].stances[1].position, Value::Fixed(70.0));
        assert_eq!(s.actors[0].capability, 10.0);
    }

    #[test]
    fn deu_rows_are_issues_with_capabilities_from_line_two() {
        let t = "\"isnr\"\t\"pde\"\t\"pfr\"\t\"sde\"\t\"sfr\"\t\"rp\"\t\"out\"\n\t\"2.5\"\t\"1.5\"\t\t\t\t\n\"i1\"\t0\t100\t50\t80\t0\t60\n\"i2\"\t\t100\t\t80\t0\t100\n";
        let s = parse(Format::Deu, "x", t).unwrap();
        assert_eq!(s.issues.len(), 2);
        assert_eq!(
            s.actors.iter().map(|a| a.capability).collect::<Vec<_>>(),
            [2.5, 1.5]
        );
        assert_eq!(s.issues[0].outcome, Some(60.0));
        assert_eq!(s.issues[1].stances.len(), 1, "missing position: no stance");
        let t = t
            .replace("\"isnr\"\t", "\"prnr\"\t\"isnr\"\t")
            .replacen("\n\t", "\n\t\t", 1)
            .replace("\"i1\"", "\"p7\"\t\"i1\"")
            .replace("\"i2\"", "\"p7\"\t\"i2\"");
        let (s, proposals) = parse_deu_with_proposals(&t).unwrap();
        assert_eq!(s.issues[1].id, "i2");
        assert_eq!(proposals, ["p7", "p7"]);
    }

    #[test]
    fn bad_toml_scenarios_name_the_field() {
        let bad_salience = "[[actor]]\nname='A'\ncapability=1\n[[issue]]\nid='x'\n[[issue.stance]]\nactor='A'\nposition=10\nsalience=120\n";
        let s = parse(Format::Toml, "x", bad_salience).unwrap();
        let e = s.validate().unwrap_err();
        assert!(
            e.to_string()
                .contains("issue \"x\", actor \"A\": salience 120 is outside 0–100"),
            "{e}"
        );
        let missing = bad_salience.replace("actor='A'\nposition", "actor='B'\nposition");
        let e = parse(Format::Toml, "x", &missing)
            .unwrap()
            .validate()
            .unwrap_err();
        assert!(
            e.to_string().contains("\"B\": is not a listed actor"),
            "{e}"
        );
        let e = parse(Format::Toml, "x", "[[actor]]\nname='A'\ncapability=1\n")
            .unwrap()
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("no issues"));
        let nan = bad_salience.replace("salience=120", "salience=nan");
        let e = parse(Format::Toml, "x", &nan)
            .unwrap()
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("salience is not a number"), "{e}");
        let twice =
            format!("{bad_salience}[[issue.stance]]\nactor='A'\nposition=30\nsalience=50\n")
                .replace("salience=120", "salience=20");
        let e = parse(Format::Toml, "x", &twice)
            .unwrap()
            .validate()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("issue \"x\", actor \"A\": holds two stances on this issue"),
            "{e}"
        );
        let e = parse(Format::Toml, "x", "[[actor]]\nname = \n").unwrap_err();
        assert!(e.message.contains("line 2"), "{e}");
    }
}
