//! Server configuration: command-line flags over `CUSTOS_*` environment variables over an
//! optional TOML file over defaults, checked once at start.
//!
//! Every error names the setting by its environment variable and flag, so an operator can
//! find it whichever way they set it.

mod cluster;
mod http;
mod storage;

pub use cluster::{NodeConfig, NodeSettings};
pub use http::{HttpConfig, HttpSettings};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
pub use storage::{BlobLocation, DatabaseUrl, parse_blob_url, parse_database_url};

/// The settings as given on the command line or in the environment (clap reads both).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct Settings {
    /// TOML file with any setting below by its snake_case name (data_dir, bind, …).
    #[arg(long, env = "CUSTOS_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data directory: keys, and by default the SQLite database and the blobs [default: ./custos-data].
    #[arg(long, env = "CUSTOS_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database: sqlite://PATH or postgres://… [default: sqlite://<data dir>/custos.db].
    #[arg(long, env = "CUSTOS_DATABASE_URL", global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Blob store: a local directory or s3://bucket/prefix [default: <data dir>/blobs].
    #[arg(long, env = "CUSTOS_BLOB_URL", global = true, value_name = "URL")]
    pub blob_url: Option<String>,
    /// Listen address [default: 127.0.0.1:8080].
    #[arg(long, env = "CUSTOS_BIND", global = true, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Origin line of the log's checkpoints and name of its signing key [default: custos.local/log].
    #[arg(long, env = "CUSTOS_LOG_ORIGIN", global = true, value_name = "ORIGIN")]
    pub log_origin: Option<String>,
    /// Largest evidence upload accepted (Tus-Max-Size), in bytes [default: 34359738368, 32 GiB].
    #[arg(
        long,
        env = "CUSTOS_UPLOAD_MAX_BYTES",
        global = true,
        value_name = "BYTES"
    )]
    pub upload_max_bytes: Option<u64>,
    /// Seconds an unfinished upload is kept after its creation [default: 259200, 3 days].
    #[arg(
        long,
        env = "CUSTOS_UPLOAD_EXPIRY_SECS",
        global = true,
        value_name = "SECS"
    )]
    pub upload_expiry_secs: Option<u64>,
    /// Device clock skew beyond which an item is flagged, in seconds [default: 60].
    #[arg(
        long,
        env = "CUSTOS_CLOCK_SKEW_BOUND_SECS",
        global = true,
        value_name = "SECS"
    )]
    pub clock_skew_bound_secs: Option<u64>,
    /// UTC offset of EXIF times that carry none, in minutes [default: 480, China Standard Time].
    #[arg(
        long,
        env = "CUSTOS_EXIF_UTC_OFFSET_MINUTES",
        global = true,
        value_name = "MINUTES",
        allow_negative_numbers = true
    )]
    pub exif_utc_offset_minutes: Option<i32>,
    /// Free space below which `/readyz` fails and uploads that would go below it are refused,
    /// on each file system custos writes to, in bytes [default: 268435456, 256 MiB].
    #[arg(
        long,
        env = "CUSTOS_FREE_SPACE_FLOOR_BYTES",
        global = true,
        value_name = "BYTES"
    )]
    pub free_space_floor_bytes: Option<u64>,
    /// Reverse proxies whose X-Forwarded-For names the client, as comma-separated IP
    /// addresses [default: none; the client is the connection's peer].
    #[arg(
        long,
        env = "CUSTOS_TRUSTED_PROXIES",
        global = true,
        value_name = "IPS"
    )]
    pub trusted_proxies: Option<String>,
    /// How long a client may take to send a request.
    #[command(flatten)]
    pub http: http::HttpSettings,
    /// This node's name and database connections.
    #[command(flatten)]
    pub node: cluster::NodeSettings,
}

/// The same settings in the optional TOML file.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    blob_url: Option<String>,
    bind: Option<String>,
    log_origin: Option<String>,
    upload_max_bytes: Option<u64>,
    upload_expiry_secs: Option<u64>,
    clock_skew_bound_secs: Option<u64>,
    exif_utc_offset_minutes: Option<i32>,
    free_space_floor_bytes: Option<u64>,
    trusted_proxies: Option<String>,
    request_head_timeout_secs: Option<u64>,
    request_body_timeout_secs: Option<u64>,
    request_body_min_rate: Option<u64>,
    secure_cookies: Option<bool>,
    node_name: Option<String>,
    database_pool_size: Option<u32>,
}

pub const DEFAULT_DATA_DIR: &str = "./custos-data";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_LOG_ORIGIN: &str = "custos.local/log";
/// Room kept free for what must still be written when the disk fills: the database's
/// journal, the custody events of reads and terminations, the logs of the operator's fix.
pub const DEFAULT_FREE_SPACE_FLOOR_BYTES: u64 = 256 << 20;

/// Validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database: DatabaseUrl,
    pub blob: BlobLocation,
    pub bind: SocketAddr,
    pub log_origin: String,
    /// Lifetime of access tokens; a revoked session stops working at once regardless,
    /// because every authenticated request checks it.
    pub access_token_ttl_secs: u64,
    /// Lifetime of a refresh token from its issue.
    pub refresh_token_ttl_secs: u64,
    /// Evidence uploads: size limit, expiry, clock checks.
    pub evidence: EvidenceConfig,
    /// Free bytes each file system custos writes to must keep (see [`crate::disk`]).
    pub free_space_floor_bytes: u64,
    /// Peers whose X-Forwarded-For is believed (`client`); empty unless configured.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a client may take to send a request.
    pub http: HttpConfig,
    /// This node's name and database connections.
    pub node: NodeConfig,
}

/// Settings of evidence ingest.
#[derive(Clone, Debug)]
pub struct EvidenceConfig {
    /// Tus-Max-Size.
    pub upload_max_bytes: u64,
    /// How long an unfinished upload lives after its creation.
    pub upload_expiry_us: i64,
    /// Device clock skew beyond which an item is flagged.
    pub clock_skew_bound_us: i64,
    /// UTC offset assumed for EXIF times without one (local practice differs).
    pub exif_utc_offset_minutes: i32,
    /// How often each node looks for expired uploads and queued image work.
    pub sweep_interval_ms: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid {setting}: {reason}")]
    Invalid {
        setting: &'static str,
        reason: String,
    },
    #[error("cannot read config file {path}: {reason}")]
    File { path: PathBuf, reason: String },
}

const DATA_DIR: &str = "CUSTOS_DATA_DIR (--data-dir, data_dir)";
const DATABASE_URL: &str = "CUSTOS_DATABASE_URL (--database-url, database_url)";
const BLOB_URL: &str = "CUSTOS_BLOB_URL (--blob-url, blob_url)";
const BIND: &str = "CUSTOS_BIND (--bind, bind)";
const LOG_ORIGIN: &str = "CUSTOS_LOG_ORIGIN (--log-origin, log_origin)";
const UPLOAD_MAX_BYTES: &str = "CUSTOS_UPLOAD_MAX_BYTES (--upload-max-bytes, upload_max_bytes)";
const UPLOAD_EXPIRY_SECS: &str =
    "CUSTOS_UPLOAD_EXPIRY_SECS (--upload-expiry-secs, upload_expiry_secs)";
const EXIF_UTC_OFFSET: &str =
    "CUSTOS_EXIF_UTC_OFFSET_MINUTES (--exif-utc-offset-minutes, exif_utc_offset_minutes)";
const TRUSTED_PROXIES: &str = "CUSTOS_TRUSTED_PROXIES (--trusted-proxies, trusted_proxies)";

fn invalid(setting: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting,
        reason: reason.into(),
    }
}

impl Config {
    /// Resolves flags and environment over the TOML file over defaults, and validates.
    pub fn load(settings: &Settings) -> Result<Config, ConfigError> {
        let file = match &settings.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let evidence = EvidenceConfig::load(settings, &file)?;
        let http = HttpConfig::load(settings, &file)?;
        let node = NodeConfig::load(settings, &file)?;
        let data_dir = settings
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        if data_dir.as_os_str().is_empty() {
            return Err(invalid(DATA_DIR, "must not be empty"));
        }
        let database = match settings.database_url.clone().or(file.database_url) {
            Some(url) => parse_database_url(&url)?,
            None => DatabaseUrl::Sqlite(data_dir.join("custos.db")),
        };
        let blob = match settings.blob_url.clone().or(file.blob_url) {
            Some(url) => parse_blob_url(&url)?,
            None => BlobLocation::Local(data_dir.join("blobs")),
        };
        let bind = settings
            .bind
            .clone()
            .or(file.bind)
            .unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind.parse::<SocketAddr>().map_err(|_| {
            invalid(
                BIND,
                format!("{bind:?} is not an IP address and port such as 127.0.0.1:8080"),
            )
        })?;
        let log_origin = settings
            .log_origin
            .clone()
            .or(file.log_origin)
            .unwrap_or_else(|| DEFAULT_LOG_ORIGIN.to_owned());
        validate_origin(&log_origin)?;
        let trusted_proxies = match settings
            .trusted_proxies
            .as_ref()
            .or(file.trusted_proxies.as_ref())
        {
            Some(list) => crate::client::parse_proxies(list)
                .map_err(|reason| invalid(TRUSTED_PROXIES, reason))?,
            None => Vec::new(),
        };
        Ok(Config {
            data_dir,
            database,
            blob,
            bind,
            log_origin,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 14 * 24 * 60 * 60,
            evidence,
            free_space_floor_bytes: settings
                .free_space_floor_bytes
                .or(file.free_space_floor_bytes)
                .unwrap_or(DEFAULT_FREE_SPACE_FLOOR_BYTES),
            trusted_proxies,
            http,
            node,
        })
    }

    /// Defaults for everything but the data directory (tests and tools).
    pub fn for_data_dir(data_dir: &Path) -> Config {
        let settings = Settings {
            data_dir: Some(data_dir.to_owned()),
            ..Settings::default()
        };
        Config::load(&settings).expect("defaults are valid")
    }
}

