//! A minimal tus 1.0.0 client over the test app, for the upload tests: it speaks the protocol
//! header by header so each test can also break it on purpose.

use crate::{Backend, TestApp};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use custos_api::auth::Role;
use custos_core::digest::sha256;
use reqwest::Method;
use reqwest::blocking::{RequestBuilder, Response};

/// A test app whose background work (upload expiry, media analysis) runs every 20 ms rather
/// than every 30 s; `None` as [`crate::TestAppBuilder::start`].
pub fn sweeping_app(backend: Backend) -> Option<TestApp> {
    TestApp::builder(backend)
        .config(|config| config.evidence.sweep_interval_ms = 20)
        .start()
}

/// `Upload-Metadata` from key/value pairs.
pub fn metadata(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{key} {}", BASE64.encode(value)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Metadata declaring `bytes`' true digest, as a device would.
pub fn declaring(bytes: &[u8]) -> String {
    metadata(&[("sha256", &sha256(bytes).to_hex())])
}

/// An uploader (officer or dock) with its access token.
pub struct Uploader<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub user_id: String,
}

impl<'a> Uploader<'a> {
    /// A new user of `role` in `org_id`, logged in.
    pub fn new(app: &'a TestApp, username: &str, role: Role, org_id: &str) -> Uploader<'a> {
        let password = "uploader password";
        let user_id = app.add_user(username, password, role, org_id);
        let token = app.login(username, password).access;
        Uploader {
            app,
            token,
            user_id,
        }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.app
            .request(method, path)
            .bearer_auth(&self.token)
            .header("Tus-Resumable", "1.0.0")
    }

    /// POST creation; returns the response.
    pub fn create(&self, length: u64, upload_metadata: &str) -> Response {
        self.request(Method::POST, "/api/v1/uploads")
            .header("Upload-Length", length.to_string())
            .header("Upload-Metadata", upload_metadata)
            .send()
            .expect("request sent")
    }

    /// POST creation; asserts 201 and returns the upload's path.
    pub fn create_ok(&self, length: u64, upload_metadata: &str) -> String {
        let response = self.create(length, upload_metadata);
        assert_eq!(response.status(), 201, "{:?}", response.text());
        location(&response)
    }

    pub fn patch(&self, path: &str, offset: u64, body: &[u8]) -> Response {
        self.patch_request(path, offset, body)
            .send()
            .expect("request sent")
    }

    pub fn patch_request(&self, path: &str, offset: u64, body: &[u8]) -> RequestBuilder {
        self.request(Method::PATCH, path)
            .header("Upload-Offset", offset.to_string())
            .header("Content-Type", "application/offset+octet-stream")
            .body(body.to_vec())
    }

    pub fn head(&self, path: &str) -> Response {
        self.request(Method::HEAD, path)
            .send()
            .expect("request sent")
    }

    /// The offset HEAD reports.
    pub fn offset(&self, path: &str) -> u64 {
        let response = self.head(path);
        assert_eq!(response.status(), 200);
        header(&response, "upload-offset").parse().unwrap()
    }

    /// Creates an upload of `bytes` (declaring their digest) and sends them in `chunk`-sized
    /// PATCHes; returns the last response.
    pub fn upload(&self, bytes: &[u8], upload_metadata: &str, chunk: usize) -> Response {
        let path = self.create_ok(bytes.len() as u64, upload_metadata);
        let mut offset = 0;
        loop {
            let end = (offset + chunk).min(bytes.len());
            let response = self.patch(&path, offset as u64, &bytes[offset..end]);
            offset = end;
            if offset == bytes.len() || response.status() != 204 {
                return response;
            }
        }
    }
}

pub fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// The path of a created upload (Location may be relative or absolute).
pub fn location(response: &Response) -> String {
    let location = header(response, "location");
    match location.find("/api/") {
        Some(start) => location[start..].to_owned(),
        None => location,
    }
}

/// Deterministic test content of `len` bytes.
pub fn content(seed: u8, len: usize) -> Vec<u8> {
    let mut state = u32::from(seed).wrapping_mul(2_654_435_761) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect()
}
