//! What a caller may see: its own organisation and every unit below it, never a sibling or a
//! parent, and for some roles only what it holds itself. Every query for rows that belong to
//! an organisation takes a [`Scope`]; this module is the only place the subtree predicate is
//! written.
//!
//! An organisation's `path` is `/root-id/…/own-id/` (see [`super::orgs`]), so "unit U is at or
//! below the caller's unit" is "U's path starts with the caller's path": one prefix predicate
//! on an indexed column, however deep the tree.

use super::schema::organisations;
use diesel::prelude::*;

/// The reach of one caller for one kind of action, built by [`crate::access::scope`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    actor: String,
    org_id: String,
    org_path: String,
    only_own: bool,
}

impl Scope {
    /// A scope rooted at the organisation with `org_path`, for the user `actor`. With
    /// `only_own`, rows held or owned by other users are out of reach too.
    ///
    /// Paths are built by the server from UUIDs (hex digits and `-`) and `/`, so they contain
    /// neither `%` nor `_` and need no escaping inside `LIKE`; anything else gives `None`
    /// rather than being trusted.
    pub(crate) fn new(actor: &str, org_id: &str, org_path: &str, only_own: bool) -> Option<Scope> {
        let server_made = org_path.len() > 1
            && org_path.starts_with('/')
            && org_path.ends_with('/')
            && org_path
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f' | b'-' | b'/'));
        server_made.then(|| Scope {
            actor: actor.to_owned(),
            org_id: org_id.to_owned(),
            org_path: org_path.to_owned(),
            only_own,
        })
    }

    /// The user acting through this scope.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The organisation at the top of the scope.
    pub fn org_id(&self) -> &str {
        &self.org_id
    }

    /// The user whose own rows are the only ones in reach, if the scope is that narrow.
    pub fn only_user(&self) -> Option<&str> {
        self.only_own.then_some(self.actor.as_str())
    }

    /// Whether the organisation with materialised path `path` is at or below the scope's.
    pub fn covers_path(&self, path: &str) -> bool {
        path.starts_with(&self.org_path)
    }

    /// SQL: the `organisations` row of the query lies in the scope. Every query for
    /// organisation-owned rows joins `organisations` and filters on this.
    pub fn covers(&self) -> diesel::dsl::Like<organisations::path, String> {
        organisations::path.like(format!("{}%", self.org_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_covers_its_unit_and_those_below_only() {
        let scope = Scope::new("u", "0a", "/01/0a/", false).unwrap();
        let cases = [
            ("/01/0a/", true),
            ("/01/0a/0b/", true),
            ("/01/0a/0b/0c/", true),
            ("/01/", false),
            ("/01/0a0b/", false),
            ("/01/0b/0a/", false),
        ];
        for (path, expected) in cases {
            assert_eq!(scope.covers_path(path), expected, "{path}");
        }
        assert_eq!(scope.only_user(), None);
        let narrow = Scope::new("u", "0a", "/01/0a/", true).unwrap();
        assert_eq!(narrow.only_user(), Some("u"));
    }

    #[test]
    fn paths_that_are_not_server_made_are_refused() {
        for path in ["/01/0a%/", "/01/_/", "01/0a/", "/01/0a", "/0A/", "/", ""] {
            assert_eq!(Scope::new("u", "0a", path, false), None, "{path}");
        }
    }
}
