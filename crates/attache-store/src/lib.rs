//! attache-store: the record. Articles from many sources go into SQLite
//! (or PostgreSQL), whole or not at all, in group commits; copies of one story are linked and counted once;
//! actors are one entity across articles and spellings; quotes and positions
//! are queryable over time, and become forecast scenarios.

pub mod backend;
mod band_filter;
mod changes_at;
mod checkpoint;
mod copy_rows;
pub mod dates;
pub mod db;
pub mod decisions_cache;
mod edits;
pub mod fingerprint;
pub mod gold;
pub mod group;
pub mod pages;
mod pending_bands;
pub mod review;
pub mod scenario;
pub mod search;
pub mod sources;
pub mod suggest;
pub mod synth;
pub mod testing;

pub use db::{Analysed, Cursor, Outcome, QuoteFilter, SCHEMA_VERSION, SEARCH_HASH_BYTES, Store};
pub use decisions_cache::DecisionsCache;
pub use pages::{ActorFilter, KeyCursor};
pub use review::{Decision, QueueItem, ReviewRow};
pub use sources::RawArticle;
