//! Checkpoints of a SQLite record's write-ahead log on a thread of their
//! own. A checkpoint copies the log's pages into the file and syncs it;
//! done by the writer's own connection (SQLite's automatic checkpoint) it
//! took 12% of the one writer's time at 100,000 articles, while the other
//! core sat partly idle. Here the writer only sends a notice after each
//! commit, and a second connection does a passive checkpoint, which never
//! blocks the writer. Durability is unchanged: a checkpoint copies only
//! committed pages.
//!
//! The log starts again from its beginning only when a writer's
//! transaction begins after a checkpoint has copied all of it; a writer
//! that never waits for one would make it grow without end. So once the
//! log holds [`WAIT_PAGES`] pages, the writer waits, before its next
//! transaction, for the checkpoint of its last commit to finish (the log
//! starts again unless a reader still reads its end; then at a later one).

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use crate::backend::{DbError, Result};

/// What the writer and the thread share.
#[derive(Default)]
struct State {
    /// Commits noticed.
    noticed: u64,
    /// Commits noticed that a checkpoint has covered.
    covered: u64,
    /// Pages in the log, as the last checkpoint that ran found it.
    log_pages: i64,
    /// The writer is done; the thread finishes what it was told and ends.
    stop: bool,
    /// The thread has ended (stopped, or its connection failed).
    ended: bool,
}

/// Pages in the log at which the writer waits for the checkpoint.
const WAIT_PAGES: i64 = 65_536;

type Shared = Arc<(Mutex<State>, Condvar)>;

/// The checkpointing thread of one record.
pub(crate) struct Checkpoints {
    shared: Shared,
    thread: Option<JoinHandle<()>>,
}

impl Checkpoints {
    /// Starts a thread with its own connection to the record at `path`.
    pub(crate) fn start(path: &str) -> Result<Checkpoints> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(crate::backend::BUSY_TIMEOUT)?;
        let shared: Shared = Arc::default();
        let theirs = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("attache-checkpoint".into())
            .spawn(move || run(&conn, &theirs))
            .map_err(|e| DbError(format!("starting the checkpoint thread: {e}")))?;
        Ok(Checkpoints {
            shared,
            thread: Some(thread),
        })
    }

    /// Tells the thread a commit is done; `false` once the thread has
    /// ended (then the caller must checkpoint itself).
    pub(crate) fn notice(&self) -> bool {
        let (state, wake) = &*self.shared;
        let mut s = state.lock().expect("checkpoint state");
        s.noticed += 1;
        wake.notify_all();
        !s.ended
    }

    /// Before a transaction begins: if the log is long, waits for the
    /// checkpoint of every commit noticed, so the transaction starts the
    /// log again.
    pub(crate) fn settle(&self) {
        let (state, wake) = &*self.shared;
        let mut s = state.lock().expect("checkpoint state");
        if s.log_pages < WAIT_PAGES {
            return;
        }
        while s.covered < s.noticed && !s.ended {
            s = wake.wait(s).expect("checkpoint state");
        }
    }
}

/// The thread: a passive checkpoint whenever a commit was noticed since
/// the last one began.
fn run(conn: &rusqlite::Connection, shared: &Shared) {
    let (state, wake) = &**shared;
    loop {
        let target = {
            let mut s = state.lock().expect("checkpoint state");
            while s.covered == s.noticed && !s.stop {
                s = wake.wait(s).expect("checkpoint state");
            }
            if s.covered == s.noticed {
                break;
            }
            s.noticed
        };
        // (busy, pages in the log, pages copied): a checkpoint another
        // connection runs makes a row (1, -1, -1), and the next notice
        // tries again
        let pages = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        });
        let mut s = state.lock().expect("checkpoint state");
        s.covered = target;
        match pages {
            Ok((0, log)) if log >= 0 => s.log_pages = log,
            Ok(_) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {}
            // the writer checkpoints itself from now on
            Err(_) => {
                s.ended = true;
                wake.notify_all();
                return;
            }
        }
        wake.notify_all();
    }
    let mut s = state.lock().expect("checkpoint state");
    s.ended = true;
    wake.notify_all();
}

impl Drop for Checkpoints {
    /// Lets the thread finish the checkpoint it was told of, and waits for it.
    fn drop(&mut self) {
        {
            let (state, wake) = &*self.shared;
            let mut s = state.lock().expect("checkpoint state");
            s.stop = true;
            wake.notify_all();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
