//! Who reads which leaf of the log (`GET /api/v1/log/entries/{index}`): a leaf is read like
//! what it records. Draws are public (一公开), so their entries are read by anyone, even
//! without a token; every other entry only by a caller whose scope covers the unit it is
//! about (reviewers, supervisors, admins of that unit or above) or, for an officer or a dock,
//! what it did or holds itself. Any other entry is answered exactly like an index past the end.
//! The policy is written out here, independently of the server's table.

use crate::tree::{Tree, unique};
use crate::world::{Holder, as_uploader, holder, uploaded};
use custos_api::auth::Role;
use custos_tests::recording::{self, DOMAIN};
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json};
use std::collections::HashMap;

/// A caller of the probes: a signed-in user of unit `a`, or nobody.
struct Reader {
    name: String,
    role: Option<Role>,
    id: String,
    token: Option<String>,
}

/// What the test knows of every case and item it made: its unit and who holds it.
#[derive(Default)]
struct Known {
    /// Units in the callers' scope (`a` and `a1`).
    in_scope: Vec<String>,
    /// Case id → (unit, filing officer).
    cases: HashMap<String, (String, String)>,
    /// Item id → (unit, attributed officer, uploader).
    items: HashMap<String, (String, String, String)>,
    /// Upload id (of an upload that never became an item) → (unit, uploader).
    uploads: HashMap<String, (String, String)>,
}

impl Known {
    fn hold(&mut self, holder: &Holder) {
        self.cases.insert(
            holder.case.clone(),
            (holder.unit.clone(), holder.user.id.clone()),
        );
        self.items.insert(
            holder.item.clone(),
            (
                holder.unit.clone(),
                holder.user.id.clone(),
                holder.user.id.clone(),
            ),
        );
    }

    /// The policy: may `reader` read `leaf`?
    fn readable(&self, reader: &Reader, leaf: &Value) -> bool {
        let text = |key: &str| leaf[key].as_str().unwrap_or_default().to_owned();
        let kind = text("type");
        if kind == "draw" {
            return true;
        }
        let Some(role) = reader.role else {
            return false;
        };
        let narrow = matches!(role, Role::Officer | Role::Dock);
        match kind.as_str() {
            "record" | "fork" => {
                let (unit, filer) = &self.cases[&text("case")];
                match role {
                    Role::Officer => *filer == reader.id,
                    Role::Dock => false,
                    _ => self.in_scope.contains(unit),
                }
            }
            "custody" if leaf.get("evidence").is_none() => {
                let (unit, uploader) = &self.uploads[&text("upload")];
                if narrow {
                    *uploader == reader.id
                } else {
                    self.in_scope.contains(unit)
                }
            }
            "custody" => {
                let (unit, officer, uploader) = &self.items[&text("evidence")];
                if narrow {
                    *officer == reader.id || *uploader == reader.id
                } else {
                    self.in_scope.contains(unit)
                }
            }
            "admin" => {
                let mine = text("actor") == reader.id || text("subject") == reader.id;
                self.in_scope.contains(&text("org")) && (mine || !narrow)
            }
            other => panic!("an entry of type {other} has no policy here: add one"),
        }
    }
}

fn get(app: &TestApp, reader: &Reader, index: u64) -> Response {
    let mut request = app.get(&format!("/api/v1/log/entries/{index}"));
    if let Some(token) = &reader.token {
        request = request.bearer_auth(token);
    }
    request.send().expect("request sent")
}

/// A refusal as a reader sees it, with the index taken out: it must not differ from the
/// answer for an index past the end.
fn refusal(response: Response, index: u64) -> (StatusCode, String, Value) {
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let mut body: Value = response.json().expect("problem JSON");
    let detail = body["detail"].as_str().unwrap_or_default();
    body["detail"] = detail.replace(&index.to_string(), "N").into();
    (status, content_type, body)
}

