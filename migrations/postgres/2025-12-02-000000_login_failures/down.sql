DROP TABLE login_failures;
CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    locked_until_us BIGINT NOT NULL,
    last_failure_us BIGINT NOT NULL
);
