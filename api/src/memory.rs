//! How the process's allocator hands memory back to the system.
//!
//! glibc raises its mmap threshold each time a large mapped block is freed (up to 32 MiB), so
//! after the first login the 19 MiB working memory of each Argon2id hash is carved out of the
//! arena of whichever blocking thread ran it, and stays there once freed: resident memory
//! climbs by that much for every arena that ever hashed a password (up to eight per core) and
//! never comes down. A fixed threshold keeps every block of [`MMAP_THRESHOLD_BYTES`] or more
//! in a mapping of its own, unmapped when freed; the blocks an upload or a query holds are
//! smaller, so their allocation stays as fast as before.

/// Blocks at least this large get a mapping of their own.
pub const MMAP_THRESHOLD_BYTES: i32 = 1024 * 1024;

/// Sets the allocator up; call once, first thing in `main`.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes two integers and changes only the allocator's tuning.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
    }
}
