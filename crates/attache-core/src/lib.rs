//! attache-core: reads English news articles into actors, quotes and speakers.
//!
//! The pipeline ([`Analyzer::analyze`]) runs explicit stages over one text:
//! [`text`] (paragraphs, tokens) → [`quotes`] (quotation spans) → sentences →
//! actors ([`knowledge`] gazetteer plus capitalised runs) → attribution
//! (cue and speaker of each quote) → [`analysis::Analysis`].

pub mod analysis;
pub mod catalogue;
pub mod input;
pub mod knowledge;
pub mod lexicon;
mod pipeline;
pub mod quotes;
pub mod text;

pub use analysis::Analysis;
pub use catalogue::Catalogue;
pub use pipeline::Analyzer;
