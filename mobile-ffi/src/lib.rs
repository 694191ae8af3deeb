//! custos-ffi: custos-core for Kotlin, Swift and Python through uniffi; no logic of its own.
