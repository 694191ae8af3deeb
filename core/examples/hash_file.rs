//! Hashes one evidence file with `hash_reader` and prints its digest and the seconds taken;
//! `core/benches/compare.sh` runs it against reference tools.

use std::process::ExitCode;
use std::time::Instant;

use custos_core::digest::hash_reader;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("custos: usage: hash_file FILE");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let hashed = std::fs::File::open(&path)
        .map_err(custos_core::digest::DigestError::Read)
        .and_then(|file| hash_reader(file, None));
    match hashed {
        Ok(hashed) => {
            let seconds = started.elapsed().as_secs_f64();
            println!("{}  {} bytes  {seconds:.3} s", hashed.digest, hashed.size);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("custos: {}: {error}", path.to_string_lossy());
            ExitCode::from(2)
        }
    }
}
