//! PostgreSQL's bulk rows: what a stored article adds many of (its
//! actors' mentions, quotes, the quotes' issues, statements) gathered in
//! memory and written with one binary `COPY` a table, instead of a round
//! trip a row. The ids later rows need (a quote's for its issues, a
//! statement's for `latest_positions` and `stance_sequence`) are drawn
//! from the tables' own sequences in blocks ([`IdBlocks`]), so no row
//! waits for a `RETURNING`. SQLite inserts row by row as before.

use postgres::types::Type;

use crate::backend::{Backend, Result, Val};

/// A table written by `COPY`: its columns and their types.
pub(crate) struct CopyTable {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub types: &'static [Type],
}

pub(crate) const ARTICLE_ACTORS: CopyTable = CopyTable {
    name: "article_actors",
    columns: &["article_id", "actor_id", "mentions"],
    types: &[Type::INT8, Type::INT8, Type::INT8],
};

pub(crate) const QUOTES: CopyTable = CopyTable {
    name: "quotes",
    columns: &[
        "article_id",
        "actor_id",
        "speaker",
        "text",
        "q_start",
        "q_end",
        "kind",
        "cue",
        "sort_date",
        "id",
    ],
    types: &[
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
    ],
};

pub(crate) const QUOTE_ISSUES: CopyTable = CopyTable {
    name: "quote_issues",
    columns: &["issue", "sort_date", "article_id", "q_start", "quote_id"],
    types: &[Type::TEXT, Type::TEXT, Type::INT8, Type::INT8, Type::INT8],
};

pub(crate) const POSITIONS: CopyTable = CopyTable {
    name: "positions",
    columns: &[
        "article_id",
        "actor_id",
        "holder",
        "affiliation",
        "issue",
        "stance",
        "confidence",
        "evidence",
        "ev_start",
        "ev_end",
        "sort_date",
        "id",
    ],
    types: &[
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::FLOAT8,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
    ],
};

/// The tables in the order they are written: a quote before its issues.
const TABLES: [&CopyTable; 4] = [&ARTICLE_ACTORS, &QUOTES, &QUOTE_ISSUES, &POSITIONS];

/// Bytes of rows held before they are written whatever the batch's size
/// (a transaction's rows are written at the end of each step it takes).
pub(crate) const COPY_BOUND: usize = 1 << 20;

/// Rows not written yet, by table ([`TABLES`]' order).
#[derive(Default)]
pub(crate) struct PendingRows {
    tables: [Vec<Val>; 4],
    bytes: usize,
}

impl PendingRows {
    /// A row of `table`, its values in the order of `table.columns`.
    pub fn push(&mut self, table: &CopyTable, row: impl IntoIterator<Item = Val>) {
        let k = TABLES
            .iter()
            .position(|t| t.name == table.name)
            .expect("a table written by COPY");
        let values = &mut self.tables[k];
        let before = values.len();
        for v in row {
            self.bytes += value_bytes(&v);
            values.push(v);
        }
        debug_assert_eq!(values.len() - before, table.columns.len());
    }

    /// Bytes the rows held take about.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn clear(&mut self) {
        self.tables.iter_mut().for_each(Vec::clear);
        self.bytes = 0;
    }

    /// Writes every row held, one `COPY` a table, and forgets them (also
    /// when a `COPY` fails: the transaction is then to be rolled back).
    pub fn write(&mut self, db: &mut Backend) -> Result<()> {
        let tables = std::mem::take(&mut self.tables);
        self.bytes = 0;
        for (table, values) in TABLES.iter().zip(&tables) {
            if !values.is_empty() {
                db.copy_in(table.name, table.columns, table.types, values)?;
            }
        }
        // the vectors kept for the next rows, emptied
        self.tables = tables;
        self.clear();
        Ok(())
    }
}

/// What a value takes in memory, about (its heap bytes and the enum).
fn value_bytes(v: &Val) -> usize {
    std::mem::size_of::<Val>()
        + match v {
            Val::Text(s) => s.len(),
            Val::Blob(b) => b.len(),
            _ => 0,
        }
}

/// Ids to hand out, drawn from `quotes_id_seq` and `positions_id_seq`
/// in blocks of at least [`ID_BLOCK`], one statement for both. A
/// sequence never hands an id out twice, whatever other writers draw
/// meanwhile (and a rolled back transaction's ids are gaps, as its
/// `INSERT`s' were), and its values only grow, so a writer's rows get
/// ascending ids in the order it writes them, as `INSERT`s gave them.
/// Forgotten at each transaction's end, so an id is used in the
/// transaction that drew it.
#[derive(Default)]
pub(crate) struct IdBlocks {
    /// Each table's ids not handed out yet, descending (the next last).
    quotes: Vec<i64>,
    positions: Vec<i64>,
}

/// Ids drawn at least at a time from a sequence that runs short.
pub(crate) const ID_BLOCK: usize = 64;

impl IdBlocks {
    /// Makes sure `quotes` and `positions` ids are at hand: a sequence
    /// that has fewer gives a block of at least [`ID_BLOCK`] more.
    pub fn reserve(&mut self, db: &mut Backend, quotes: usize, positions: usize) -> Result<()> {
        let lack = |held: &Vec<i64>, need: usize| {
            if held.len() >= need {
                0
            } else {
                (need - held.len()).max(ID_BLOCK)
            }
        };
        let (q, p) = (lack(&self.quotes, quotes), lack(&self.positions, positions));
        if q + p == 0 {
            return Ok(());
        }
        let drawn = db.next_ids(&[("quotes_id_seq", q), ("positions_id_seq", p)])?;
        for (held, new) in [&mut self.quotes, &mut self.positions]
            .into_iter()
            .zip(drawn)
        {
            // new ids are above every held one: the sequence only grows
            let mut ids: Vec<i64> = new.into_iter().rev().collect();
            ids.append(held);
            *held = ids;
        }
        Ok(())
    }

    /// The next quote's id (reserved before).
    pub fn quote(&mut self) -> i64 {
        self.quotes.pop().expect("quote ids reserved")
    }

    /// The next statement's id (reserved before).
    pub fn position(&mut self) -> i64 {
        self.positions.pop().expect("statement ids reserved")
    }

    pub fn clear(&mut self) {
        self.quotes.clear();
        self.positions.clear();
    }
}
