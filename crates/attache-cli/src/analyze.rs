use anyhow::{Context, Result};
use attache_core::{Analysis, Analyzer, Catalogue, input, knowledge::Knowledge};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// Readable tables.
    Table,
    /// One input: its JSON document (schema attache.analysis/1), indented;
    /// several: JSON Lines, one document per line, in the inputs' order.
    Json,
    /// JSON Lines however many inputs: one document per line.
    Jsonl,
    /// One row per quote: source, span, kind, text, cue, speaker, actor (key), actor_name.
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// Article files (text, HTML or JSON records), or `-` for standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Write DIR/<file stem>.json for each input instead of printing.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Extra knowledge: DIR/*.toml ([[country]], [[organisation]], [[person]]),
    /// DIR/*.txt (given names), DIR/lexicon/*.txt (word classes; docs/lexicon.md).
    #[arg(long, value_name = "DIR")]
    knowledge: Option<PathBuf>,
    /// Issue catalogue (TOML): adds each actor's position on its issues.
    #[arg(long, value_name = "CATALOGUE")]
    issues: Option<PathBuf>,
    /// With --issues: list every stance statement, not only the clearest per actor and issue.
    #[arg(long, requires = "issues")]
    all_statements: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let knowledge = match &args.knowledge {
        Some(dir) => Knowledge::bundled_and_dir(dir).context("reading knowledge")?,
        None => Knowledge::bundled(),
    };
    let analyzer = Analyzer::new(knowledge);
    let catalogue = match &args.issues {
        Some(p) => Some(Catalogue::from_path(p).context("reading the issue catalogue")?),
        None => None,
    };
    let opts = (catalogue.as_ref(), args.all_statements);
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let bar = if args.files.len() > 20 && args.out_dir.is_some() {
        let b = ProgressBar::new(args.files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles {per_sec} {eta}")
                .expect("template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let results: Vec<(PathBuf, Result<Analysis>)> = args
        .files
        .par_iter()
        .map(|path| {
            // a panic on one file is its error; the others are read
            let r = crate::record::caught(&path.display().to_string(), || {
                analyze_path(&analyzer, opts, path)
            })
            .map_err(|e| anyhow::anyhow!(e.message))
            .and_then(|r| r);
            let r = match (r, &args.out_dir) {
                (Ok((a, id)), Some(dir)) => write_json(dir, path, id.as_deref(), &a).map(|_| a),
                (Ok((a, _)), None) => Ok(a),
                (Err(e), _) => Err(e),
            };
            bar.inc(1);
            (path.clone(), r)
        })
        .collect();
    bar.finish_and_clear();
    let mut failed = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let many = results.len() > 1;
    let mut csv_header = true;
    for (path, r) in results {
        match r {
            Ok(a) if args.out_dir.is_none() => match args.format {
                OutputFormat::Json if !many => {
                    serde_json::to_writer_pretty(&mut out, &a)?;
                    writeln!(out)?;
                }
                OutputFormat::Json | OutputFormat::Jsonl => {
                    serde_json::to_writer(&mut out, &a)?;
                    writeln!(out)?;
                }
                OutputFormat::Csv => {
                    let rows = crate::csv::analysis_quotes(&a);
                    let mut text = Vec::new();
                    crate::csv::write_values(&mut text, crate::csv::ANALYSIS_QUOTES, rows)?;
                    // the header once, before the first input's rows
                    let body = if csv_header {
                        &text[..]
                    } else {
                        let end = text.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
                        &text[end..]
                    };
                    csv_header = false;
                    out.write_all(body)?;
                }
                OutputFormat::Table => {
                    if many {
                        writeln!(out, "== {}", path.display())?;
                    }
                    crate::table::print_analysis(&mut out, &a)?;
                }
            },
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                eprintln!(
                    "attache: {}: {}",
                    crate::record::printable(&path.display().to_string()),
                    crate::record::printable(&format!("{e:#}"))
                );
            }
        }
    }
    if failed > 0 {
        eprintln!("attache: {failed} of {} inputs failed", args.files.len());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze_path(
    analyzer: &Analyzer,
    (catalogue, all): (Option<&Catalogue>, bool),
    path: &Path,
) -> Result<(Analysis, Option<String>)> {
    let (bytes, name) = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("reading standard input")?;
        (b, None)
    } else {
        let b = std::fs::read(path).context("cannot read file")?;
        (
            b,
            path.file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string),
        )
    };
    let article = input::read_article(name.as_deref(), &bytes)?;
    let mut analysis = analyzer.analyze_with(&article.text, catalogue, all);
    analysis.source = Some(path.display().to_string());
    Ok((analysis, article.id))
}

fn write_json(dir: &Path, path: &Path, id: Option<&str>, a: &Analysis) -> Result<()> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| *s != "-")
        .or(id)
        .unwrap_or("stdin");
    let out = dir.join(format!("{stem}.json"));
    let json = serde_json::to_vec_pretty(a)?;
    std::fs::write(&out, json).with_context(|| format!("writing {}", out.display()))
}
