//! The Rust side of bench/compare.sh: hashes one file with custos-core's `hash_reader` and
//! prints the digest, the size, and the wall-clock and on-CPU seconds of the hashing thread,
//! in the format bench/HashFileBench.kt prints for the same call through the binding.

use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use custos_core::digest::{DigestError, hash_reader};

/// Nanoseconds this thread has run on a CPU (first field of Linux's schedstat), the same
/// clock the Kotlin side reads, so that other work on the machine does not count.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("custos: usage: hash_file_rust FILE");
        return ExitCode::from(2);
    };
    let (cpu_started, started) = (thread_cpu_ns(), Instant::now());
    let hashed = File::open(&path)
        .map_err(DigestError::Read)
        .and_then(|file| hash_reader(file, None));
    let (wall, cpu_ns) = (started.elapsed(), thread_cpu_ns() - cpu_started);
    match hashed {
        Ok(hashed) => {
            let (wall, cpu) = (wall.as_secs_f64(), cpu_ns as f64 / 1e9);
            println!(
                "{}  {} bytes  {wall:.3} s wall  {cpu:.3} s cpu",
                hashed.digest, hashed.size
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("custos: {}: {error}", path.to_string_lossy());
            ExitCode::from(2)
        }
    }
}
