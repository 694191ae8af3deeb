//! A TCP proxy between a test server and PostgreSQL that can do to the server's connections
//! what a database restart does: cut every open connection, and refuse new ones until told
//! otherwise. Deterministic, and the shared test cluster itself is never touched.

use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct Proxy {
    address: SocketAddr,
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    refusing: AtomicBool,
    stopped: AtomicBool,
    /// Both ends of every proxied connection, to cut them.
    open: Mutex<Vec<TcpStream>>,
}

impl Proxy {
    /// A proxy on a loopback port forwarding to `upstream`.
    pub fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("loopback port");
        let address = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let accepting = shared.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if accepting.stopped.load(Ordering::Acquire) {
                    break;
                }
                // Refusing: accepted and closed at once, as a server going down does.
                let Ok(client) = client else { continue };
                if accepting.refusing.load(Ordering::Acquire) {
                    continue;
                }
                if let Ok(server) = TcpStream::connect(upstream) {
                    let _ = accepting.forward(client, server);
                }
            }
        });
        Proxy { address, shared }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Closes every proxied connection, as a database restart does.
    pub fn cut(&self) {
        for stream in self.shared.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// While `refusing`, every new connection is closed as soon as it is accepted.
    pub fn refuse(&self, refusing: bool) {
        self.shared.refusing.store(refusing, Ordering::Release);
    }
}

impl Shared {
    fn forward(&self, client: TcpStream, server: TcpStream) -> io::Result<()> {
        let mut open = self.open.lock().unwrap();
        open.push(client.try_clone()?);
        open.push(server.try_clone()?);
        for (mut from, mut to) in [(client.try_clone()?, server.try_clone()?), (server, client)] {
            std::thread::spawn(move || {
                let _ = io::copy(&mut from, &mut to);
                let _ = to.shutdown(Shutdown::Write);
            });
        }
        Ok(())
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::Release);
        self.cut();
        // Wakes the accepting thread so it sees `stopped`.
        let _ = TcpStream::connect(self.address);
    }
}
