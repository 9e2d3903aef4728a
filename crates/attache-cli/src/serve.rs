//! `attache serve`: the record in a browser (attache-web), on a tokio runtime.

use crate::record::{CapabilityArgs, DbArg};
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Address and port to listen on (0.0.0.0:PORT to let other machines in).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Also answer requests for this host name (the `Host` header), e.g. the
    /// machine's name when serving on 0.0.0.0; loopback names and the bound
    /// address are always answered. Repeatable.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_hosts: Vec<String>,
    #[command(flatten)]
    capabilities: CapabilityArgs,
    /// Let people record review decisions (accept, reject, correct, add,
    /// merge) from the page or the API; without it the server only shows.
    #[arg(long)]
    review: bool,
    /// The token a decision must carry (Authorization: Bearer TOKEN); needed
    /// with --review on any address but loopback. Better given as the
    /// environment variable ATTACHE_TOKEN, which other users cannot see.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// The issue catalogue: the page shows each issue's proposition.
    #[arg(long, value_name = "CATALOGUE")]
    issues: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let spec = args.db.spec().to_string_lossy().into_owned();
    // the record as printed: a postgres URL's password never shown
    let shown = attache_store::backend::redact(&spec);
    if !attache_store::Store::exists(&spec) {
        bail!(
            "no record at {shown}: put articles in with `attache ingest` first, or name one with --db"
        );
    }
    // open once now (read-only, like every request), so that a bad record
    // fails here and not on each request
    attache_store::Store::open_existing(&spec)
        .with_context(|| format!("opening the record {shown}"))?;
    let token = args
        .token
        .or_else(|| std::env::var("ATTACHE_TOKEN").ok())
        .filter(|t| !t.is_empty());
    if args.review {
        // an older record gets its table of decisions now
        attache_store::Store::open(&spec).with_context(|| format!("opening the record {shown}"))?;
    }
    let propositions = match &args.issues {
        Some(path) => attache_core::Catalogue::from_path(path)
            .context("reading the issue catalogue")?
            .issues
            .into_iter()
            .map(|i| (i.id, i.proposition))
            .collect(),
        None => Default::default(),
    };
    let config = attache_web::Config {
        capabilities: args.capabilities.load()?,
        propositions,
        allowed_hosts: args.allow_hosts,
        review: args.review,
        token,
        ..attache_web::Config::new(spec.clone())
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = listen(&args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr()?;
        if config.review && config.token.is_none() && !addr.ip().is_loopback() {
            bail!(
                "on {addr}, others could record decisions: give a token with ATTACHE_TOKEN (or --token), or serve on 127.0.0.1"
            );
        }
        let mode = match (config.review, config.token.is_some()) {
            (false, _) => "read-only",
            (true, false) => "taking review decisions",
            (true, true) => "taking review decisions with the token",
        };
        eprintln!("attache: serving the record {shown} at http://{addr} ({mode}; Ctrl-C stops)");
        attache_web::serve(listener, config)
            .await
            .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Connections that may wait to be accepted: a burst of clients beyond the
/// usual 128 waits in the queue instead of having its handshake dropped
/// (which clients see as resets, or as retries seconds long).
const BACKLOG: u32 = 4096;

/// A listener on `addr` (host and port; the first address the host names).
async fn listen(addr: &str) -> std::io::Result<tokio::net::TcpListener> {
    let mut last = None;
    for a in tokio::net::lookup_host(addr).await? {
        let socket = if a.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(a).and_then(|()| socket.listen(BACKLOG)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the address names no host",
        )
    }))
}
