//! `attache review`: a person's decisions on the record (the queue of what
//! to check, accept, reject, correct, add, speaker, merge, split, affiliation).

use crate::record::{DbArg, Format, printable};
use anyhow::{Result, bail};
use attache_store::Decision;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// The record: a SQLite file, or postgres://user@host/db.
    #[arg(
        long,
        default_value = "attache.db",
        value_name = "PATH|URL",
        global = true
    )]
    db: std::path::PathBuf,
    /// Who decides (recorded with each decision); $USER by default.
    #[arg(long, global = true)]
    reviewer: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    format: Format,
}

/// A stance as the record shows it: its article, the character span of
/// its evidence, its issue and its holder's actor key.
#[derive(clap::Args)]
struct StanceRef {
    #[arg(long)]
    article: i64,
    #[arg(long)]
    start: i64,
    #[arg(long)]
    end: i64,
    #[arg(long)]
    issue: String,
    /// The holder's actor key (as `review queue --format json` gives it).
    #[arg(long)]
    actor: String,
}

#[derive(clap::Subcommand)]
enum Command {
    /// The statements not reviewed yet, most worth checking first
    Queue {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Every decision taken, with who and when
    List,
    /// The machine read this stance right
    Accept(StanceRef),
    /// This is no stance of this holder on this issue
    Reject(StanceRef),
    /// Correct a stance: its stance, holder or issue
    Correct {
        #[command(flatten)]
        stance_ref: StanceRef,
        /// support or oppose
        #[arg(long = "to-stance")]
        stance: Option<String>,
        /// The holder it really is (actor key or name)
        #[arg(long)]
        holder: Option<String>,
        /// The issue it is really on
        #[arg(long)]
        to_issue: Option<String>,
    },
    /// Add a stance the machine missed: the character span of its sentence
    Add {
        #[arg(long)]
        article: i64,
        #[arg(long)]
        start: i64,
        #[arg(long)]
        end: i64,
        /// Actor key or name
        #[arg(long)]
        holder: String,
        #[arg(long)]
        issue: String,
        /// support or oppose
        #[arg(long)]
        stance: String,
    },
    /// Correct the speaker of the quote at a character span
    Speaker {
        #[arg(long)]
        article: i64,
        #[arg(long)]
        start: i64,
        #[arg(long)]
        end: i64,
        /// Actor key or name
        #[arg(long)]
        speaker: String,
    },
    /// The machine named the speaker of the quote at a character span right
    AcceptSpeaker {
        #[arg(long)]
        article: i64,
        #[arg(long)]
        start: i64,
        #[arg(long)]
        end: i64,
    },
    /// The speaker of the quote at a character span is wrong and unknown
    RejectSpeaker {
        #[arg(long)]
        article: i64,
        #[arg(long)]
        start: i64,
        #[arg(long)]
        end: i64,
    },
    /// Two actors are one: ACTOR's statements and quotes become INTO's
    Merge {
        /// Actor key
        actor: String,
        /// Actor key or name
        into: String,
    },
    /// In one article, an actor is someone else
    Split {
        #[arg(long)]
        actor: String,
        #[arg(long)]
        article: i64,
        /// The other actor's name
        #[arg(long)]
        name: String,
    },
    /// An actor speaks for a state or organisation
    Affiliation {
        /// Actor key
        actor: String,
        affiliation: String,
    },
}

impl StanceRef {
    fn parts(self) -> (i64, i64, i64, String, String) {
        (self.article, self.start, self.end, self.issue, self.actor)
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let db = DbArg::from_path(args.db);
    let decision = match args.command {
        Command::Queue { limit } => return queue(&db, args.format, limit),
        Command::List => return list(&db, args.format),
        Command::Accept(s) => {
            let (article, start, end, issue, actor) = s.parts();
            Decision::Accept {
                article,
                start,
                end,
                issue,
                actor,
            }
        }
        Command::Reject(s) => {
            let (article, start, end, issue, actor) = s.parts();
            Decision::Reject {
                article,
                start,
                end,
                issue,
                actor,
            }
        }
        Command::Correct {
            stance_ref,
            stance,
            holder,
            to_issue,
        } => {
            let (article, start, end, issue, actor) = stance_ref.parts();
            Decision::Correct {
                article,
                start,
                end,
                issue,
                actor,
                stance,
                holder,
                to_issue,
            }
        }
        Command::Add {
            article,
            start,
            end,
            holder,
            issue,
            stance,
        } => Decision::Add {
            article,
            start,
            end,
            holder,
            issue,
            stance,
        },
        Command::Speaker {
            article,
            start,
            end,
            speaker,
        } => Decision::Speaker {
            article,
            start,
            end,
            speaker,
        },
        Command::AcceptSpeaker {
            article,
            start,
            end,
        } => Decision::AcceptSpeaker {
            article,
            start,
            end,
        },
        Command::RejectSpeaker {
            article,
            start,
            end,
        } => Decision::RejectSpeaker {
            article,
            start,
            end,
        },
        Command::Merge { actor, into } => Decision::Merge { actor, into },
        Command::Split {
            actor,
            article,
            name,
        } => Decision::Split {
            actor,
            article,
            name,
        },
        Command::Affiliation { actor, affiliation } => Decision::Affiliation { actor, affiliation },
    };
    let reviewer = args
        .reviewer
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into());
    let mut store = db.open_for_review()?;
    let row = match store.review(decision, &reviewer)? {
        Ok(row) => row,
        Err(why) => bail!("{why}"),
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&row)?),
        _ => println!(
            "decision {} ({}) by {} at {}",
            row.id,
            row.decision.action(),
            printable(&row.reviewer),
            row.at
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn queue(db: &DbArg, format: Format, limit: usize) -> Result<ExitCode> {
    let items = db.open_read_only()?.review_queue(limit)?;
    if let Format::Json = format {
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:>5}  {:<22} {:<24} {:<7} where (--article --start --end)",
        "first", "actor", "issue", "stance"
    );
    for item in &items {
        let s = &item.statement;
        println!(
            "{:>5.2}  {:<22} {:<24} {:<7} {} {} {}  --actor {}",
            item.priority,
            crate::record::clip(&s.holder, 22),
            crate::record::clip(&s.issue, 24),
            s.stance,
            s.article,
            s.start,
            s.end,
            s.actor
        );
        println!(
            "       “{}” ({})",
            crate::record::clip(&s.evidence, 100),
            item.reasons.join("; ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list(db: &DbArg, format: Format) -> Result<ExitCode> {
    let rows = db.open_read_only()?.reviews()?;
    if let Format::Json = format {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:>4}  {:<20} {:<12} {:<11} decision",
        "id", "at", "reviewer", "action"
    );
    for r in &rows {
        println!(
            "{:>4}  {:<20} {:<12} {:<11} {}{}",
            r.id,
            r.at,
            crate::record::clip(&printable(&r.reviewer), 12),
            r.decision.action(),
            printable(&serde_json::to_string(&r.decision)?),
            match (r.superseded, r.applies) {
                (true, _) => " (replaced)",
                (false, false) => " (applies to nothing: the record no longer reads it)",
                _ => "",
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
