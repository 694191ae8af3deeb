//! Signed notes and checkpoints against the Go-generated vector and Go's documented example,
//! strict parsing, multi-signature rules, and every single-bit flip of a signed checkpoint.

mod support;

use custos_core::checkpoint::{Checkpoint, CheckpointError};
use custos_core::digest::Sha256Digest;
use custos_core::merkle::EMPTY_TREE_ROOT;
use custos_core::note::{
    MAX_SIGNATURES, NoteError, NoteSigner, NoteVerifier, open_note, sign_note,
};
use support::{b64, u64_of, vectors};

/// The vector's signer: the log key of `example.org/custos-test` from seed 07 07 .. 07.
fn vector_signer() -> NoteSigner {
    let vector = &vectors()["signed_note"];
    let seed: [u8; 32] = hex::decode(vector["ed25519_seed_hex"].as_str().expect("seed"))
        .expect("hex")
        .try_into()
        .expect("32 bytes");
    NoteSigner::from_seed(vector["key_name"].as_str().expect("name"), seed).expect("valid name")
}

fn text(value: &serde_json::Value) -> &str {
    value.as_str().expect("string")
}

#[test]
fn signed_checkpoint_matches_the_vector_byte_for_byte() {
    let vectors = vectors();
    let vector = &vectors["signed_note"];
    let signer = vector_signer();
    assert_eq!(signer.verifier_key(), text(&vector["verifier_key"]));
    assert_eq!(signer.private_key(), text(&vector["signer_key"]));
    assert_eq!(
        format!("{:08x}", signer.key_id()),
        text(&vector["key_id_hex"])
    );
    assert_eq!(
        hex::encode(signer.verifier().public_key()),
        text(&vector["ed25519_public_key_hex"])
    );

    let checkpoint = Checkpoint::new(
        text(&vector["origin"]),
        u64_of(&vector["tree_size"]),
        b64(&vector["root_b64"]),
    );
    assert_eq!(checkpoint.root_hash, b64(&vectors["roots"][9]["root_b64"]));
    assert_eq!(checkpoint.to_body().expect("valid"), text(&vector["body"]));
    let signed = checkpoint.sign(&signer).expect("valid");
    assert_eq!(signed, text(&vector["signed_note"]));
    assert!(signed.ends_with(text(&vector["signature_line"])));

    let verifier =
        NoteVerifier::from_verifier_key(text(&vector["verifier_key"])).expect("valid key");
    let (opened, note) = Checkpoint::open(&signed, &[verifier]).expect("verifies");
    assert_eq!(opened, checkpoint);
    assert_eq!(note.text, text(&vector["body"]));
    assert_eq!(note.signatures.len(), 1);
    assert_eq!(note.signatures[0].name, "example.org/custos-test");
    assert!(note.unverified.is_empty());
}

#[test]
fn every_single_bit_flip_of_the_signed_checkpoint_is_refused() {
    let vector = &vectors()["signed_note"];
    let signed = text(&vector["signed_note"]).as_bytes().to_vec();
    let verifiers = [NoteVerifier::from_verifier_key(text(&vector["verifier_key"])).expect("key")];
    assert!(Checkpoint::open(&signed, &verifiers).is_ok());
    for position in 0..signed.len() {
        for bit in 0..8 {
            let mut flipped = signed.clone();
            flipped[position] ^= 1 << bit;
            let result = Checkpoint::open(&flipped, &verifiers);
            assert!(result.is_err(), "byte {position} bit {bit}: {result:?}");
        }
    }
}

#[test]
fn every_single_bit_flip_of_the_keys_is_refused() {
    let vector = &vectors()["signed_note"];
    let parse_verifier: fn(&str) -> Result<(), NoteError> =
        |key| NoteVerifier::from_verifier_key(key).map(drop);
    let parse_private: fn(&str) -> Result<(), NoteError> =
        |key| NoteSigner::from_private_key(key).map(drop);
    for (key, parse) in [
        (text(&vector["verifier_key"]), parse_verifier),
        (text(&vector["signer_key"]), parse_private),
    ] {
        assert_eq!(parse(key), Ok(()));
        for position in 0..key.len() {
            for bit in 0..8 {
                let mut flipped = key.as_bytes().to_vec();
                flipped[position] ^= 1 << bit;
                if let Ok(flipped) = String::from_utf8(flipped) {
                    assert!(parse(&flipped).is_err(), "{flipped}");
                }
            }
        }
    }
}

