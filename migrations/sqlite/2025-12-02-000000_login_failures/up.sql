-- Failed logins counted per client address and account together, and per client address
-- across all accounts (account = ''; no account has an empty name), instead of per account
-- alone: a stranger's failures slow down that stranger, never the account's owner at another
-- address. What `failures` and `at_us` mean for each kind is in api/src/auth/throttle.rs.
-- The old per-account counts are dropped: they only ever delayed logins.
DROP TABLE login_throttle;
CREATE TABLE login_failures (
    address TEXT NOT NULL,
    account TEXT NOT NULL,
    failures INTEGER NOT NULL,
    at_us BIGINT NOT NULL,
    PRIMARY KEY (address, account)
);
