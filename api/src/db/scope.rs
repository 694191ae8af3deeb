//! What a caller may see: its own organisation and every unit below it, never a sibling or a
//! parent, and for some roles only what it holds itself. Every query for rows that belong to
//! an organisation takes a [`Scope`]; this module is the only place the subtree predicate is
//! written.
//!
//! An organisation's `path` is `/root-id/…/own-id/` (see [`super::orgs`]), so "unit U is at or
//! below the caller's unit" is "U's path starts with the caller's path". In SQL that is the
//! range `path >= '/…/own-id/' AND path < '/…/own-id0'` ('0' is the byte after '/'): one range
//! scan of the unique index on `path`, however deep the tree. Both backends compare `path`
//! bytewise (SQLite's BINARY collation; the PostgreSQL column is `COLLATE "C"`), which is what
//! makes the range equal to the prefix. A `LIKE 'prefix%'` would say the same, but SQLite
//! prepares a `LIKE` with a bound pattern again on every execution.

use super::schema::organisations;
use diesel::prelude::*;
use std::collections::BTreeSet;

/// The SQL type of [`Scope::covers`].
pub type Covers = diesel::dsl::And<
    diesel::dsl::GtEq<organisations::path, String>,
    diesel::dsl::Lt<organisations::path, String>,
>;

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
    /// Paths are built by the server from fixed-length UUIDs (hex digits and `-`) and `/`, so
    /// a path that starts with another's continues with an id of a unit below it; anything
    /// else gives `None` rather than being trusted.
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

    /// The same reach, narrowed to the unit `org` and the units below it: `None` if `org` is
    /// outside this scope (or its path is not server-made).
    pub fn narrowed_to(&self, org: &super::orgs::Organisation) -> Option<Scope> {
        if !self.covers_path(&org.path) {
            return None;
        }
        Scope::new(&self.actor, &org.id, &org.path, self.only_own)
    }

    /// Whether a case of the unit with path `case_path`, handled by the officers `assigned`,
    /// is in reach: for a narrow scope, the actor is assigned to it (wherever the case's unit
    /// lies); otherwise the unit is at or below the scope's. [`super::cases::find_in`] says
    /// the same in SQL; this is its form for a case being recorded, whose assignments may
    /// have changed earlier in the same submission.
    pub fn covers_case(&self, case_path: &str, assigned: &BTreeSet<String>) -> bool {
        match self.only_user() {
            Some(actor) => assigned.contains(actor),
            None => self.covers_path(case_path),
        }
    }

    /// SQL: the `organisations` row of the query lies in the scope. Every query for
    /// organisation-owned rows joins `organisations` and filters on this.
    pub fn covers(&self) -> Covers {
        organisations::path
            .ge(self.org_path.clone())
            .and(organisations::path.lt(self.path_end()))
    }

    /// The least string above every path that starts with the scope's: its path with the
    /// final `/` raised to `0`.
    fn path_end(&self) -> String {
        let mut end = self.org_path.clone();
        end.pop();
        end.push('0');
        end
    }
}

/// Whether the units with paths `a` and `b` lie on one line of the tree: one is at or below
/// the other (never siblings, nor cousins).
pub fn on_one_line(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// `find_in` and `list_in` for a table whose rows belong to an organisation (an `org_id`
/// joined to `organisations`): the subtree predicate from [`Scope::covers`], and, for a
/// narrow scope, `$only` (the column naming the actor) must be the actor. Written once, so
/// every such table is scoped alike. Expects `DbConnection`, `Page`, `Scope`, the table's
/// module and `organisations` in scope at the call site.
macro_rules! scoped_reads {
    ($table:ident, $row:ty, $only:ident) => {
        /// The row `id`, if its organisation is in `scope` (for a narrow scope: the actor's
        /// own).
        pub fn find_in(
            conn: &mut DbConnection,
            scope: &Scope,
            id: &str,
        ) -> $crate::db::DbResult<Option<$row>> {
            let mut query = $table::table
                .inner_join(organisations::table)
                .filter($table::id.eq(id))
                .filter(scope.covers())
                .select(<$row>::as_select())
                .into_boxed();
            if let Some(only) = scope.only_user() {
                query = query.filter($table::$only.eq(only.to_owned()));
            }
            Ok(query.get_result(conn).optional()?)
        }

        /// Rows in `scope`, optionally of one organisation only, in id (creation) order.
        pub fn list_in(
            conn: &mut DbConnection,
            scope: &Scope,
            org_id: Option<&str>,
            page: &Page,
        ) -> $crate::db::DbResult<Vec<$row>> {
            let mut query = $table::table
                .inner_join(organisations::table)
                .filter(scope.covers())
                .filter($table::id.gt(page.after()))
                .select(<$row>::as_select())
                .order($table::id)
                .limit(page.limit())
                .into_boxed();
            if let Some(only) = scope.only_user() {
                query = query.filter($table::$only.eq(only.to_owned()));
            }
            if let Some(org_id) = org_id {
                query = query.filter($table::org_id.eq(org_id.to_owned()));
            }
            Ok(query.load(conn)?)
        }
    };
}
pub(crate) use scoped_reads;

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
            ("/01/0a-b/", false),
            ("/01/0b/0a/", false),
        ];
        for (path, expected) in cases {
            assert_eq!(scope.covers_path(path), expected, "{path}");
        }
        // The SQL range's end sorts after every covered path and before every other one.
        let end = scope.path_end();
        assert_eq!(end, "/01/0a0");
        for (path, expected) in cases {
            let in_range = path >= "/01/0a/" && path < end.as_str();
            assert_eq!(in_range, expected, "{path}");
        }
        assert_eq!(scope.only_user(), None);
        let narrow = Scope::new("u", "0a", "/01/0a/", true).unwrap();
        assert_eq!(narrow.only_user(), Some("u"));
    }

    #[test]
    fn a_narrow_scope_covers_the_cases_its_actor_is_assigned_to_wherever_they_are() {
        let assigned: BTreeSet<String> = ["u".to_owned()].into();
        let nobody = BTreeSet::new();
        let narrow = Scope::new("u", "0a", "/01/0a/", true).unwrap();
        assert!(narrow.covers_case("/01/", &assigned));
        assert!(!narrow.covers_case("/01/0a/", &nobody));
        let wide = Scope::new("u", "0a", "/01/0a/", false).unwrap();
        assert!(wide.covers_case("/01/0a/0b/", &nobody));
        assert!(!wide.covers_case("/01/", &assigned));
        assert!(on_one_line("/01/", "/01/0a/0b/") && on_one_line("/01/0a/", "/01/0a/"));
        assert!(!on_one_line("/01/0a/", "/01/0b/") && !on_one_line("/01/0a/0c/", "/01/0b/"));
    }

    #[test]
    fn paths_that_are_not_server_made_are_refused() {
        for path in ["/01/0a%/", "/01/_/", "01/0a/", "/01/0a", "/0A/", "/", ""] {
            assert_eq!(Scope::new("u", "0a", path, false), None, "{path}");
        }
    }
}