/// The example of Go's `sumdb/note` package documentation, an independent known answer for
/// the key formats, the signature line and multi-signature notes.
const GO_SIGNER_KEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VERIFIER_KEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                       then you don't know what your problem is.\n";
const GO_SIGNATURE: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const GO_SECOND_SIGNATURE: &str = "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

#[test]
fn go_documentation_example_signs_and_opens() {
    let signer = NoteSigner::from_private_key(GO_SIGNER_KEY).expect("valid private key");
    assert_eq!(signer.verifier_key(), GO_VERIFIER_KEY);
    assert_eq!(signer.private_key(), GO_SIGNER_KEY);
    let signed = signer.sign(GO_TEXT).expect("valid text");
    assert_eq!(signed, format!("{GO_TEXT}\n{GO_SIGNATURE}"));

    let verifier = NoteVerifier::from_verifier_key(GO_VERIFIER_KEY).expect("valid key");
    let doubly_signed = format!("{GO_TEXT}\n{GO_SIGNATURE}{GO_SECOND_SIGNATURE}");
    let note = open_note(&doubly_signed, &[verifier]).expect("verifies");
    assert_eq!(note.text, GO_TEXT);
    assert_eq!(note.signatures.len(), 1);
    assert_eq!(note.unverified.len(), 1);
    assert_eq!(note.unverified[0].name, "EnochRoot");
}

fn check_verifier_key(key: &str, expected: Result<(), NoteError>) {
    assert_eq!(
        NoteVerifier::from_verifier_key(key).map(drop),
        expected,
        "{key}"
    );
}

fn standard_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn verifier_keys_are_parsed_strictly() {
    let malformed = NoteError::MalformedVerifierKey;
    let vector = &vectors()["signed_note"];
    let key = text(&vector["verifier_key"]);
    let (name, hash, data) = (
        "example.org/custos-test",
        "b495bcdf",
        "AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs",
    );
    assert_eq!(key, format!("{name}+{hash}+{data}"));
    let mut typed = vec![0x01];
    typed.extend_from_slice(&vector_signer().verifier().public_key());
    let mut other_algorithm = typed.clone();
    other_algorithm[0] = 0x02;
    let bad_hash = Err(malformed("key hash must be 8 lowercase hex digits"));
    let not_base64 = Err(malformed("key data is not canonical base64"));

    check_verifier_key(key, Ok(()));
    check_verifier_key(&format!("{name}+B495BCDF+{data}"), bad_hash.clone());
    check_verifier_key(&format!("{name}+b495bcd+{data}"), bad_hash.clone());
    check_verifier_key(&format!("{name}+0b495bcdf+{data}"), bad_hash.clone());
    check_verifier_key(&format!("{name}+b495bcdg+{data}"), bad_hash);
    check_verifier_key(
        &format!("{name}+b495bcde+{data}"),
        Err(NoteError::KeyHashMismatch),
    );
    check_verifier_key(
        &format!("example.org/custos-prod+{hash}+{data}"),
        Err(NoteError::KeyHashMismatch),
    );
    check_verifier_key(&format!("{name}+{hash}+{data}="), not_base64.clone());
    check_verifier_key(&format!("{name}+{hash}+{}", &data[1..]), not_base64.clone());
    check_verifier_key(&format!("{key}\n"), not_base64);
    check_verifier_key(&format!("{name}+{hash}+"), Err(malformed("empty key data")));
    check_verifier_key(
        &format!("{name}+{hash}+{}", standard_base64(&typed[..32])),
        Err(malformed("an Ed25519 key has 32 bytes")),
    );
    check_verifier_key(
        &format!("{name}+{hash}+{}", standard_base64(&other_algorithm)),
        Err(NoteError::UnknownAlgorithm(0x02)),
    );
    check_verifier_key(
        &format!("+{hash}+{data}"),
        Err(malformed("invalid key name")),
    );
    check_verifier_key(
        &format!("example.org/custos test+{hash}+{data}"),
        Err(malformed("invalid key name")),
    );
    check_verifier_key(name, Err(malformed("missing key hash")));
    check_verifier_key(
        &format!("{name}+{hash}"),
        Err(malformed("missing key data")),
    );

    for bad_name in [
        "",
        "custos log",
        "custos+log",
        "custos\u{3000}log",
        "custos\u{a0}log",
    ] {
        assert_eq!(
            NoteSigner::from_seed(bad_name, [1; 32]).map(drop),
            Err(NoteError::InvalidName(bad_name.to_owned()))
        );
    }
}

