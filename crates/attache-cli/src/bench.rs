use anyhow::{Context, Result, bail};
use attache_core::{Analyzer, input};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Article files or folders (text, HTML or JSON records) to repeat.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Size of the body of text to analyse, in MB.
    #[arg(long, default_value_t = 50)]
    megabytes: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut texts = Vec::new();
    for p in &args.paths {
        let files: Vec<PathBuf> = if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            v.sort();
            v
        } else {
            vec![p.clone()]
        };
        for f in files {
            let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
            let name = f.file_name().and_then(|n| n.to_str());
            if let Ok(a) = input::read_article(name, &bytes) {
                texts.push(a.text);
            }
        }
    }
    if texts.is_empty() {
        bail!("no readable articles in the given paths");
    }
    let target = args.megabytes * 1_000_000;
    let mut body = Vec::new();
    let mut bytes = 0;
    while bytes < target {
        for t in &texts {
            bytes += t.len();
            body.push(t.as_str());
            if bytes >= target {
                break;
            }
        }
    }
    let analyzer = Analyzer::default();
    let mb = bytes as f64 / 1e6;
    let one = {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
        let t = Instant::now();
        let quotes: usize =
            pool.install(|| body.iter().map(|t| analyzer.analyze(t).quotes.len()).sum());
        (t.elapsed().as_secs_f64(), quotes)
    };
    let cores = rayon::current_num_threads();
    let all = {
        let t = Instant::now();
        let quotes: usize = body
            .par_iter()
            .map(|t| analyzer.analyze(t).quotes.len())
            .sum();
        (t.elapsed().as_secs_f64(), quotes)
    };
    let rss = peak_rss_mb();
    let n = body.len() as f64;
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "megabytes": mb, "articles": body.len(),
                "one_core": {"seconds": one.0, "mb_per_s": mb / one.0, "articles_per_s": n / one.0},
                "all_cores": {"threads": cores, "seconds": all.0, "mb_per_s": mb / all.0, "articles_per_s": n / all.0},
                "quotes": one.1, "peak_rss_mb": rss,
            })
        );
    } else {
        println!(
            "body: {mb:.1} MB in {} articles ({} distinct), {} quotes found",
            body.len(),
            texts.len(),
            one.1
        );
        println!(
            "1 thread:   {:.2} s  {:.1} MB/s  {:.0} articles/s",
            one.0,
            mb / one.0,
            n / one.0
        );
        println!(
            "{cores} threads:  {:.2} s  {:.1} MB/s  {:.0} articles/s  (x{:.2})",
            all.0,
            mb / all.0,
            n / all.0,
            one.0 / all.0
        );
        if let Some(r) = rss {
            println!("peak memory: {r:.0} MB resident");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Peak resident set size of this process, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
