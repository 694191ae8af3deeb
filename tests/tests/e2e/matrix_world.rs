//! The callers and targets of the authorisation matrix (`matrix`): callers of every role in
//! unit `a`, and in every unit of the tree an officer holding a certificate, a phone, a case,
//! an evidence item, an open upload and a draw that sends it, so that each route has a target
//! that is the caller's own, a colleague's in its unit, and one in a child, a sibling and the
//! parent unit.

use crate::tree::{Tree, create_user, enrol_device, issue_certificate, post_as, unique};
use crate::world::{Holder, as_uploader, certified, holder, uploaded};
use custos_api::auth::Role;
use custos_tests::recording::{self, DOMAIN, User};
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::declaring;
use custos_tests::{TestApp, expect_json};

/// Who calls: a user of each role in unit `a`, or nobody.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Officer,
    Dock,
    Reviewer,
    Supervisor,
    Admin,
    Anonymous,
}

impl Who {
    pub const ALL: [Who; 6] = [
        Who::Officer,
        Who::Dock,
        Who::Reviewer,
        Who::Supervisor,
        Who::Admin,
        Who::Anonymous,
    ];

    pub fn role(self) -> Option<Role> {
        match self {
            Who::Officer => Some(Role::Officer),
            Who::Dock => Some(Role::Dock),
            Who::Reviewer => Some(Role::Reviewer),
            Who::Supervisor => Some(Role::Supervisor),
            Who::Admin => Some(Role::Admin),
            Who::Anonymous => None,
        }
    }

    pub fn name(self) -> &'static str {
        self.role().map_or("anonymous", Role::as_str)
    }
}

/// Where the target lies relative to the caller (of unit `a`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    /// The caller's own (its account, case, item, upload, phone; its unit for unit routes).
    Mine,
    /// A colleague's in the caller's unit.
    Colleague,
    Child,
    Sibling,
    Parent,
}

impl Rel {
    pub const ALL: [Rel; 5] = [
        Rel::Mine,
        Rel::Colleague,
        Rel::Child,
        Rel::Sibling,
        Rel::Parent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rel::Mine => "own",
            Rel::Colleague => "colleague",
            Rel::Child => "child",
            Rel::Sibling => "sibling",
            Rel::Parent => "parent",
        }
    }

    /// In the caller's units: its own and the ones below.
    pub fn in_units(self) -> bool {
        matches!(self, Rel::Mine | Rel::Colleague | Rel::Child)
    }
}

pub struct World<'a> {
    pub app: &'a TestApp,
    pub tree: Tree,
    /// The callers, in [`Who::ALL`] order but for `Anonymous`.
    pub callers: Vec<User>,
    /// The officer caller's holdings.
    pub me: Holder,
    pub colleague: Holder,
    pub child: Holder,
    pub sibling: Holder,
    pub parent: Holder,
    /// An item the dock caller uploaded for the officer caller.
    pub docked: (String, String),
    /// Draws by relation: one of `a` sending the officer caller, one of `a` not sending it,
    /// then one each of `a1`, `b` and the root.
    pub draws: [String; 5],
    /// 案卷评查 campaigns of `a`, `a1`, `b` and the root, each over a closed case of its unit:
    /// `(campaign, case)`.
    pub reviews: [(String, String); 4],
}

