//! End-to-end test support for custos: a [`TestApp`] runs the real server on a loopback port
//! with a fresh database of its own, and [`both_backends!`] runs each test on SQLite and on
//! PostgreSQL.
//!
//! PostgreSQL tests need `CUSTOS_TEST_POSTGRES_URL` (a superuser URL to a maintenance
//! database; `tests/run-postgres.sh` starts a throwaway cluster and sets it). Without it the
//! PostgreSQL variant of every test fails, unless `CUSTOS_TEST_SQLITE_ONLY=1` says to run
//! SQLite only.
//!
//! With `CUSTOS_BLOB_URL=s3://bucket/prefix` in the environment (`tests/run-garage.sh` starts a
//! real S3 server and sets it with the standard `AWS_*` variables), every test app keeps its
//! evidence in that store, each under a prefix of its own, instead of on the local disk;
//! [`TestApp::blob`] and [`TestApp::blob_keys`] read either.

pub mod attention;
pub mod console;
mod postgres;
pub mod proxy;
pub mod raw;
pub mod recording;
pub mod tus;

use actix_web::dev::ServerHandle;
use actix_web::web;
use custos_api::accounts::{self, NewUser};
use custos_api::auth::Role;
use custos_api::config::{Config, DatabaseUrl};
use custos_api::db::DbConnection;
use custos_api::state::AppState;
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::thread::JoinHandle;

pub use postgres::POSTGRES_URL_ENV;
pub use reqwest;
pub use serde_json;

/// `s3://bucket/prefix`: test apps keep their evidence there (see the crate's documentation).
pub const BLOB_URL_ENV: &str = "CUSTOS_BLOB_URL";

/// Set to `1` to run the SQLite half only (the PostgreSQL half then passes without running).
pub const SQLITE_ONLY_ENV: &str = "CUSTOS_TEST_SQLITE_ONLY";

