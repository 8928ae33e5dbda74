//! zhen cleans mixed Chinese/English text.
//!
//! For every document it
//! 1. cleans the text: line endings, invisible characters, Unicode normalization, width,
//!    spacing between Han and Latin text, whitespace, and punctuation by language;
//! 2. detects language spans, keeping short English terms inside Chinese clauses and
//!    finding Chinese leftovers inside English prose;
//! 3. segments the Chinese spans into words with jieba;
//! 4. keeps an exact alignment: every span and word knows its bytes in the cleaned text
//!    and in the source.
//!
//! ```
//! let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
//! let source = "我们用Kubernetes部署了API服务,成本降低了30%.";
//! let doc = pipeline.process(source);
//! assert_eq!(doc.text(), "我们用 Kubernetes 部署了 API 服务，成本降低了 30%。");
//!
//! let span = &doc.spans()[0];
//! assert_eq!(span.lang, zhen::Lang::Zh);
//! let embedded: Vec<&str> = span.embedded.iter().map(|e| &doc.text()[e.range.clone()]).collect();
//! assert_eq!(embedded, ["Kubernetes", "API"]);
//! let words: Vec<&str> = span.words.iter().map(|w| &doc.text()[w.range.clone()]).collect();
//! assert_eq!(&words[..4], ["我们", "用", "Kubernetes", "部署"]);
//!
//! // Every word maps back to exactly the source text it came from.
//! let w = &span.words[2];
//! assert_eq!(&source[w.src_range.clone()], "Kubernetes");
//! # Ok::<(), zhen::Error>(())
//! ```

#![warn(clippy::unwrap_used)]

mod align;
mod clean;
mod config;
mod document;
mod error;
mod json;
mod lang;
pub mod output;
mod pipeline;
mod script;
mod segment;
pub mod source;
mod span;

pub use align::OffsetMap;
pub use clean::Stage;
pub use config::{Config, CutMode, Form, Hmm, Switch};
pub use document::{Document, Embedded, Span, Summary, Word};
pub use error::{Error, Location};
pub use json::{JsonDocument, OffsetUnit};
pub use lang::Lang;
pub use pipeline::Pipeline;
pub use script::Script;

/// The README's Rust example, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