impl<'a> World<'a> {
    pub fn build(app: &'a TestApp) -> World<'a> {
        let tree = Tree::build(app);
        let admin = tree.root_admin.clone();
        let me = holder(app, &admin, &tree.a);
        let colleague = holder(app, &admin, &tree.a);
        let child = holder(app, &admin, &tree.a1);
        let sibling = holder(app, &admin, &tree.b);
        let parent = holder(app, &admin, &tree.root);
        let mut callers = vec![me.user.clone()];
        for role in [Role::Dock, Role::Reviewer, Role::Supervisor, Role::Admin] {
            let username = unique(&format!("{role}."));
            callers.push(recording::user(app, &username, role, &tree.a));
        }
        let docked = uploaded(&as_uploader(app, &callers[1]), Some(&me.user.id));
        let team = |unit: &str, first: &str| vec![first.to_owned(), certified(app, &admin, unit)];
        let teams = [
            (
                tree.a.clone(),
                vec![me.user.id.clone(), colleague.user.id.clone()],
            ),
            (
                tree.a.clone(),
                vec![colleague.user.id.clone(), child.user.id.clone()],
            ),
            (tree.a1.clone(), team(&tree.a1, &child.user.id)),
            (tree.b.clone(), team(&tree.b, &sibling.user.id)),
            (tree.root.clone(), team(&tree.root, &parent.user.id)),
        ];
        let draws = teams.map(|(unit, inspectors)| {
            let mut order = draw_order(&unit);
            order["inspectors"] = json!(inspectors);
            let draw = expect_json(
                post_as(app, &admin, "/api/v1/draws", &order),
                StatusCode::CREATED,
            );
            draw["id"].as_str().unwrap().to_owned()
        });
        let reviews = [&tree.a, &tree.a1, &tree.b, &tree.root].map(|unit| {
            let case = closed_case(app, &admin, unit);
            let opened = expect_json(
                post_as(
                    app,
                    &admin,
                    "/api/v1/supervision/reviews",
                    &review_order(unit, &case),
                ),
                StatusCode::CREATED,
            );
            (opened["id"].as_str().unwrap().to_owned(), case)
        });
        World {
            app,
            tree,
            callers,
            me,
            colleague,
            child,
            sibling,
            parent,
            docked,
            draws,
            reviews,
        }
    }

    pub fn admin(&self) -> &str {
        &self.tree.root_admin
    }

    pub fn caller(&self, who: Who) -> Option<&User> {
        match who {
            Who::Anonymous => None,
            who => Some(&self.callers[who as usize]),
        }
    }

    pub fn token(&self, who: Who) -> Option<&str> {
        self.caller(who).map(|user| user.token.as_str())
    }

    /// The campaign and its case in the unit related by `rel`.
    pub fn review(&self, rel: Rel) -> &(String, String) {
        match rel {
            Rel::Mine | Rel::Colleague => &self.reviews[0],
            Rel::Child => &self.reviews[1],
            Rel::Sibling => &self.reviews[2],
            Rel::Parent => &self.reviews[3],
        }
    }

    /// The unit of targets related by `rel`.
    pub fn unit(&self, rel: Rel) -> &str {
        match rel {
            Rel::Mine | Rel::Colleague => &self.tree.a,
            Rel::Child => &self.tree.a1,
            Rel::Sibling => &self.tree.b,
            Rel::Parent => &self.tree.root,
        }
    }

    /// The officer holding targets related by `rel`; for `Mine`, only the officer caller
    /// holds cases, certificates and phones.
    pub fn holder(&self, who: Who, rel: Rel) -> Option<&Holder> {
        match rel {
            Rel::Mine => (who == Who::Officer).then_some(&self.me),
            Rel::Colleague => Some(&self.colleague),
            Rel::Child => Some(&self.child),
            Rel::Sibling => Some(&self.sibling),
            Rel::Parent => Some(&self.parent),
        }
    }

    /// A user related by `rel`: for `Mine`, the caller's own account.
    pub fn user(&self, who: Who, rel: Rel) -> Option<String> {
        match rel {
            Rel::Mine => self.caller(who).map(|user| user.id.clone()),
            _ => self.holder(who, rel).map(|holder| holder.user.id.clone()),
        }
    }

    /// An item related by `rel` and its digest: for `Mine`, the officer's own or the one the
    /// dock uploaded.
    pub fn item(&self, who: Who, rel: Rel) -> Option<(String, String)> {
        match (who, rel) {
            (Who::Dock, Rel::Mine) => Some(self.docked.clone()),
            _ => self
                .holder(who, rel)
                .map(|holder| (holder.item.clone(), holder.digest.clone())),
        }
    }

    /// A new item related by `rel`, for the routes that change an item.
    pub fn fresh_item(&self, who: Who, rel: Rel) -> Option<String> {
        match (who, rel) {
            (Who::Dock, Rel::Mine) => {
                let dock = as_uploader(self.app, &self.callers[1]);
                Some(uploaded(&dock, Some(&self.me.user.id)).0)
            }
            _ => self
                .holder(who, rel)
                .map(|holder| uploaded(&as_uploader(self.app, &holder.user), None).0),
        }
    }

    /// An open upload related by `rel` (its path): for `Mine`, a new one of the caller's
    /// (officer or dock); otherwise the holder's.
    pub fn upload(&self, who: Who, rel: Rel) -> Option<String> {
        match (who, rel) {
            (Who::Officer | Who::Dock, Rel::Mine) => {
                let user = self.caller(who)?;
                let uploader = as_uploader(self.app, user);
                let bytes = [7u8; 16];
                let mut upload_metadata = declaring(&bytes);
                if who == Who::Dock {
                    let wearer = custos_tests::tus::metadata(&[("wearer", &self.me.user.id)]);
                    upload_metadata = format!("{upload_metadata},{wearer}");
                }
                Some(uploader.create_ok(16, &upload_metadata))
            }
            (_, Rel::Mine) => None,
            _ => self.holder(who, rel).map(|holder| holder.upload.clone()),
        }
    }

    /// A new user of `rel`'s unit (not `Mine`: a caller is not deactivated).
    pub fn fresh_user(&self, rel: Rel) -> Option<String> {
        (rel != Rel::Mine).then(|| {
            create_user(
                self.app,
                self.admin(),
                &unique("fresh."),
                Role::Officer,
                self.unit(rel),
            )
        })
    }

    /// A new certificate of the officer related by `rel`.
    pub fn fresh_certificate(&self, who: Who, rel: Rel) -> Option<String> {
        let holder = self.holder(who, rel)?;
        Some(issue_certificate(
            self.app,
            self.admin(),
            &holder.user.id,
            &unique("F-"),
        ))
    }

    /// A new phone of the officer related by `rel`.
    pub fn fresh_device(&self, who: Who, rel: Rel) -> Option<String> {
        let holder = self.holder(who, rel)?;
        Some(
            enrol_device(
                self.app,
                self.admin(),
                "phone",
                &holder.unit,
                Some(&holder.user.id),
            )
            .0,
        )
    }

    /// A draw related by `rel`: for `Mine`, one that sends the officer caller.
    pub fn draw(&self, who: Who, rel: Rel) -> Option<&str> {
        match (who, rel) {
            (Who::Officer, Rel::Mine) => Some(&self.draws[0]),
            (_, Rel::Mine) => None,
            (_, rel) => Some(&self.draws[rel as usize]),
        }
    }

    /// Sends a request as `who`, JSON `body` if any, with extra `headers`.
    pub fn send(
        &self,
        who: Who,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, String)],
    ) -> Response {
        let mut request = self.app.request(method, path);
        if let Some(token) = self.token(who) {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().expect("request sent")
    }
}

