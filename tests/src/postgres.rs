//! A PostgreSQL schema of its own for each test, created on start and dropped on `Drop`, so
//! tests run in parallel on one cluster without sharing state.

use diesel::{Connection, PgConnection, connection::SimpleConnection};

/// Superuser URL of a maintenance database (e.g. `postgres://postgres@127.0.0.1:5433/postgres`).
pub const POSTGRES_URL_ENV: &str = "CUSTOS_TEST_POSTGRES_URL";

pub(crate) struct TestSchema {
    admin_url: String,
    name: String,
    /// The URL the server uses: the admin URL with `search_path` set to the schema.
    pub url: String,
}

impl TestSchema {
    /// A fresh schema; `None` when PostgreSQL tests are explicitly switched off.
    pub fn create() -> Option<TestSchema> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_ENV) else {
            if std::env::var(crate::SQLITE_ONLY_ENV).as_deref() == Ok("1") {
                eprintln!("PostgreSQL half skipped: {} = 1", crate::SQLITE_ONLY_ENV);
                return None;
            }
            panic!(
                "{POSTGRES_URL_ENV} is not set: run `tests/run-postgres.sh cargo test …` to test \
                 on PostgreSQL too, or set {}=1 to test SQLite only",
                crate::SQLITE_ONLY_ENV
            );
        };
        let name = format!("test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(&admin_url)
            .unwrap_or_else(|error| panic!("{POSTGRES_URL_ENV}: cannot connect: {error}"));
        conn.batch_execute(&format!("CREATE SCHEMA {name}"))
            .expect("create test schema");
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{separator}options=-csearch_path%3D{name}");
        Some(TestSchema {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        let dropped = PgConnection::establish(&self.admin_url).and_then(|mut conn| {
            conn.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name))
                .map_err(|error| diesel::ConnectionError::BadConnection(error.to_string()))
        });
        if let Err(error) = dropped {
            eprintln!("cannot drop test schema {}: {error}", self.name);
        }
    }
}