impl EvidenceConfig {
    fn load(settings: &Settings, file: &FileSettings) -> Result<EvidenceConfig, ConfigError> {
        let upload_max_bytes = settings
            .upload_max_bytes
            .or(file.upload_max_bytes)
            .unwrap_or(32 << 30);
        // An upload's length goes into its custody entries, which hold integers up to 2^53-1.
        if upload_max_bytes == 0 || upload_max_bytes > custos_core::jcs::MAX_SAFE_INTEGER as u64 {
            return Err(invalid(UPLOAD_MAX_BYTES, "must be between 1 and 2^53-1"));
        }
        let expiry_secs = settings
            .upload_expiry_secs
            .or(file.upload_expiry_secs)
            .unwrap_or(3 * 24 * 60 * 60);
        if expiry_secs == 0 || expiry_secs > 365 * 24 * 60 * 60 {
            return Err(invalid(UPLOAD_EXPIRY_SECS, "must be 1 second to 365 days"));
        }
        let skew_secs = settings
            .clock_skew_bound_secs
            .or(file.clock_skew_bound_secs)
            .unwrap_or(60)
            .min(365 * 24 * 60 * 60);
        let exif_utc_offset_minutes = settings
            .exif_utc_offset_minutes
            .or(file.exif_utc_offset_minutes)
            .unwrap_or(480);
        if !(-12 * 60..=14 * 60).contains(&exif_utc_offset_minutes) {
            return Err(invalid(EXIF_UTC_OFFSET, "must be between -720 and 840"));
        }
        Ok(EvidenceConfig {
            upload_max_bytes,
            upload_expiry_us: expiry_secs as i64 * 1_000_000,
            clock_skew_bound_us: skew_secs as i64 * 1_000_000,
            exif_utc_offset_minutes,
            sweep_interval_ms: 30_000,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::File {
        path: path.to_owned(),
        reason: error.to_string(),
    })?;
    toml::from_str(&text).map_err(|error| ConfigError::File {
        path: path.to_owned(),
        reason: error.message().to_owned(),
    })
}

/// The origin is the first line of every checkpoint and the name of the signed-note key,
/// which C2SP signed-note requires to be non-empty without spaces or `+`.
fn validate_origin(origin: &str) -> Result<(), ConfigError> {
    if origin.is_empty() {
        return Err(invalid(LOG_ORIGIN, "must not be empty"));
    }
    if !custos_core::note::is_valid_name(origin) {
        return Err(invalid(
            LOG_ORIGIN,
            format!("{origin:?} must not contain spaces, line breaks or '+'"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(settings: Settings, expected: Result<&str, &str>) {
        match (Config::load(&settings), expected) {
            (Ok(config), Ok(bind)) => assert_eq!(config.bind.to_string(), bind),
            (Err(error), Err(message)) => assert!(
                error.to_string().contains(message),
                "{error} does not mention {message}"
            ),
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn validation_names_the_setting() {
        let with = |f: fn(&mut Settings)| {
            let mut settings = Settings::default();
            f(&mut settings);
            settings
        };
        check(Settings::default(), Ok("127.0.0.1:8080"));
        check(with(|s| s.bind = Some("0.0.0.0:9".into())), Ok("0.0.0.0:9"));
        check(
            with(|s| s.bind = Some("nowhere".into())),
            Err("CUSTOS_BIND"),
        );
        check(
            with(|s| s.database_url = Some("mysql://x".into())),
            Err("CUSTOS_DATABASE_URL"),
        );
        check(
            with(|s| s.trusted_proxies = Some("10.0.0.1, 10.0.0.0/8".into())),
            Err("CUSTOS_TRUSTED_PROXIES"),
        );
        check(
            with(|s| s.database_url = Some("sqlite://".into())),
            Err("CUSTOS_DATABASE_URL"),
        );
        check(
            with(|s| s.blob_url = Some("ftp://x".into())),
            Err("CUSTOS_BLOB_URL"),
        );
        check(
            with(|s| s.node.node_name = Some("node a".into())),
            Err("CUSTOS_NODE_NAME"),
        );
        check(
            with(|s| s.node.database_pool_size = Some(0)),
            Err("CUSTOS_DATABASE_POOL_SIZE"),
        );
        check(
            with(|s| s.blob_url = Some("s3:///x".into())),
            Err("CUSTOS_BLOB_URL"),
        );
        check(
            with(|s| s.log_origin = Some("a b".into())),
            Err("CUSTOS_LOG_ORIGIN"),
        );
        check(
            with(|s| s.log_origin = Some("a+b".into())),
            Err("CUSTOS_LOG_ORIGIN"),
        );
        check(
            with(|s| s.data_dir = Some("".into())),
            Err("CUSTOS_DATA_DIR"),
        );
    }

    #[test]
    fn defaults_follow_the_data_dir() {
        let config = Config::for_data_dir(Path::new("/srv/custos"));
        assert_eq!(
            config.database,
            DatabaseUrl::Sqlite(PathBuf::from("/srv/custos/custos.db"))
        );
        assert_eq!(
            config.blob,
            BlobLocation::Local(PathBuf::from("/srv/custos/blobs"))
        );
        assert_eq!(config.log_origin, DEFAULT_LOG_ORIGIN);
    }
}
