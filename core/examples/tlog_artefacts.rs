//! Prints, as one JSON document on standard output, a log built with custos-core: its leaves,
//! stored hashes, signed checkpoints, verifier key, and inclusion and consistency proofs, for
//! an independent verifier (tests/go-verifier runs Go's sumdb/note and sumdb/tlog on it).

use custos_core::checkpoint::Checkpoint;
use custos_core::digest::Sha256Digest;
use custos_core::merkle::MemoryLog;
use custos_core::note::NoteSigner;
use serde_json::{Value, json};

const ORIGIN: &str = "custos.example/go-verifier-log";
const LEAVES: u64 = 1337;
const OLD_SIZE: u64 = 600;

fn base64_list(hashes: &[Sha256Digest]) -> Value {
    hashes.iter().map(Sha256Digest::to_base64).collect()
}

/// A leaf shaped like a custody-event entry's canonical JSON.
fn entry(index: u64) -> String {
    format!(r#"{{"case":"c-{index}","kind":"received","type":"custody"}}"#)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let signer = NoteSigner::from_seed(ORIGIN, [0x2a; 32])?;
    let mut log = MemoryLog::new();
    for index in 0..LEAVES {
        log.append(entry(index).as_bytes());
    }
    let checkpoint_at = |size: u64| -> Result<String, Box<dyn std::error::Error>> {
        Ok(Checkpoint::new(ORIGIN, size, log.root_at(size)?).sign(&signer)?)
    };

    let sizes = [
        1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, OLD_SIZE, 1024, LEAVES,
    ];
    let roots: Vec<Value> = (1..=LEAVES)
        .map(|size| Ok(json!({ "size": size, "root": log.root_at(size)?.to_base64() })))
        .collect::<Result<_, custos_core::merkle::LogError>>()?;

    let mut inclusion = Vec::new();
    for &size in &sizes {
        let mut indexes = vec![0, size / 2, size - 1];
        indexes.extend((0..size).step_by(97));
        indexes.sort_unstable();
        indexes.dedup();
        for index in indexes {
            let proof = log.prove_inclusion(index, size)?;
            inclusion.push(
                json!({ "index": index, "size": size, "hashes": base64_list(&proof.hashes) }),
            );
        }
    }

    let mut consistency = Vec::new();
    for &new_size in &sizes {
        for &old_size in sizes.iter().filter(|&&old| old <= new_size) {
            let proof = log.prove_consistency(old_size, new_size)?;
            consistency.push(
                json!({ "from": old_size, "to": new_size, "hashes": base64_list(&proof.hashes) }),
            );
        }
    }

    let artefacts = json!({
        "origin": ORIGIN,
        "verifier_key": signer.verifier_key(),
        // A throwaway test key, so that Go can sign the same checkpoints and compare bytes.
        "signer_key": signer.private_key(),
        "checkpoint": checkpoint_at(LEAVES)?,
        "old_checkpoint": checkpoint_at(OLD_SIZE)?,
        "leaves": (0..LEAVES).map(entry).collect::<Vec<_>>(),
        "stored_hashes": base64_list(log.stored_hashes()),
        "roots": roots,
        "inclusion": inclusion,
        "consistency": consistency,
    });
    println!("{}", serde_json::to_string_pretty(&artefacts)?);
    Ok(())
}