/// Username and password of the admin every initialised test app starts with.
pub const ADMIN_USERNAME: &str = "admin";
pub const ADMIN_PASSWORD: &str = "admin password 1";
/// Name of the root organisation of an initialised test app.
pub const ROOT_ORG_NAME: &str = "Test City";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates a test once per backend, as `NAME::sqlite` and `NAME::postgres`.
///
/// ```text
/// both_backends!(fn login_works(app) {
///     let tokens = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
/// });
/// // For a custom set-up, take the backend and build the app yourself:
/// both_backends!(fn custom(backend: Backend) {
///     let Some(app) = TestApp::builder(backend).uninitialised().start() else { return };
/// });
/// ```
#[macro_export]
macro_rules! both_backends {
    ($(#[$attr:meta])* fn $name:ident($backend:ident : Backend) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $(#[$attr])*
            #[test]
            fn sqlite() {
                let $backend = $crate::Backend::Sqlite;
                $body
            }
            $(#[$attr])*
            #[test]
            fn postgres() {
                let $backend = $crate::Backend::Postgres;
                $body
            }
        }
    };
    ($(#[$attr:meta])* fn $name:ident($app:pat) $body:block) => {
        $crate::both_backends!($(#[$attr])* fn $name(backend: Backend) {
            let Some($app) = $crate::TestApp::builder(backend).start() else {
                return;
            };
            $body
        });
    };
}

/// A change to the configuration of a test app.
pub type ConfigChange = Box<dyn FnOnce(&mut Config)>;

/// How to set up a [`TestApp`].
pub struct TestAppBuilder {
    backend: Backend,
    initialise: bool,
    blobs_from_env: bool,
    adjust: Vec<ConfigChange>,
}

impl TestAppBuilder {
    /// Skip `custos init`: no organisation, no admin.
    pub fn uninitialised(mut self) -> Self {
        self.initialise = false;
        self
    }

    /// Keeps evidence on the local disk even when [`BLOB_URL_ENV`] names an object store: for
    /// what only a local disk can go through (a machine crash taking back unsynced bytes).
    pub fn local_blobs(mut self) -> Self {
        self.blobs_from_env = false;
        self
    }

    /// Changes the configuration before the server starts.
    pub fn config(mut self, adjust: impl FnOnce(&mut Config) + 'static) -> Self {
        self.adjust.push(Box::new(adjust));
        self
    }

    /// Starts the server; `None` only for PostgreSQL when [`SQLITE_ONLY_ENV`] is set.
    pub fn start(self) -> Option<TestApp> {
        let tempdir = tempfile::tempdir().expect("temporary directory");
        let data_dir = tempdir.path().join("data");
        let mut config = Config::for_data_dir(&data_dir);
        if self.blobs_from_env
            && let Some(location) = object_store_from_env()
        {
            config.blob = location;
        }
        let schema = match self.backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let schema = postgres::TestSchema::create()?;
                config.database = DatabaseUrl::Postgres(schema.url.clone());
                Some(schema)
            }
        };
        for adjust in self.adjust {
            adjust(&mut config);
        }
        let state = web::Data::new(
            custos_api::server::prepare(config).expect("test server state prepares"),
        );
        let (root_org_id, admin_id) = if self.initialise {
            let admin = NewUser::new(ADMIN_USERNAME, ADMIN_PASSWORD, Role::Admin).unwrap();
            let mut conn = state.pool.get().expect("database connection");
            let (org, user) = accounts::initialise(
                &mut conn,
                ROOT_ORG_NAME,
                "city",
                admin,
                custos_api::clock::now_us(),
            )
            .expect("initialise");
            (org.id, user.id)
        } else {
            (String::new(), String::new())
        };
        let listener = TcpListener::bind("127.0.0.1:0").expect("loopback port");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (handle_sender, handle_receiver) = std::sync::mpsc::channel();
        let server_state = state.clone();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = custos_api::server::serve(server_state, listener, Some(1))
                    .expect("test server starts");
                handle_sender.send(server.handle()).unwrap();
                server.await.expect("test server runs");
            })
        });
        let handle = handle_receiver.recv().expect("test server handle");
        Some(TestApp {
            base_url,
            data_dir,
            backend: self.backend,
            root_org_id,
            admin_id,
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            handle,
            thread: Some(thread),
            state: Some(state),
            _schema: schema,
            _tempdir: tempdir,
        })
    }
}

/// The object store [`BLOB_URL_ENV`] names, under a fresh prefix of its own.
fn object_store_from_env() -> Option<custos_api::config::BlobLocation> {
    use custos_api::config::BlobLocation;
    let url = std::env::var(BLOB_URL_ENV)
        .ok()
        .filter(|url| !url.is_empty())?;
    match custos_api::config::parse_blob_url(&url).expect("CUSTOS_BLOB_URL parses") {
        BlobLocation::S3 { bucket, prefix } => Some(BlobLocation::S3 {
            bucket,
            prefix: format!(
                "{}/{}",
                prefix.trim_matches('/'),
                uuid::Uuid::new_v4().simple()
            ),
        }),
        other => panic!("{BLOB_URL_ENV} names {other:?}, not an object store"),
    }
}

/// A running custos server with its own data directory and database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub data_dir: PathBuf,
    pub backend: Backend,
    /// Root organisation created by `custos init` (empty when uninitialised).
    pub root_org_id: String,
    /// The first admin's user id (empty when uninitialised).
    pub admin_id: String,
    client: Client,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
    state: Option<web::Data<AppState>>,
    // Dropped after the server stops and the pool closes.
    _schema: Option<postgres::TestSchema>,
    _tempdir: tempfile::TempDir,
}

