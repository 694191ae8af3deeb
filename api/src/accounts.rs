//! Creating the first organisation and admin, and adding users: shared by the command line,
//! the admin routes and the tests.

use crate::auth::{Role, password};
use crate::db::orgs::Organisation;
use crate::db::users::User;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::entry::{AdminEntry, AppendAdmin, action};
use crate::log::{AppendError, Appender};

/// Longest username accepted.
pub const MAX_USERNAME_CHARS: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("custos is already initialised")]
    AlreadyInitialised,
    #[error("organisation {0} does not exist")]
    UnknownOrganisation(String),
    #[error("username {0:?} is taken")]
    UsernameTaken(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
    #[error(transparent)]
    Log(#[from] AppendError),
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> ApiError {
        match error {
            AccountError::AlreadyInitialised | AccountError::UsernameTaken(_) => {
                ApiError::conflict(error.to_string())
            }
            AccountError::UnknownOrganisation(_) | AccountError::Invalid(_) => {
                ApiError::invalid_input(error.to_string())
            }
            AccountError::Database(error) => error.into(),
            AccountError::Log(error) => error.into(),
        }
    }
}

/// Checks a new username: 1 to 64 letters (any script), digits or `._-@`. Nothing that
/// means something to SQL, shells or paths, so usernames are safe in logs and exports.
pub fn validate_username(username: &str) -> Result<(), AccountError> {
    let length = username.chars().count();
    let allowed = |c: char| c.is_alphanumeric() || "._-@".contains(c);
    if length == 0 || length > MAX_USERNAME_CHARS || !username.chars().all(allowed) {
        return Err(AccountError::Invalid(format!(
            "username must be 1 to {MAX_USERNAME_CHARS} letters, digits or ._-@"
        )));
    }
    Ok(())
}

/// A checked, hashed new user, ready to insert. Hashing is slow, so it happens before any
/// transaction opens.
pub struct NewUser {
    pub username: String,
    pub password_hash: String,
    pub role: Role,
}

impl NewUser {
    pub fn new(username: &str, password: &str, role: Role) -> Result<NewUser, AccountError> {
        validate_username(username)?;
        let password_hash =
            password::hash(password).map_err(|error| AccountError::Invalid(error.to_string()))?;
        Ok(NewUser {
            username: username.to_owned(),
            password_hash,
            role,
        })
    }

    /// Inserts the user and appends its `user.create` admin entry.
    fn insert(
        self,
        conn: &mut DbConnection,
        log: &mut Appender,
        actor: Option<&str>,
        org_id: &str,
        now_us: i64,
    ) -> Result<User, AccountError> {
        let role = self.role;
        let user = User {
            id: db::new_id(),
            username: self.username,
            password_hash: self.password_hash,
            role: self.role.as_str().to_owned(),
            org_id: org_id.to_owned(),
            active: true,
            created_at_us: now_us,
            deactivated_at_us: None,
        };
        if db::insert_unique(conn, |conn| db::users::insert(conn, &user))?.is_none() {
            return Err(AccountError::UsernameTaken(user.username));
        }
        AdminEntry {
            action: action::USER_CREATE.into(),
            actor: actor.map(str::to_owned),
            subject: user.id.clone(),
            org: user.org_id.clone(),
            role: Some(role.as_str().into()),
            at_us: now_us,
        }
        .log(conn, log)?;
        Ok(user)
    }
}

/// Creates the root organisation and its first admin; refuses if a root exists. Both are
/// logged as admin entries with no actor (the command line acts).
pub fn initialise(
    conn: &mut DbConnection,
    org_name: &str,
    org_kind: &str,
    admin: NewUser,
    now_us: i64,
) -> Result<(Organisation, User), AccountError> {
    if org_name.trim().is_empty() {
        return Err(AccountError::Invalid(
            "organisation name must not be empty".to_owned(),
        ));
    }
    crate::log::transaction(conn, |conn, log| {
        if db::orgs::root_exists(conn)? {
            return Err(AccountError::AlreadyInitialised);
        }
        let org = db::orgs::insert(conn, None, org_name, org_kind, now_us)?;
        AdminEntry {
            action: action::ORG_CREATE.into(),
            actor: None,
            subject: org.id.clone(),
            org: org.id.clone(),
            role: None,
            at_us: now_us,
        }
        .log(conn, log)?;
        let user = admin.insert(conn, log, None, &org.id, now_us)?;
        Ok((org, user))
    })
}

/// Adds a user to an existing organisation in a transaction of its own (the command line);
/// `actor` is the acting admin's user id, `None` for the command line.
pub fn add_user(
    conn: &mut DbConnection,
    actor: Option<&str>,
    user: NewUser,
    org_id: &str,
    now_us: i64,
) -> Result<User, AccountError> {
    crate::log::transaction(conn, |conn, log| {
        add_user_logged(conn, log, actor, user, org_id, now_us)
    })
}

/// [`add_user`] inside a [`crate::log::commit`] job (an admin route).
pub fn add_user_logged(
    conn: &mut DbConnection,
    log: &mut Appender,
    actor: Option<&str>,
    user: NewUser,
    org_id: &str,
    now_us: i64,
) -> Result<User, AccountError> {
    // The command line on the server host, or an admin route that found the unit in the
    // admin's scope first.
    if db::orgs::find_unscoped(conn, org_id)?.is_none() {
        return Err(AccountError::UnknownOrganisation(org_id.to_owned()));
    }
    user.insert(conn, log, actor, org_id, now_us)
}
