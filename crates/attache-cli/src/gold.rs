//! `attache export-gold` and `import-gold`: reviewed articles in the gold
//! annotation format (one JSON file per article), and such files back into
//! a record as decisions.

use crate::record::{AnalysisArgs, DbArg, quote_issues};
use anyhow::{Context, Result, bail};
use attache_store::gold::GoldArticle;
use attache_store::sources::{DateSource, RawArticle};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// The folder to write `<id>.json` files into (created if needed).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Every article, not only those a person reviewed.
    #[arg(long)]
    all: bool,
    /// The machine's own reading of the same articles, decisions left
    /// aside: score.py of the reviewed files against these gives the agreement.
    #[arg(long)]
    machine: bool,
}

pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let mut store = args.db.open_read_only()?;
    let ids = if args.all {
        store.article_ids()?
    } else {
        store.reviewed_articles()?
    };
    if ids.is_empty() {
        bail!(
            "no reviewed article in the record: review with `attache review` first, or give --all"
        );
    }
    let articles = store.export_gold(&ids, args.machine)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for a in &articles {
        let path = args.out.join(format!("{}.json", a.id));
        let text = serde_json::to_string_pretty(a)? + "\n";
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "wrote {} articles ({} quotes, {} positions) to {}",
        articles.len(),
        articles.iter().map(|a| a.quotes.len()).sum::<usize>(),
        articles.iter().map(|a| a.positions.len()).sum::<usize>(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// Gold files (`*.json`) or folders of them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    analysis: AnalysisArgs,
    /// Who the decisions are recorded for.
    #[arg(long, default_value = "gold")]
    reviewer: String,
}

pub fn import(args: ImportArgs) -> Result<ExitCode> {
    let (catalogue, analyzer) = args.analysis.load()?;
    let mut files = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    let mut store = args.db.open_writing()?;
    let (mut decisions, mut missing) = (0, 0);
    for f in &files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let gold: GoldArticle = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a gold article", f.display()))?;
        let article = match store.article_with_text(&gold.text)? {
            Some(id) => id,
            None => {
                let raw = RawArticle {
                    text: gold.text.clone(),
                    url: gold.url.clone(),
                    title: gold.title.clone(),
                    outlet: gold.outlet.clone(),
                    published: gold.published.clone().map(|d| (d, DateSource::Metadata)),
                    origin: f.display().to_string(),
                };
                let analysis = analyzer.analyze_with(&gold.text, catalogue.as_ref(), false);
                store.ingest(&raw, &analysis, quote_issues(catalogue.as_ref()))?;
                store
                    .article_with_text(&gold.text)?
                    .context("the article was not stored")?
            }
        };
        match store.import_gold(article, &gold, &args.reviewer)? {
            Ok(report) => {
                decisions += report.decisions;
                missing += report.quotes_missing;
            }
            Err(why) => bail!("{}: {why}", f.display()),
        }
    }
    eprintln!(
        "read {} gold articles: {decisions} decisions recorded{}",
        files.len(),
        if missing > 0 {
            format!(", {missing} gold quotes the record has no quote for")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Subcommand)]
pub enum CatalogueCommand {
    /// Propose new terms for an issue from the sentences a person tagged
    /// with it (added stances, stances moved to it) that the catalogue missed
    Suggest(SuggestArgs),
}

#[derive(clap::Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    db: DbArg,
    /// The catalogue to improve.
    #[arg(long, value_name = "CATALOGUE")]
    issues: PathBuf,
    /// Terms per issue.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = crate::record::Format::Table)]
    format: crate::record::Format,
}

pub fn catalogue(command: CatalogueCommand) -> Result<ExitCode> {
    let CatalogueCommand::Suggest(args) = command;
    let catalogue =
        attache_core::Catalogue::from_path(&args.issues).context("reading the issue catalogue")?;
    let mut store = args.db.open_read_only()?;
    let suggestions = store.suggest_terms(&catalogue, args.limit)?;
    if let crate::record::Format::Json = args.format {
        println!("{}", serde_json::to_string_pretty(&suggestions)?);
        return Ok(ExitCode::SUCCESS);
    }
    if suggestions.is_empty() {
        println!(
            "no sentence a person tagged with an issue escapes the catalogue: nothing to suggest"
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<22} {:<32} {:>9} {:>8}  example",
        "issue", "term", "sentences", "articles"
    );
    for s in &suggestions {
        println!(
            "{:<22} {:<32} {:>9} {:>8}  “{}”",
            crate::record::clip(&s.issue, 22),
            crate::record::clip(&s.term, 32),
            s.sentences,
            s.articles,
            crate::record::clip(&s.example, 80)
        );
    }
    println!(
        "\nto accept a term, add it to the issue's `terms` in {}, then `attache reanalyse`",
        args.issues.display()
    );
    Ok(ExitCode::SUCCESS)
}
