//! End-to-end test support for custos.