fn check_private_key(key: &str, expected: Result<(), NoteError>) {
    assert_eq!(
        NoteSigner::from_private_key(key).map(drop),
        expected,
        "{key}"
    );
}

#[test]
fn private_keys_round_trip_and_are_parsed_strictly() {
    let malformed = NoteError::MalformedPrivateKey;
    let generated = NoteSigner::generate("custos.local/log").expect("randomness");
    let reread = NoteSigner::from_private_key(&generated.private_key()).expect("own format");
    assert_eq!(reread.verifier_key(), generated.verifier_key());
    assert_eq!(
        format!("{generated:?}"),
        format!("NoteSigner(custos.local/log+{:08x})", generated.key_id())
    );

    let vector = &vectors()["signed_note"];
    let key = text(&vector["signer_key"]);
    let public_part = key.strip_prefix("PRIVATE+KEY+").expect("prefix");
    check_private_key(key, Ok(()));
    check_private_key(public_part, Err(malformed("missing PRIVATE+KEY+ prefix")));
    check_private_key(
        &format!("private+key+{public_part}"),
        Err(malformed("missing PRIVATE+KEY+ prefix")),
    );
    // A verifier key in place of a private key: right shape, but the key hash is for the
    // public key derived from the seed, which these bytes are not.
    check_private_key(
        &format!("PRIVATE+KEY+{}", text(&vector["verifier_key"])),
        Err(NoteError::KeyHashMismatch),
    );
    check_private_key(
        &key.replace("+b495bcdf+", "+b495bcde+"),
        Err(NoteError::KeyHashMismatch),
    );
    check_private_key(
        &format!("{key}="),
        Err(malformed("key data is not canonical base64")),
    );
}

/// A note signed by the vector key, by a second known key and by an unknown key.
struct Signers {
    log: NoteSigner,
    witness: NoteSigner,
    stranger: NoteSigner,
}

fn signers() -> Signers {
    Signers {
        log: vector_signer(),
        witness: NoteSigner::from_seed("witness.example/w1", [2; 32]).expect("name"),
        stranger: NoteSigner::from_seed("stranger.example/s", [3; 32]).expect("name"),
    }
}

const BODY: &str = "example.org/custos-test\n1\nMF31n5WQw8msY9KydDw4jjeSRJB4zr9/s9vmRxZDsrc=\n";

#[test]
fn unknown_signatures_are_ignored_only_beside_a_verified_one() {
    let Signers {
        log,
        witness,
        stranger,
    } = signers();
    let known = [log.verifier(), witness.verifier()];

    let note = open_note(sign_note(BODY, &[&stranger, &log]).expect("signs"), &known)
        .expect("log verifies");
    assert_eq!(
        note.signatures
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["example.org/custos-test"]
    );
    assert_eq!(
        note.unverified
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["stranger.example/s"]
    );

    let both =
        open_note(sign_note(BODY, &[&log, &witness]).expect("signs"), &known).expect("both verify");
    assert_eq!(both.signatures.len(), 2);

    assert_eq!(
        open_note(stranger.sign(BODY).expect("signs"), &known),
        Err(NoteError::NoKnownSignature)
    );
    assert_eq!(
        open_note(log.sign(BODY).expect("signs"), &[]),
        Err(NoteError::NoKnownSignature)
    );

    // Same name, other key: an unknown key, not a failed signature (C2SP: ignore it).
    let impostor = NoteSigner::from_seed("example.org/custos-test", [4; 32]).expect("name");
    let note = open_note(sign_note(BODY, &[&impostor, &log]).expect("signs"), &known)
        .expect("log verifies");
    assert_eq!(note.unverified.len(), 1);
    assert_eq!(
        open_note(impostor.sign(BODY).expect("signs"), &known),
        Err(NoteError::NoKnownSignature)
    );
}

