//! Who is calling: passwords, access and refresh tokens, login throttling, roles, and the
//! [`Caller`] extractor every protected handler takes.

pub mod caller;
pub mod password;
pub mod role;
pub mod throttle;
pub mod tokens;

pub use caller::{Caller, MaybeCaller};
pub use role::Role;