/// A case of `unit` filed, decided and closed by a certified officer of its own.
fn closed_case(app: &TestApp, admin: &str, unit: &str) -> String {
    let officer = recording::user(app, &unique("closer."), Role::Officer, unit);
    recording::certify(app, admin, &officer.id, &unique("C-"));
    let partner = certified(app, admin, unit);
    let case = unique("case-closed-");
    let mut phone = recording::Phone::generated(&case);
    recording::enrol(app, admin, &phone, unit, &officer.id);
    let records: Vec<_> = (0..recording::ORDINARY_CASE.len())
        .map(|n| phone.sign(&recording::ordinary_step(n, &officer.id, &partner)))
        .collect();
    let answer = recording::submit(app, &officer.token, &records.iter().collect::<Vec<_>>());
    assert!(
        recording::outcomes(&answer).iter().all(|o| o == "accepted"),
        "{answer}"
    );
    case
}

/// A 案卷评查 campaign over `unit` reviewing `case`, closed in March 2026.
pub fn review_order(unit: &str, case: &str) -> Value {
    json!({
        "org_id": unit,
        "title": "矩阵评查",
        "from_us": 0,
        "to_us": 4_102_444_800_000_000i64,
        "cases": [case],
    })
}

/// A draw of one of two shops for `unit`.
pub fn draw_order(unit: &str) -> Value {
    json!({
        "org_id": unit,
        "task": "双随机抽查",
        "domain": DOMAIN,
        "count": 1,
        "targets": ["91310000MA1K000001", "91310000MA1K000002"],
    })
}