/// Access and refresh token of a login.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    pub fn builder(backend: Backend) -> TestAppBuilder {
        TestAppBuilder {
            backend,
            initialise: true,
            blobs_from_env: true,
            adjust: Vec::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// POSTs `body` as JSON.
    pub fn post_json(&self, path: &str, body: &Value) -> Response {
        self.post(path).json(body).send().expect("request sent")
    }

    /// GETs `path` with a bearer token.
    pub fn get_as(&self, token: &str, path: &str) -> Response {
        self.get(path)
            .bearer_auth(token)
            .send()
            .expect("request sent")
    }

    /// Logs in and returns the tokens; panics unless the login succeeds.
    pub fn login(&self, username: &str, password: &str) -> Tokens {
        let response = self.post_json(
            "/api/v1/auth/login",
            &json!({"username": username, "password": password}),
        );
        let body = expect_json(response, StatusCode::OK);
        tokens_of(&body)
    }

    /// The log's verifier key as `GET /api/v1/log/verifier-key` serves it, without the
    /// trailing newline: what an outside verifier pins.
    pub fn verifier_key(&self) -> String {
        let response = self
            .get("/api/v1/log/verifier-key")
            .send()
            .expect("request sent");
        assert_eq!(response.status(), StatusCode::OK);
        response
            .text()
            .expect("verifier key text")
            .trim()
            .to_owned()
    }

    /// The served verifier key, parsed to check the log's signed checkpoints.
    pub fn log_verifier(&self) -> custos_core::note::NoteVerifier {
        custos_core::note::NoteVerifier::from_verifier_key(&self.verifier_key())
            .expect("the served verifier key parses")
    }

    /// An access token of the initial admin.
    pub fn admin_token(&self) -> String {
        self.login(ADMIN_USERNAME, ADMIN_PASSWORD).access
    }

    /// Adds a user directly (as `custos user add` does) and returns its id.
    pub fn add_user(&self, username: &str, password: &str, role: Role, org_id: &str) -> String {
        let user = NewUser::new(username, password, role).expect("valid new user");
        let org_id = org_id.to_owned();
        self.db(move |conn| {
            accounts::add_user(conn, None, user, &org_id, custos_api::clock::now_us())
                .expect("user added")
                .id
        })
    }

    /// Runs `work` on a connection to this app's database.
    pub fn db<T>(&self, work: impl FnOnce(&mut DbConnection) -> T) -> T {
        let mut conn = self.state().pool.get().expect("database connection");
        work(&mut conn)
    }

    /// The bytes stored at `key` in the app's blob store, if any.
    pub fn blob(&self, key: &str) -> Option<Vec<u8>> {
        match self.state().evidence.blobs.get_small(key) {
            Ok(bytes) => Some(bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => panic!("reading blob {key}: {error}"),
        }
    }

    /// The keys under `prefix` in the app's blob store.
    pub fn blob_keys(&self, prefix: &str) -> Vec<String> {
        self.state()
            .evidence
            .blobs
            .keys(prefix)
            .expect("listing blobs")
    }

    /// The server's shared state (configuration, keys, pool).
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("running")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // `stop` sends its command at once; the thread ends when the server has stopped.
        drop(self.handle.stop(true));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.state = None;
    }
}

/// The tokens of a login or refresh response body.
pub fn tokens_of(body: &Value) -> Tokens {
    assert_eq!(body["token_type"], "Bearer", "{body}");
    Tokens {
        access: body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned(),
        refresh: body["refresh_token"]
            .as_str()
            .expect("refresh_token")
            .to_owned(),
    }
}

/// Asserts the status and returns the JSON body.
pub fn expect_json(response: Response, status: StatusCode) -> Value {
    let got = response.status();
    let text = response.text().expect("response body");
    assert_eq!(got, status, "body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// Asserts an RFC 9457 problem response of `status` and type `…/problems/<slug>`; returns it.
pub fn expect_problem(response: Response, status: StatusCode, slug: &str) -> Value {
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or_default().to_owned());
    let body = expect_json(response, status);
    assert_eq!(
        content_type.as_deref(),
        Some(custos_api::error::PROBLEM_JSON),
        "{body}"
    );
    assert_eq!(
        body["type"],
        format!("{}{slug}", custos_api::error::PROBLEM_BASE),
        "{body}"
    );
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert!(
        body["title"].is_string() && body["detail"].is_string(),
        "{body}"
    );
    body
}
