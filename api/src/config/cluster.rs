//! Settings of a node among several: its name in logs and metrics, and its share of the
//! database's connections.

use super::{ConfigError, FileSettings, Settings, invalid};

/// The flags and environment variables of [`NodeConfig`].
#[derive(clap::Args, Clone, Debug, Default)]
pub struct NodeSettings {
    /// This node's name in every log line and metric [default: the host name].
    #[arg(long, env = "CUSTOS_NODE_NAME", global = true, value_name = "NAME")]
    pub node_name: Option<String>,
    /// Database connections this node keeps [default: 8 on SQLite, twice the cores on PostgreSQL].
    #[arg(
        long,
        env = "CUSTOS_DATABASE_POOL_SIZE",
        global = true,
        value_name = "CONNECTIONS"
    )]
    pub database_pool_size: Option<u32>,
}

/// Who this node is and what it may take of shared resources.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// In every request's log span and as the `node` label of every metric, so that the
    /// logs and metrics of several nodes behind one load balancer stay apart.
    pub name: String,
    /// Database connections; `None` for the backend's default. Several nodes on one
    /// PostgreSQL share its `max_connections`.
    pub database_pool_size: Option<u32>,
}

const NODE_NAME: &str = "CUSTOS_NODE_NAME (--node-name, node_name)";
const POOL_SIZE: &str = "CUSTOS_DATABASE_POOL_SIZE (--database-pool-size, database_pool_size)";

impl NodeConfig {
    pub(super) fn load(settings: &Settings, file: &FileSettings) -> Result<Self, ConfigError> {
        let name = match settings.node.node_name.clone().or(file.node_name.clone()) {
            Some(name) => name,
            None => host_name(),
        };
        let plain = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
        if name.is_empty() || name.len() > 64 || !name.chars().all(plain) {
            return Err(invalid(
                NODE_NAME,
                "must be 1 to 64 letters, digits, '-', '_' or '.'",
            ));
        }
        let database_pool_size = settings.node.database_pool_size.or(file.database_pool_size);
        if database_pool_size.is_some_and(|size| !(1..=1000).contains(&size)) {
            return Err(invalid(POOL_SIZE, "must be 1 to 1000 connections"));
        }
        Ok(NodeConfig {
            name,
            database_pool_size,
        })
    }
}

/// The machine's host name, or `custos` when it has none usable as a node name.
fn host_name() -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: gethostname writes at most `buffer.len()` bytes into the buffer it is given.
    let status = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(0);
    match std::str::from_utf8(&buffer[..end]) {
        Ok(name)
            if status == 0
                && !name.is_empty()
                && name.len() <= 64
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) =>
        {
            name.to_owned()
        }
        _ => "custos".to_owned(),
    }
}
