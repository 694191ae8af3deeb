//! Prometheus series of evidence ingest: bytes received, uploads finished by outcome, the
//! log's size, and the background sweep's failures.

use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};

pub struct EvidenceMetrics {
    pub upload_bytes: IntCounter,
    pub uploads_finished: IntCounterVec,
    pub log_size: IntGauge,
    /// Sweep work items that failed, by work (`expire`, `finish`, `disposal`).
    pub sweep_failures: IntCounterVec,
    /// Items the sweep is backing off from after a failure.
    pub sweep_failing: IntGauge,
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
        let sweep_failures = IntCounterVec::new(
            Opts::new(
                "custos_evidence_sweep_failures_total",
                "Evidence sweep work items that failed and will be retried, by work",
            ),
            &["work"],
        )
        .expect("valid metric");
        let sweep_failing = IntGauge::new(
            "custos_evidence_sweep_failing",
            "Evidence sweep work items waiting to be retried after a failure",
        )
        .expect("valid metric");
        for collector in [
            Box::new(upload_bytes.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(uploads_finished.clone()),
            Box::new(log_size.clone()),
            Box::new(sweep_failures.clone()),
            Box::new(sweep_failing.clone()),
        ] {
            registry
                .register(collector)
                .expect("metric names are unique");
        }
        EvidenceMetrics {
            upload_bytes,
            uploads_finished,
            log_size,
            sweep_failures,
            sweep_failing,
        }
    }
}
