//! The Rust side of bench/verify.sh: verifies one case bundle ROUNDS times through the same
//! function the binding exports (`custos_ffi::verify::verify_bundle`: parse, then custos-core's
//! `bundle::verify`), and prints the median wall-clock and on-CPU milliseconds of one call, in
//! the format bench/VerifyBundleBench.kt prints for the same call through the JVM binding.

use std::process::ExitCode;
use std::time::Instant;

use custos_ffi::verify::verify_bundle;

/// Nanoseconds this thread has run on a CPU (first field of Linux's schedstat), the same
/// clock the Kotlin side reads, so that other work on the machine does not count.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, path, key, rounds] = args.as_slice() else {
        eprintln!("custos: usage: verify_bundle_rust BUNDLE VERIFIER_KEY ROUNDS");
        return ExitCode::from(2);
    };
    let (Ok(bundle), Ok(rounds)) = (std::fs::read(path), rounds.parse::<usize>()) else {
        eprintln!("custos: cannot read {path} or ROUNDS");
        return ExitCode::from(2);
    };
    let (mut wall, mut cpu, mut records) = (Vec::new(), Vec::new(), 0);
    for _ in 0..rounds {
        let (cpu_started, started) = (thread_cpu_ns(), Instant::now());
        match verify_bundle(bundle.clone(), key.clone()) {
            Ok(verdict) => records = verdict.records,
            Err(error) => {
                eprintln!("custos: {error}");
                return ExitCode::FAILURE;
            }
        }
        wall.push(started.elapsed().as_secs_f64() * 1e3);
        cpu.push((thread_cpu_ns() - cpu_started) as f64 / 1e6);
    }
    println!(
        "{records} records  {:.3} ms wall  {:.3} ms cpu",
        median(wall),
        median(cpu)
    );
    ExitCode::SUCCESS
}