both_backends!(fn log_entries_are_read_like_what_they_record(app) {
    let tree = Tree::build(&app);
    let admin = tree.root_admin.clone();
    let me = holder(&app, &admin, &tree.a);
    let colleague = holder(&app, &admin, &tree.a);
    let mut holders = vec![];
    for unit in [&tree.a1, &tree.b, &tree.b, &tree.root] {
        holders.push(holder(&app, &admin, unit));
    }
    // A public draw of unit b (two certified officers there), made by the root admin.
    let order = json!({"org_id": tree.b, "task": "抽查", "domain": DOMAIN, "count": 1,
        "targets": ["91310000MA1K000001", "91310000MA1K000002"]});
    let response = app.post("/api/v1/draws").bearer_auth(&admin).json(&order).send().unwrap();
    expect_json(response, StatusCode::CREATED);

    let mut readers = vec![Reader {
        name: "officer".into(),
        role: Some(Role::Officer),
        id: me.user.id.clone(),
        token: Some(me.user.token.clone()),
    }];
    for role in [Role::Dock, Role::Reviewer, Role::Supervisor, Role::Admin] {
        let user = recording::user(&app, &unique(&format!("{role}.")), role, &tree.a);
        readers.push(Reader {
            name: role.to_string(),
            role: Some(role),
            id: user.id,
            token: Some(user.token),
        });
    }
    readers.push(Reader { name: "anonymous".into(), role: None, id: String::new(), token: None });

    let mut known = Known { in_scope: vec![tree.a.clone(), tree.a1.clone()], ..Known::default() };
    for holder in [&me, &colleague].into_iter().chain(&holders) {
        known.hold(holder);
        // Its open upload, terminated: a custody entry that names an upload, not an item.
        let uploader = as_uploader(&app, &holder.user);
        let response = uploader.request(Method::DELETE, &holder.upload).send().unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let id = holder.upload.rsplit('/').next().unwrap().to_owned();
        known.uploads.insert(id, (holder.unit.clone(), holder.user.id.clone()));
    }
    // A dock of `a` uploads what `me` wore: both read its custody entry.
    let dock = &readers[1];
    let dock_user = recording::User { id: dock.id.clone(), username: String::new(), token: dock.token.clone().unwrap() };
    let (docked, _) = uploaded(&as_uploader(&app, &dock_user), Some(&me.user.id));
    known.items.insert(docked, (tree.a.clone(), me.user.id.clone(), dock.id.clone()));

    let size = crate::log::checkpoint(&app).size;
    let mut probes = 0;
    let mut leaks = Vec::new();
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
    for reader in &readers {
        let past_end = refusal(get(&app, reader, size + 7), size + 7);
        assert_eq!(past_end.0, StatusCode::NOT_FOUND, "{}", reader.name);
        for index in 0..size {
            let leaf = app.db(|conn| custos_api::db::log::entry(conn, index).unwrap().unwrap().1);
            let entry: Value = serde_json::from_slice(&leaf).unwrap();
            let expected = known.readable(reader, &entry);
            let response = get(&app, reader, index);
            probes += 1;
            let count = counts.entry(&reader.name).or_default();
            if expected {
                count.0 += 1;
                assert_eq!(response.status(), StatusCode::OK, "{} reads {index}: {entry}", reader.name);
                assert_eq!(response.bytes().unwrap().as_ref(), leaf.as_slice());
            } else {
                count.1 += 1;
                let answer = refusal(response, index);
                if answer.0 == StatusCode::OK {
                    leaks.push(format!("{} read {index}: {entry}", reader.name));
                } else {
                    assert_eq!(answer, past_end, "{} on {index}: {entry}", reader.name);
                }
            }
        }
    }
    println!("log entries ({:?}): {probes} probes over {size} entries, {} leaks; (read, refused) per reader: {counts:?}", app.backend, leaks.len());
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    // Every reader reads something and is refused something, so the policy is exercised.
    for reader in &readers {
        let (read, refused) = counts[reader.name.as_str()];
        assert!(read > 0 && refused > 0, "{}: {read} read, {refused} refused", reader.name);
    }

    // A token that is not valid is refused as such, never read as nobody's.
    let response = app.get("/api/v1/log/entries/0").bearer_auth("not a token").send().unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
});
