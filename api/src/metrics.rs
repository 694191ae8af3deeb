//! Prometheus metrics of one server instance.
//!
//! A registry per [`crate::state::AppState`] (rather than a process-wide recorder) keeps
//! several servers in one process, as in the end-to-end tests, from counting each other's
//! requests. Other modules register their own collectors on [`Metrics::registry`].

use crate::db::DbPool;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
}

impl Metrics {
    /// Metrics of the node named `node`, the `node` label of every one of them.
    pub fn new(node: &str) -> Metrics {
        let labels = std::collections::HashMap::from([("node".to_owned(), node.to_owned())]);
        let registry = Registry::new_custom(None, Some(labels)).expect("a valid node label");
        let requests = IntCounterVec::new(
            Opts::new(
                "custos_http_requests_total",
                "HTTP requests by route pattern, method and status",
            ),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "custos_http_request_duration_seconds",
                "HTTP request latency by route pattern and method",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ]),
            &["route", "method"],
        )
        .expect("valid metric");
        let gauge = |name: &str, help: &str| IntGauge::new(name, help).expect("valid metric");
        let pool_connections = gauge(
            "custos_db_pool_connections",
            "Database connections open (in use and idle)",
        );
        let pool_idle = gauge(
            "custos_db_pool_idle_connections",
            "Idle database connections",
        );
        let pool_max = gauge("custos_db_pool_max_connections", "Database pool size limit");
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool_connections.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_max.clone()),
        ] {
            registry
                .register(collector)
                .expect("metric names are unique");
        }
        Metrics {
            registry,
            requests,
            latency,
            pool_connections,
            pool_idle,
            pool_max,
        }
    }

    /// Where other modules register their collectors.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Counts one finished request; `route` is the matched pattern, never the raw path, so
    /// ids in paths do not multiply the series.
    pub fn observe_request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[route, method])
            .observe(seconds);
    }

    /// The text exposition format (version 0.0.4), with pool gauges read now.
    pub fn render(&self, pool: &DbPool) -> String {
        let state = pool.state();
        self.pool_connections.set(i64::from(state.connections));
        self.pool_idle.set(i64::from(state.idle_connections));
        self.pool_max.set(i64::from(pool.max_size()));
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .expect("text encoding into a Vec cannot fail");
        String::from_utf8(buffer).expect("exposition format is UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new("custos")
    }
}
