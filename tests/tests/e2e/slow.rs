//! Slow clients: a request whose head or body does not arrive in time is answered 408 and its
//! connection closed, through raw TCP sockets against the real server; an evidence upload
//! may take longer than the body timeout as long as its bytes keep flowing.

use custos_api::auth::Role;
use custos_tests::raw::{connect, until_closed};
use custos_tests::tus::{Uploader, declaring};
use custos_tests::{Backend, TestApp, both_backends};
use std::io::Write;
use std::time::Duration;

/// A test app that gives a request's head 1 s, judges bodies over windows of 300 ms at 100
/// bytes per second at least, and gives a body other than an upload 1 s.
fn impatient_app(backend: Backend) -> Option<TestApp> {
    TestApp::builder(backend)
        .config(|config| {
            config.http.head_timeout = Duration::from_secs(1);
            config.http.body_timeout = Duration::from_secs(1);
            config.http.body_rate_window = Duration::from_millis(300);
            config.http.body_min_rate = 100;
        })
        .start()
}

fn check_timeout(answer: &str) {
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(
        answer.contains("https://custos.dev/problems/request-timeout"),
        "{answer}"
    );
}

const LOGIN_HEAD: &str = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n\
                          Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";

both_backends!(
    fn a_body_that_never_comes_is_408_and_closed(backend: Backend) {
        let Some(app) = impatient_app(backend) else {
            return;
        };
        let mut stream = connect(&app);
        stream.write_all(LOGIN_HEAD.as_bytes()).unwrap();
        check_timeout(&until_closed(&mut stream));
    }
);

both_backends!(
    fn a_trickled_body_is_408_and_closed(backend: Backend) {
        let Some(app) = impatient_app(backend) else {
            return;
        };
        let mut stream = connect(&app);
        stream.write_all(LOGIN_HEAD.as_bytes()).unwrap();
        let mut writer = stream.try_clone().unwrap();
        // One byte every 50 ms: 20 bytes a second, below the 100 required.
        let trickle = std::thread::spawn(move || {
            for _ in 0..100 {
                if writer.write_all(b" ").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        check_timeout(&until_closed(&mut stream));
        trickle.join().unwrap();
    }
);

both_backends!(
    fn a_body_past_its_timeout_is_408_even_at_a_good_rate(backend: Backend) {
        let Some(app) = impatient_app(backend) else {
            return;
        };
        let mut stream = connect(&app);
        let head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n\
                Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        let mut writer = stream.try_clone().unwrap();
        // 40 bytes every 50 ms, 800 a second: fast enough, but 60,000 bytes take 75 seconds.
        let trickle = std::thread::spawn(move || {
            for _ in 0..2500 {
                if writer.write_all(&[b' '; 40]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        check_timeout(&until_closed(&mut stream));
        drop(trickle);
    }
);

both_backends!(
    fn a_trickled_head_is_cut_off(backend: Backend) {
        let Some(app) = impatient_app(backend) else {
            return;
        };
        let mut stream = connect(&app);
        let mut writer = stream.try_clone().unwrap();
        let trickle = std::thread::spawn(move || {
            for byte in LOGIN_HEAD.bytes().cycle().take(600) {
                if writer.write_all(&[byte]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        // actix answers 408 (a problem, through `wire`) and closes once the head timeout
        // passes; the head never completes. It may also close with no answer when the
        // timeout passes between two requests of the cycled head.
        let answer = until_closed(&mut stream);
        if !answer.is_empty() {
            check_timeout(&answer);
        }
        drop(trickle);
    }
);

both_backends!(
    fn an_upload_may_outlast_the_body_timeout_while_bytes_flow(backend: Backend) {
        let Some(app) = impatient_app(backend) else {
            return;
        };
        let uploader = Uploader::new(&app, "officer", Role::Officer, &app.root_org_id);
        let bytes = vec![7u8; 4000];
        let path = uploader.create_ok(bytes.len() as u64, &declaring(&bytes));
        let mut stream = connect(&app);
        write!(
        stream,
        "PATCH {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n\
         Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        uploader.token,
        bytes.len()
    )
    .unwrap();
        // 200 bytes every 50 ms, 4,000 a second, for two seconds: twice the body timeout.
        for chunk in bytes.chunks(200) {
            stream.write_all(chunk).unwrap();
            std::thread::sleep(Duration::from_millis(50));
        }
        let answer = until_closed(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
        assert!(
            answer.to_ascii_lowercase().contains("custos-evidence-id"),
            "{answer}"
        );
    }
);
