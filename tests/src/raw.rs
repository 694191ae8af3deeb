//! Raw TCP against the real server, for what an HTTP client library would not send: heads
//! that trickle, never end, are too large or are not HTTP at all.

use crate::TestApp;
use std::io::Read;
use std::net::TcpStream;
use std::time::Duration;

/// A connection to `app` with a read timeout that only bounds a broken server.
pub fn connect(app: &TestApp) -> TcpStream {
    let stream = TcpStream::connect(app.base_url.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
}

/// Everything the server sends until it closes the connection (a reset after its answer,
/// from bytes the client sent after it, ends the reading too).
pub fn until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(error) => panic!("no answer: {error}"),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}