#[test]
fn a_bad_signature_by_a_known_key_refuses_the_whole_note() {
    let Signers { log, witness, .. } = signers();
    let known = [log.verifier(), witness.verifier()];
    let good = sign_note(BODY, &[&log]).expect("signs");
    // The witness's signature over other text, pasted under this body.
    let other = witness
        .sign("example.org/custos-test\n2\nMF31n5WQw8msY9KydDw4jjeSRJB4zr9/s9vmRxZDsrc=\n")
        .expect("signs");
    let pasted_line = other.rsplit_once("\n\n").expect("signature block").1;
    let expected = Err(NoteError::InvalidSignature {
        name: "witness.example/w1".to_owned(),
        key_id: witness.key_id(),
    });
    assert_eq!(open_note(format!("{good}{pasted_line}"), &known), expected);
    // A second, bad signature by the same known key is checked too, not skipped.
    let log_line = good.rsplit_once("\n\n").expect("signature block").1;
    let other_log_line = log
        .sign(GO_TEXT)
        .expect("signs")
        .rsplit_once("\n\n")
        .expect("block")
        .1
        .to_owned();
    assert!(matches!(
        open_note(format!("{BODY}\n{log_line}{other_log_line}"), &known),
        Err(NoteError::InvalidSignature { .. })
    ));
    // The same good line twice counts once.
    let twice = open_note(format!("{BODY}\n{log_line}{log_line}"), &known).expect("verifies");
    assert_eq!(twice.signatures.len(), 1);
}

#[test]
fn signature_count_is_limited() {
    let Signers { log, stranger, .. } = signers();
    let known = [log.verifier()];
    let stranger_line = stranger
        .sign(BODY)
        .expect("signs")
        .rsplit_once("\n\n")
        .expect("block")
        .1
        .to_owned();
    let log_line = log
        .sign(BODY)
        .expect("signs")
        .rsplit_once("\n\n")
        .expect("block")
        .1
        .to_owned();
    // Distinct unknown lines: vary the name so none is deduplicated.
    let unknown = |count: usize| -> String {
        (0..count)
            .map(|i| {
                stranger_line.replacen("stranger.example/s", &format!("stranger.example/s{i}"), 1)
            })
            .collect()
    };
    let at_limit = format!("{BODY}\n{log_line}{}", unknown(MAX_SIGNATURES - 1));
    assert_eq!(
        open_note(&at_limit, &known)
            .expect("100 signatures")
            .unverified
            .len(),
        MAX_SIGNATURES - 1
    );
    let over = format!("{BODY}\n{log_line}{}", unknown(MAX_SIGNATURES));
    assert_eq!(open_note(&over, &known), Err(NoteError::TooManySignatures));
}

fn check_note(signed: &[u8], expected: Result<(), NoteError>) {
    let known = [vector_signer().verifier()];
    assert_eq!(
        open_note(signed, &known).map(drop),
        expected,
        "{}",
        String::from_utf8_lossy(signed)
    );
}

#[test]
fn malformed_notes_are_refused() {
    let malformed = NoteError::Malformed;
    let signed = vector_signer().sign(BODY).expect("signs");
    let (body_and_blank, line) = signed
        .rsplit_once("\n\n")
        .map(|(b, l)| (format!("{b}\n\n"), l))
        .expect("block");
    let signature = line
        .rsplit_once(' ')
        .expect("name and signature")
        .1
        .trim_end();
    check_note(signed.as_bytes(), Ok(()));
    check_note(
        format!("{BODY}{line}").as_bytes(),
        Err(malformed("no blank line before the signatures")),
    );
    check_note(
        signed.trim_end().as_bytes(),
        Err(malformed(
            "signature block is empty or lacks its final newline",
        )),
    );
    check_note(
        format!("{BODY}\n").as_bytes(),
        Err(malformed(
            "signature block is empty or lacks its final newline",
        )),
    );
    check_note(
        format!("{BODY}\n\n").as_bytes(),
        Err(malformed(
            "signature block is empty or lacks its final newline",
        )),
    );
    check_note(
        signed.replace('\n', "\r\n").as_bytes(),
        Err(malformed("contains a control character")),
    );
    check_note(
        format!("{body_and_blank}\t{line}").as_bytes(),
        Err(malformed("contains a control character")),
    );
    check_note(
        &[signed.as_bytes(), &[0xff]].concat(),
        Err(malformed("not valid utf-8")),
    );
    check_note(
        format!("{body_and_blank}- example.org/custos-test {signature}\n").as_bytes(),
        Err(malformed(
            "signature line must start with an em dash and a space",
        )),
    );
    check_note(
        format!("{body_and_blank}\u{2014}example.org/custos-test {signature}\n").as_bytes(),
        Err(malformed(
            "signature line must start with an em dash and a space",
        )),
    );
    check_note(
        format!("{body_and_blank}\u{2014} example.org/custos-test\n").as_bytes(),
        Err(malformed("signature line has no signature")),
    );
    check_note(
        format!("{body_and_blank}\u{2014} example.org/custos-test \n").as_bytes(),
        Err(malformed("signature too short")),
    );
    check_note(
        format!("{body_and_blank}\u{2014}  {signature}\n").as_bytes(),
        Err(malformed("invalid key name in signature line")),
    );
    check_note(
        format!("{body_and_blank}\u{2014} example.org/custos-test AAAAAA==\n").as_bytes(),
        Err(malformed("signature too short")),
    );
    check_note(
        format!("{body_and_blank}\u{2014} example.org/custos-test {signature} \n").as_bytes(),
        Err(malformed("signature is not base64")),
    );
    check_note(
        format!(
            "{body_and_blank}\u{2014} example.org/custos-test {}\n",
            &signature[..signature.len() - 1]
        )
        .as_bytes(),
        Err(malformed("signature is not base64")),
    );
}

