//! `attache export`: the record as Parquet or Arrow IPC tables (docs/export.md).

use crate::record::DbArg;
use anyhow::{Context, Result};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Apache Parquet (snappy), one file per table.
    Parquet,
    /// Arrow IPC files (Feather v2), one per table.
    Arrow,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    format: Format,
    /// The folder for articles, quotes, positions, actors and changes (.parquet or .arrow).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut store = args.db.open_read_only()?;
    let format = match args.format {
        Format::Parquet => attache_export::Format::Parquet,
        Format::Arrow => attache_export::Format::Arrow,
    };
    let written = attache_export::export(&mut store, format, &args.out)
        .with_context(|| format!("exporting to {}", args.out.display()))?;
    for (path, rows) in written {
        eprintln!("{rows:>9} rows  {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
