//! Memory of the `custos` binary under the largest record submissions it accepts, read from
//! the kernel's peak resident set size of the server process (VmHWM).

use custos_core::device::DeviceSigningKey;
use custos_core::record::UnsignedRecord;
use serde_json::{Map, Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Largest body `POST /api/v1/records` reads (`MAX_SUBMISSION_BYTES`).
const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// Most records in one submission (`MAX_RECORDS_PER_SUBMISSION`).
const RECORD_LIMIT: usize = 1000;
/// The peak the server must stay under, whatever it is sent.
const PEAK_LIMIT_KIB: u64 = 100 * 1000 * 1000 / 1024;

fn custos(data_dir: &Path, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_custos"))
        .env("CUSTOS_DATA_DIR", data_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The id on the line of `output` that starts with `prefix` (`organisation ID "name"`).
fn id_after(output: &str, prefix: &str) -> String {
    let line = output
        .lines()
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} line in {output:?}"));
    line.split_whitespace().nth(1).unwrap().to_owned()
}

/// One HTTP/1.1 request on a new connection: the status and the body.
fn request(address: &str, method: &str, path: &str, token: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/json\r\nAuthorization: Bearer {token}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    // A server that refuses the body early may close before taking all of it.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let status = std::str::from_utf8(&response[9..12])
        .unwrap()
        .parse()
        .unwrap();
    (status, response[split + 4..].to_vec())
}

fn json_request(address: &str, method: &str, path: &str, token: &str, body: &Value) -> Value {
    let (status, body) = request(address, method, path, token, body.to_string().as_bytes());
    assert!(
        status < 300,
        "{method} {path}: {status} {}",
        String::from_utf8_lossy(&body)
    );
    serde_json::from_slice(&body).unwrap()
}

fn peak_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// `count` records of one chain signed by `key` for `officer`, their bodies one string long
/// enough that the whole array is just under `BODY_LIMIT`.
fn signed_batch(key: &DeviceSigningKey, officer: &str, count: usize) -> Vec<u8> {
    let record = |seq: u64, prev, text: &str| {
        let mut body = Map::new();
        body.insert("note".into(), Value::String(text.to_owned()));
        UnsignedRecord {
            v: 1,
            chain: format!("memory-case/{}", key.device_id()),
            seq,
            prev,
            kind: "memory.note".into(),
            at_us: 1_772_416_800_000_000 + seq as i64,
            device: key.device_id().clone(),
            officer: officer.to_owned(),
            body,
        }
        .sign(key)
        .unwrap()
    };
    let overhead = record(0, None, "").to_json().len() + 80;
    let text = "x".repeat(BODY_LIMIT / count - overhead);
    let mut prev = None;
    let mut body = b"[".to_vec();
    for seq in 0..count as u64 {
        let signed = record(seq, prev, &text);
        prev = Some(signed.hash());
        if seq > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&signed.to_json());
    }
    body.push(b']');
    assert!(body.len() <= BODY_LIMIT && body.len() > BODY_LIMIT - BODY_LIMIT / 50);
    body
}

/// A body just under `BODY_LIMIT` of `count` elements, each `element` or one number.
fn filler(count: usize, element: &str) -> Vec<u8> {
    let mut body = b"[".to_vec();
    let mut n = 0;
    while body.len() + element.len() + 2 < BODY_LIMIT && n < count {
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(element.as_bytes());
        n += 1;
    }
    body.push(b']');
    body
}

#[test]
fn the_largest_record_submissions_keep_the_peak_under_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let init = custos(
        &data,
        &[
            "init",
            "--org",
            "Memory City",
            "--admin",
            "admin",
            "--password-stdin",
        ],
        "admin password 1",
    );
    let org_id = id_after(&init, "organisation");
    let added = custos(
        &data,
        &[
            "user",
            "add",
            "--username",
            "officer",
            "--role",
            "officer",
            "--org",
            &org_id,
            "--password-stdin",
        ],
        "officer password 1",
    );
    let officer_id = id_after(&added, "user");
    let mut server = Command::new(env!("CARGO_BIN_EXE_custos"))
        .env("CUSTOS_DATA_DIR", &data)
        .args(["--bind", "127.0.0.1:0", "serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("custos listening on http://")
        .unwrap()
        .to_owned();

    let login = json!({"username": "officer", "password": "officer password 1"});
    let token = json_request(&address, "POST", "/api/v1/auth/login", "", &login)["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let keys: Vec<_> = (7..10)
        .map(|seed| DeviceSigningKey::from_seed([seed; 32]))
        .collect();
    for key in &keys {
        let enrol =
            json!({"public_key": key.public_key().to_base64(), "kind": "phone", "org_id": org_id});
        json_request(&address, "POST", "/api/v1/devices", &token, &enrol);
    }
    let before = peak_kib(&server);

    // 1000 signed records of the caller's enrolled phone, 4 KiB each: every one is parsed,
    // and its signature verified.
    let signed = signed_batch(&keys[0], &officer_id, RECORD_LIMIT);
    let (status, body) = request(&address, "POST", "/api/v1/records", &token, &signed);
    let results: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["results"].as_array().unwrap().len(), RECORD_LIMIT);
    // Each is answered on its own (refused, the kind being unknown, or held behind it).
    for result in results["results"].as_array().unwrap() {
        assert!(
            ["refused", "held"].contains(&result["outcome"].as_str().unwrap()),
            "{result}"
        );
    }
    let after_signed = peak_kib(&server);

    // Millions of one-byte elements, and a thousand records of tiny values.
    let tiny = filler(usize::MAX, "1");
    let (status, body) = request(&address, "POST", "/api/v1/records", &token, &tiny);
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("at most 1000 per request"));
    let zeros = format!(
        "{{\"body\":[{}0]}}",
        "0,".repeat(BODY_LIMIT / RECORD_LIMIT / 2 - 20)
    );
    let deep = filler(RECORD_LIMIT, &zeros);
    let (status, body) = request(&address, "POST", "/api/v1/records", &token, &deep);
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("JSON values"));

    let mut over = signed.clone();
    over.resize(BODY_LIMIT + 1, b' ');
    let (status, body) = request(&address, "POST", "/api/v1/records", &token, &over);
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains(&format!("at most {BODY_LIMIT} bytes")));

    // Two of the largest at once, from two more phones.
    let batches: Vec<_> = keys[1..]
        .iter()
        .map(|key| signed_batch(key, &officer_id, RECORD_LIMIT))
        .collect();
    std::thread::scope(|scope| {
        for batch in &batches {
            let (address, token) = (&address, &token);
            scope.spawn(move || {
                let (status, _) = request(address, "POST", "/api/v1/records", token, batch);
                assert_eq!(status, 200);
            });
        }
    });
    let peak = peak_kib(&server);
    server.kill().unwrap();
    server.wait().unwrap();
    eprintln!(
        "peak RSS: {before} KiB at rest, {after_signed} KiB after 1000 signed records of 4 KiB, \
         {peak} KiB after the refused bodies and two such submissions at once"
    );
    assert!(peak < PEAK_LIMIT_KIB, "peak RSS {peak} KiB");
}