#[test]
fn signing_refuses_text_that_would_not_open() {
    let signer = vector_signer();
    assert_eq!(
        signer.sign(""),
        Err(NoteError::InvalidText("must end with a newline"))
    );
    assert_eq!(
        signer.sign("no newline"),
        Err(NoteError::InvalidText("must end with a newline"))
    );
    assert_eq!(
        signer.sign("tab\there\n"),
        Err(NoteError::InvalidText("contains a control character"))
    );
    assert_eq!(
        sign_note(BODY, &[]),
        Err(NoteError::InvalidText("no signer"))
    );
    // Empty lines inside the text are allowed: the last blank line separates the signatures.
    let with_blank_line = "first\n\nlast\n";
    let opened = open_note(
        signer.sign(with_blank_line).expect("signs"),
        &[signer.verifier()],
    )
    .expect("opens");
    assert_eq!(opened.text, with_blank_line);
}

fn check_body(body: &str, expected: Result<Checkpoint, CheckpointError>) {
    assert_eq!(Checkpoint::parse(body), expected, "{body:?}");
}

#[test]
fn checkpoint_bodies_are_parsed_strictly() {
    let malformed = CheckpointError::Malformed;
    let root = "MF31n5WQw8msY9KydDw4jjeSRJB4zr9/s9vmRxZDsrc=";
    let root_hash = Sha256Digest::from_base64(root).expect("valid");
    let checkpoint = |size| Checkpoint::new("custos.local/log", size, root_hash);
    let with_extensions = Checkpoint {
        extensions: vec!["extension one".to_owned(), "\u{2014} two".to_owned()],
        ..checkpoint(1)
    };

    check_body(&format!("custos.local/log\n1\n{root}\n"), Ok(checkpoint(1)));
    check_body(
        &format!("custos.local/log\n1\n{root}\nextension one\n\u{2014} two\n"),
        Ok(with_extensions.clone()),
    );
    check_body(&format!("custos.local/log\n0\n{root}\n"), Ok(checkpoint(0)));
    check_body(
        &format!("custos.local/log\n9223372036854775807\n{root}\n"),
        Ok(checkpoint(i64::MAX as u64)),
    );
    check_body(
        &format!("custos.local/log\n9223372036854775808\n{root}\n"),
        Err(malformed("tree size exceeds 2^63 - 1")),
    );
    check_body(
        &format!("custos.local/log\n99999999999999999999\n{root}\n"),
        Err(malformed("tree size exceeds 2^63 - 1")),
    );
    check_body(
        &format!("custos.local/log\n1\n{root}"),
        Err(malformed("body must end with a newline")),
    );
    check_body(
        "custos.local/log\n1\n",
        Err(malformed("body needs origin, size and root hash lines")),
    );
    check_body(&format!("\n1\n{root}\n"), Err(malformed("empty origin")));
    check_body(
        &format!("custos\tlog\n1\n{root}\n"),
        Err(malformed("control character in origin")),
    );
    for size in ["01", "+1", "-1", " 1", "1 ", "", "0x1", "1.0"] {
        let expected = if size == "01" {
            malformed("tree size has a leading zero")
        } else {
            malformed("tree size must be decimal digits")
        };
        check_body(
            &format!("custos.local/log\n{size}\n{root}\n"),
            Err(expected),
        );
    }
    check_body(
        &format!("custos.local/log\n1\n{}\n", root.trim_end_matches('=')),
        Err(malformed("root hash is not the padded base64 of 32 bytes")),
    );
    check_body(
        "custos.local/log\n1\nMF31n5WQw8msY9KydDw4jjeSRJB4zr9/s9vmRxZDsrd=\n",
        Err(malformed("root hash is not the padded base64 of 32 bytes")),
    );
    check_body(
        "custos.local/log\n1\nMF31n5WQw8msY9KydDw4jjeSRJB4zr9/s9vmRxZD\n",
        Err(malformed("root hash is not the padded base64 of 32 bytes")),
    );
    check_body(
        &format!("custos.local/log\n1\n{root}\n\n"),
        Err(malformed("empty extension line")),
    );
    check_body(
        &format!("custos.local/log\n1\n{root}\n\nafter a blank line\n"),
        Err(malformed("empty extension line")),
    );
    check_body(
        &format!("custos.local/log\n1\n{root}\nbell\u{7}\n"),
        Err(malformed("control character in extension line")),
    );

    assert_eq!(
        Checkpoint::parse(&with_extensions.to_body().expect("valid")).expect("parses"),
        with_extensions
    );
    let empty = Checkpoint::new("custos.local/log", 0, EMPTY_TREE_ROOT);
    assert_eq!(
        empty.to_body().expect("valid"),
        "custos.local/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
    );
    let bad = |origin: &str, size: u64, extensions: &[&str]| Checkpoint {
        origin: origin.to_owned(),
        size,
        root_hash,
        extensions: extensions.iter().map(|e| (*e).to_owned()).collect(),
    };
    assert_eq!(bad("", 1, &[]).to_body(), Err(malformed("empty origin")));
    assert_eq!(
        bad("two\nlines", 1, &[]).to_body(),
        Err(malformed("control character in origin"))
    );
    assert_eq!(
        bad("o", u64::MAX, &[]).to_body(),
        Err(malformed("tree size exceeds 2^63 - 1"))
    );
    assert_eq!(
        bad("o", 1, &[""]).to_body(),
        Err(malformed("empty extension line"))
    );
    assert_eq!(
        bad("o", 1, &["a\nb"]).to_body(),
        Err(malformed("control character in extension line"))
    );
}

