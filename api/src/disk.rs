//! Free space on the file systems custos writes to: the data directory, the local blob store
//! and the SQLite database's directory (often one file system, watched under each name).
//!
//! Below the configured floor `/readyz` fails, so a balancer sends work elsewhere and an
//! operator is paged before writes start failing, and an upload whose declared length would
//! take the blob store below the floor is refused at creation instead of after its bytes.
//! The floor keeps room for what must still be written while the disk is nearly full (the
//! custody events of reads and terminations, the database's journal). Writes that meet a
//! full disk anyway answer 507 (see [`crate::faults`]).

use crate::config::{BlobLocation, Config, DatabaseUrl};
use prometheus::{IntGauge, IntGaugeVec, Opts, Registry};
use std::io;
use std::path::{Path, PathBuf};

/// The watched file systems and the floor.
pub struct DiskSpace {
    volumes: Vec<Volume>,
    /// Where staged and stored evidence bytes go, when on the local disk.
    blobs: Option<PathBuf>,
    floor: u64,
    free: IntGaugeVec,
}

struct Volume {
    name: &'static str,
    path: PathBuf,
}

/// A file system below the floor, or one whose free space cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Shortage {
    #[error("{name} ({path}) has {free} bytes free, below the floor of {floor}")]
    BelowFloor {
        name: &'static str,
        path: String,
        free: u64,
        floor: u64,
    },
    #[error(
        "{needed} more bytes on the blob store ({path}) would leave {free} free, below the floor of {floor}"
    )]
    WouldGoBelow {
        path: String,
        needed: u64,
        free: u64,
        floor: u64,
    },
    #[error("cannot read the free space of {path}: {error}")]
    Unreadable { path: String, error: io::Error },
}

impl DiskSpace {
    pub fn new(config: &Config, registry: &Registry) -> DiskSpace {
        let blobs = match &config.blob {
            BlobLocation::Local(root) => Some(root.clone()),
            _ => None,
        };
        let mut volumes = vec![Volume {
            name: "data",
            path: config.data_dir.clone(),
        }];
        if let Some(root) = &blobs {
            volumes.push(Volume {
                name: "blobs",
                path: root.clone(),
            });
        }
        if let DatabaseUrl::Sqlite(file) = &config.database {
            let directory = file
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            volumes.push(Volume {
                name: "database",
                path: directory.to_owned(),
            });
        }
        let free = IntGaugeVec::new(
            Opts::new(
                "custos_disk_free_bytes",
                "Bytes free for custos on the file system of the data directory, the local \
                 blob store and the SQLite database, as of the last /readyz or /metrics",
            ),
            &["volume"],
        )
        .expect("valid metric");
        let floor = IntGauge::new(
            "custos_disk_free_floor_bytes",
            "Configured free-space floor",
        )
        .expect("valid metric");
        floor.set(i64::try_from(config.free_space_floor_bytes).unwrap_or(i64::MAX));
        registry
            .register(Box::new(free.clone()))
            .expect("metric names are unique");
        registry
            .register(Box::new(floor))
            .expect("metric names are unique");
        DiskSpace {
            volumes,
            blobs,
            floor: config.free_space_floor_bytes,
            free,
        }
    }

    /// Reads every volume's free space into the metric; the first one below the floor (or
    /// unreadable) is the error.
    pub fn check(&self) -> Result<(), Shortage> {
        let mut shortage = None;
        for volume in &self.volumes {
            let checked = free_bytes(&volume.path).and_then(|free| {
                self.free
                    .with_label_values(&[volume.name])
                    .set(i64::try_from(free).unwrap_or(i64::MAX));
                if free < self.floor {
                    Err(Shortage::BelowFloor {
                        name: volume.name,
                        path: volume.path.display().to_string(),
                        free,
                        floor: self.floor,
                    })
                } else {
                    Ok(())
                }
            });
            if let Err(error) = checked {
                shortage.get_or_insert(error);
            }
        }
        shortage.map_or(Ok(()), Err)
    }

    /// Whether `needed` more bytes fit on the local blob store above the floor (always, for
    /// an object store, which reports no free space).
    pub fn fits(&self, needed: u64) -> Result<(), Shortage> {
        let Some(root) = &self.blobs else {
            return Ok(());
        };
        let free = free_bytes(root)?;
        if free.saturating_sub(needed) < self.floor || needed > free {
            return Err(Shortage::WouldGoBelow {
                path: root.display().to_string(),
                needed,
                free,
                floor: self.floor,
            });
        }
        Ok(())
    }
}

/// Bytes an unprivileged process may still write on the file system holding `path`.
fn free_bytes(path: &Path) -> Result<u64, Shortage> {
    let stat = rustix::fs::statvfs(path).map_err(|error| Shortage::Unreadable {
        path: path.display().to_string(),
        error: error.into(),
    })?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}
