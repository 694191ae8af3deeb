//! Where the data lives: the database URL and the blob store's location, parsed from their
//! settings.

use super::{BLOB_URL, ConfigError, DATABASE_URL, invalid};
use std::path::PathBuf;

/// Where the relational data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    /// A libpq connection URL, passed through unchanged.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// Where evidence bytes live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobLocation {
    Local(PathBuf),
    S3 {
        bucket: String,
        prefix: String,
    },
    /// `memory://`: an in-process store that forgets everything at exit (tests only).
    Memory,
}

/// Parses `sqlite://PATH` or a PostgreSQL URL. The message never repeats the URL, which may
/// hold a password.
pub fn parse_database_url(url: &str) -> Result<DatabaseUrl, ConfigError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(invalid(DATABASE_URL, "sqlite:// needs a file path"));
        }
        return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
    }
    if let Some(rest) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    {
        if rest.is_empty() {
            return Err(invalid(DATABASE_URL, "postgres:// needs a host"));
        }
        return Ok(DatabaseUrl::Postgres(url.to_owned()));
    }
    let scheme = url.split_once("://").map_or("(none)", |(scheme, _)| scheme);
    Err(invalid(
        DATABASE_URL,
        format!("expected sqlite://PATH or postgres://…, got scheme {scheme:?}"),
    ))
}

/// Parses a local directory or `s3://bucket/prefix`.
pub fn parse_blob_url(url: &str) -> Result<BlobLocation, ConfigError> {
    if url.is_empty() {
        return Err(invalid(BLOB_URL, "must not be empty"));
    }
    if let Some(rest) = url.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(invalid(BLOB_URL, "s3:// needs a bucket name"));
        }
        return Ok(BlobLocation::S3 {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_end_matches('/').to_owned(),
        });
    }
    if url == "memory://" {
        return Ok(BlobLocation::Memory);
    }
    if let Some(path) = url.strip_prefix("file://") {
        return Ok(BlobLocation::Local(PathBuf::from(path)));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return Err(invalid(
            BLOB_URL,
            format!("unsupported scheme {scheme:?}; use a directory or s3://bucket/prefix"),
        ));
    }
    Ok(BlobLocation::Local(PathBuf::from(url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_never_echoes_the_password() {
        let error = parse_database_url("mysql://user:secret@host/db").unwrap_err();
        assert!(!error.to_string().contains("secret"), "{error}");
    }

    #[test]
    fn an_s3_url_names_its_bucket_and_prefix() {
        assert_eq!(
            parse_blob_url("s3://evidence/city/").unwrap(),
            BlobLocation::S3 {
                bucket: "evidence".into(),
                prefix: "city".into()
            }
        );
    }
}