#[test]
fn a_checkpoint_opens_only_with_its_log_key() {
    let signer = NoteSigner::generate("custos.local/log").expect("randomness");
    let other = NoteSigner::generate("custos.local/log").expect("randomness");
    let signed = Checkpoint::new("custos.local/log", 0, EMPTY_TREE_ROOT)
        .sign(&signer)
        .expect("signs");
    assert!(Checkpoint::open(&signed, &[signer.verifier()]).is_ok());
    assert_eq!(
        Checkpoint::open(&signed, &[other.verifier()]),
        Err(CheckpointError::Note(NoteError::NoKnownSignature))
    );
    let not_a_checkpoint = signer.sign("just a note\n").expect("signs");
    assert_eq!(
        Checkpoint::open(&not_a_checkpoint, &[signer.verifier()]),
        Err(CheckpointError::Malformed(
            "body needs origin, size and root hash lines"
        ))
    );
}

/// Seeds (big-endian integers in the first four bytes) of two different keys named
/// `custos.local/log` whose key ids collide, found by a birthday search: d8e84e54.
fn colliding_signers() -> (NoteSigner, NoteSigner) {
    let signer = |n: u32| {
        let mut seed = [0u8; 32];
        seed[..4].copy_from_slice(&n.to_be_bytes());
        NoteSigner::from_seed("custos.local/log", seed).expect("name")
    };
    (signer(20773), signer(62640))
}

#[test]
fn two_keys_sharing_a_name_and_key_id_are_ambiguous() {
    let (first, second) = colliding_signers();
    assert_eq!(first.key_id(), 0xd8e84e54);
    assert_eq!(second.key_id(), first.key_id());
    assert_ne!(first.verifier_key(), second.verifier_key());
    let signed = first.sign(BODY).expect("signs");
    assert_eq!(
        open_note(&signed, &[first.verifier(), second.verifier()]),
        Err(NoteError::AmbiguousVerifier {
            name: "custos.local/log".to_owned(),
            key_id: 0xd8e84e54
        })
    );
    // The same key listed twice is not ambiguous.
    assert!(open_note(&signed, &[first.verifier(), first.verifier()]).is_ok());
    // With only the other key known, the signature is checked and fails.
    assert!(matches!(
        open_note(&signed, &[second.verifier()]),
        Err(NoteError::InvalidSignature { .. })
    ));
}
