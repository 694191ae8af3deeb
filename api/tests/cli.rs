//! The `custos` binary as an operator runs it: exit codes, messages on stderr, key files,
//! one-time initialisation, graceful shutdown.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// `custos ARGS` with `data_dir` and no other CUSTOS_* setting from the environment.
fn command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_custos"));
    only_data_dir(&mut command, data_dir).args(args);
    command
}

fn only_data_dir<'a>(command: &'a mut Command, data_dir: &Path) -> &'a mut Command {
    for (name, _) in std::env::vars() {
        if name.starts_with("CUSTOS_") {
            command.env_remove(name);
        }
    }
    command.env("CUSTOS_DATA_DIR", data_dir)
}

/// Runs `custos ARGS` with `stdin` and waits for it.
fn custos(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(data_dir, args)
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
    child.wait_with_output().unwrap()
}

fn check(output: &Output, code: i32, stderr_has: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(
        stderr.contains(stderr_has),
        "stderr {stderr:?} lacks {stderr_has:?}"
    );
}

#[test]
fn bad_settings_exit_2_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--bind", "localhost", "serve"],
            "custos: invalid CUSTOS_BIND",
        ),
        (
            &["--database-url", "mysql://u:secret@h/db", "serve"],
            "custos: invalid CUSTOS_DATABASE_URL",
        ),
        (
            &["--blob-url", "ftp://x", "serve"],
            "custos: invalid CUSTOS_BLOB_URL",
        ),
        (
            &["--log-origin", "two words", "serve"],
            "custos: invalid CUSTOS_LOG_ORIGIN",
        ),
        (
            &["--config", "/nonexistent/custos.toml", "serve"],
            "custos: cannot read config file",
        ),
    ];
    for (args, message) in cases {
        let output = custos(dir.path(), args, "");
        check(&output, 2, message);
        assert!(!String::from_utf8_lossy(&output.stderr).contains("secret"));
    }
}

#[test]
fn config_file_is_read_and_unknown_keys_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("custos.toml");
    std::fs::write(&file, "bind = \"not an address\"\n").unwrap();
    let output = custos(
        dir.path(),
        &["--config", file.to_str().unwrap(), "serve"],
        "",
    );
    check(&output, 2, "invalid CUSTOS_BIND");
    std::fs::write(&file, "bnid = \"127.0.0.1:1\"\n").unwrap();
    let output = custos(
        dir.path(),
        &["--config", file.to_str().unwrap(), "serve"],
        "",
    );
    check(&output, 2, "unknown field `bnid`");
}

#[test]
fn init_once_then_refuse_and_add_users() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let init = [
        "init",
        "--org",
        "Test City",
        "--admin",
        "root",
        "--password-stdin",
    ];
    let output = custos(&data, &init, "root password\n");
    check(&output, 0, "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let org_id = stdout
        .lines()
        .find_map(|line| line.strip_prefix("organisation "))
        .and_then(|rest| rest.split(' ').next())
        .expect("organisation id printed")
        .to_owned();

    for name in [
        custos_api::keys::LOG_KEY_FILE,
        custos_api::keys::TOKEN_KEY_FILE,
    ] {
        let mode = std::fs::metadata(data.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }

    check(
        &custos(&data, &init, "root password\n"),
        1,
        "custos: custos is already initialised",
    );

    let add = |username: &str, role: &str, org: &str, password: &str| {
        custos(
            &data,
            &[
                "user",
                "add",
                "--username",
                username,
                "--role",
                role,
                "--org",
                org,
                "--password-stdin",
            ],
            password,
        )
    };
    check(
        &add("officer.li", "officer", &org_id, "officer password\n"),
        0,
        "",
    );
    check(
        &add("officer.li", "officer", &org_id, "officer password\n"),
        1,
        "username \"officer.li\" is taken",
    );
    check(
        &add(
            "officer.zhao",
            "officer",
            "no-such-org",
            "officer password\n",
        ),
        1,
        "organisation no-such-org does not exist",
    );
    check(
        &add("officer.zhao", "chief", &org_id, "officer password\n"),
        2,
        "invalid value 'chief'",
    );
    check(
        &add("officer.zhao", "officer", &org_id, "short\n"),
        1,
        "at least 8 characters",
    );
    check(
        &add("officer.zhao", "officer", &org_id, ""),
        2,
        "custos: no password on standard input",
    );
}

#[test]
fn serve_prints_its_address_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = command(
        &dir.path().join("data"),
        &["--bind", "127.0.0.1:0", "serve"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("custos listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut key_line = String::new();
    stdout.read_line(&mut key_line).unwrap();
    let key = key_line
        .trim()
        .strip_prefix("log verifier key: ")
        .expect("verifier key printed");
    let verifier = custos_core::note::NoteVerifier::from_verifier_key(key).unwrap();
    assert_eq!(verifier.name(), "custos.local/log");
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    // A request in flight when SIGTERM arrives: its body is only half sent.
    let body = br#"{"username":"nobody.here","password":"not the password"}"#;
    let mut in_flight = std::net::TcpStream::connect(&address).unwrap();
    write!(
        in_flight,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    in_flight.write_all(&body[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the server waits for the request in flight"
    );
    // New connections are no longer served.
    let refused = std::net::TcpStream::connect(&address)
        .and_then(|mut late| {
            late.set_read_timeout(Some(Duration::from_secs(2)))?;
            late.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
            let mut answer = String::new();
            std::io::Read::read_to_string(&mut late, &mut answer).map(|_| answer)
        })
        .map_or(true, |answer| answer.is_empty());
    assert!(refused, "a connection opened after SIGTERM is not served");
    in_flight.write_all(&body[10..]).unwrap();
    let mut response = String::new();
    std::io::Read::read_to_string(&mut in_flight, &mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 401"), "{response}");
    assert!(response.contains("application/problem+json"), "{response}");

    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no exit after the request finished"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn verify_needs_no_configuration_and_exits_2_on_an_unreadable_bundle() {
    let dir = tempfile::tempdir().unwrap();
    // A configuration that would fail to load does not matter to an offline check.
    let missing = dir.path().join("missing.json");
    let output = custos(
        dir.path(),
        &["--bind", "nonsense", "verify", missing.to_str().unwrap()],
        "",
    );
    check(&output, 2, "custos: cannot read");
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "[]").unwrap();
    let output = custos(dir.path(), &["verify", garbage.to_str().unwrap()], "");
    check(&output, 2, "is not a case bundle");
    assert!(
        !dir.path().join("custos.db").exists(),
        "no database was touched"
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_database_and_data_directory_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Under the usual umask, which would leave new files readable by every local user.
    let with_umask_022 = |args: &[&str]| {
        let mut command = Command::new("sh");
        only_data_dir(&mut command, &data)
            .env_remove("RUST_LOG")
            .args(["-c", "umask 022 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_custos"))
            .args(args);
        command
    };
    let mut child = with_umask_022(&["--bind", "127.0.0.1:0", "serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("custos listening on"), "{line:?}");
    let database = data.join("custos.db");
    let modes = [
        mode(&data),
        mode(&database),
        mode(&data.join("custos.db-wal")),
        mode(&data.join("custos.db-shm")),
    ];
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(modes, [0o700, 0o600, 0o600, 0o600]);

    // Made open by hand (or by an earlier custos): narrowed at the next start, with a warning.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = with_umask_022(&["log", "checkpoint"]).output().unwrap();
    check(&output, 0, "(mode 0755); changed to 0700");
    check(&output, 0, "(mode 0644); changed to 0600");
    assert_eq!((mode(&data), mode(&database)), (0o700, 0o600));
}
