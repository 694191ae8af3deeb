//! Prometheus series of evidence ingest: bytes received, uploads finished by outcome, and the
//! log's size.

use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};

pub struct EvidenceMetrics {
    pub upload_bytes: IntCounter,
    pub uploads_finished: IntCounterVec,
    pub log_size: IntGauge,
}

impl EvidenceMetrics {
    pub fn register(registry: &Registry) -> EvidenceMetrics {
        let upload_bytes = IntCounter::new(
            "custos_upload_bytes_total",
            "Evidence bytes made durable by uploads",
        )
        .expect("valid metric");
        let uploads_finished = IntCounterVec::new(
            Opts::new(
                "custos_uploads_finished_total",
                "Uploads that became evidence items, by status (verified, quarantined)",
            ),
            &["status"],
        )
        .expect("valid metric");
        let log_size = IntGauge::new(
            "custos_log_size",
            "Entries in the transparency log, as last seen by this node",
        )
        .expect("valid metric");
        for collector in [
            Box::new(upload_bytes.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(uploads_finished.clone()),
            Box::new(log_size.clone()),
        ] {
            registry
                .register(collector)
                .expect("metric names are unique");
        }
        EvidenceMetrics {
            upload_bytes,
            uploads_finished,
            log_size,
        }
    }
}
