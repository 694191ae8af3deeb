//! Rendered pages of the public list of a unit's decision notices, kept in memory.
//!
//! A page is a pure function of its unit, its `since` cursor, its size and the unit's latest
//! change: publications and withdrawals are appended, never changed, and each new one raises
//! the latest change, which is read from one index on every request anyway (it is the ETag).
//! So a page is served from here for as long as its key holds, without reading a publication
//! row or a log leaf, and every node of a cluster keeps its own copy without any invalidation.

use actix_web::web::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// At most this many bytes of rendered pages per node (a page of 1000 notices is about 2 MB).
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Pages the cache sizes its table for (most are 20 or 100 notices of a few KB each).
const EXPECTED_PAGES: usize = 4096;

/// Unit id, `since`, page size and the unit's latest change.
pub type PageKey = (String, i64, i64, i64);

#[derive(Clone)]
struct ByLength;

impl Weighter<PageKey, Bytes> for ByLength {
    fn weight(&self, key: &PageKey, page: &Bytes) -> u64 {
        (key.0.len() + page.len()) as u64 + 32
    }
}

/// The rendered JSON bodies of recently asked pages.
pub struct PublicPages(Cache<PageKey, Bytes, ByLength>);

impl Default for PublicPages {
    fn default() -> PublicPages {
        PublicPages(Cache::with_weighter(
            EXPECTED_PAGES,
            CAPACITY_BYTES,
            ByLength,
        ))
    }
}

impl PublicPages {
    pub fn get(&self, key: &PageKey) -> Option<Bytes> {
        self.0.get(key)
    }

    pub fn insert(&self, key: PageKey, page: Bytes) {
        self.0.insert(key, page);
    }
}
