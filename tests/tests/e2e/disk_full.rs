//! A disk near or past full: `/readyz` fails below the free-space floor with the free bytes in
//! a metric, and an upload whose declared length does not fit above the floor is refused at
//! creation with 507 and Retry-After, before any byte is sent. (Writes that meet ENOSPC
//! itself need a full file system: `tests/faults/fault-disk` fills a small tmpfs.)

use custos_api::auth::Role;
use custos_tests::reqwest::StatusCode;
use custos_tests::tus::{Uploader, content, declaring};
use custos_tests::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, both_backends, expect_problem};

/// A floor no test machine's disk reaches.
const UNREACHABLE_FLOOR: u64 = 1 << 60;

both_backends!(
    fn below_the_floor_readyz_fails_and_uploads_are_refused_at_creation(backend: Backend) {
        // The floor guards the local disk evidence is staged on; an object store has none.
        let Some(app) = TestApp::builder(backend)
            .local_blobs()
            .config(|config| config.free_space_floor_bytes = UNREACHABLE_FLOOR)
            .start()
        else {
            return;
        };
        let readyz = app.get("/readyz").send().unwrap();
        assert!(readyz.headers().contains_key("retry-after"));
        let body = expect_problem(readyz, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        assert!(
            !body["detail"].as_str().unwrap().contains('/'),
            "no path in {body}"
        );

        let metrics = app.get("/metrics").send().unwrap().text().unwrap();
        for volume in ["data", "blobs"] {
            let node = &app.state().config.node.name;
            let prefix = format!("custos_disk_free_bytes{{volume=\"{volume}\",node=\"{node}\"}} ");
            let line = metrics.lines().find(|line| line.starts_with(&prefix));
            let free: u64 = line.unwrap_or_else(|| panic!("no {prefix} in\n{metrics}"))
                [prefix.len()..]
                .parse()
                .unwrap();
            assert!(free > 0);
        }
        let floor = metrics
            .lines()
            .find_map(|line| {
                line.strip_prefix("custos_disk_free_floor_bytes{node=")?
                    .split(' ')
                    .nth(1)
            })
            .unwrap_or_else(|| panic!("no floor in\n{metrics}"));
        assert_eq!(floor.parse::<f64>().unwrap(), UNREACHABLE_FLOOR as f64);

        // Nothing is staged: the client learns before it sends its bytes.
        let officer = Uploader::new(&app, "officer", Role::Officer, &app.root_org_id);
        let bytes = content(1, 1000);
        let refused = officer.create(bytes.len() as u64, &declaring(&bytes));
        assert_eq!(refused.headers()["retry-after"], "10");
        expect_problem(
            refused,
            StatusCode::INSUFFICIENT_STORAGE,
            "insufficient-storage",
        );
        assert_eq!(
            std::fs::read_dir(app.data_dir.join("blobs/uploads")).map_or(0, |dir| dir.count()),
            0
        );
        // Reads and logins still work: the floor only keeps room, the disk is not full.
        app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    }
);

both_backends!(
    fn above_the_floor_only_uploads_that_fit_are_created(backend: Backend) {
        let Some(app) = TestApp::builder(backend)
            .local_blobs()
            .config(|config| config.evidence.upload_max_bytes = i64::MAX as u64)
            .start()
        else {
            return;
        };
        let officer = Uploader::new(&app, "officer", Role::Officer, &app.root_org_id);
        assert_eq!(app.get("/readyz").send().unwrap().status(), StatusCode::OK);
        let bytes = content(2, 1000);
        assert_eq!(
            officer
                .create(bytes.len() as u64, &declaring(&bytes))
                .status(),
            StatusCode::CREATED
        );
        // Within Tus-Max-Size but beyond any machine's free space.
        let refused = officer.create(1 << 60, &declaring(&bytes));
        expect_problem(
            refused,
            StatusCode::INSUFFICIENT_STORAGE,
            "insufficient-storage",
        );
    }
);
