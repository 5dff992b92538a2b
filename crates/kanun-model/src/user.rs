//! The people of a team-mode server: users with a role. Roles are ordered: each may do what the ones before it may.

use serde::{Deserialize, Serialize};

crate::word_enum!(
    /// What a user may do. `Reader < Reviewer < Drafter < Admin`: each role includes the ones before it.
    Role {
        /// Reads laws, drafts, annotations and the report.
        Reader = "reader",
        /// Also writes annotations: comments, gaps, recommendations, replies, status changes.
        Reviewer = "reviewer",
        /// Also uploads and removes drafts, and edits others' annotations.
        Drafter = "drafter",
        /// Also manages users.
        Admin = "admin",
    }
);

impl Role {
    /// Whether this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// A user of a team-mode server. The password is kept only as an argon2 PHC string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The login name.
    pub name: String,
    /// The role.
    pub role: Role,
    /// The password hash (PHC string: `$argon2id$…`).
    pub password_hash: String,
    /// When the user was added (RFC 3339).
    pub created: String,
}

/// Checks a login name: 1 to 64 characters, letters, digits, `.`, `-`, `_` and `@`. The error says what to change.
pub fn validate_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if n == 0 || n > 64 {
        return Err(format!("a user name has 1 to 64 characters; {name:?} has {n}"));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))) {
        return Err(format!(
            "a user name may use letters, digits, '.', '-', '_' and '@'; {name:?} contains {c:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_spelled() {
        assert!(Role::Admin.allows(Role::Drafter));
        assert!(Role::Drafter.allows(Role::Reviewer));
        assert!(!Role::Reviewer.allows(Role::Drafter));
        assert!(!Role::Reader.allows(Role::Reviewer));
        assert_eq!("drafter".parse::<Role>(), Ok(Role::Drafter));
        assert!("boss".parse::<Role>().unwrap_err().contains("reader, reviewer, drafter, admin"));
    }

    #[test]
    fn names_are_checked() {
        assert!(validate_name("a.durdyyewa").is_ok());
        assert!(validate_name("Дурдыева").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name("a b").unwrap_err().contains("' '"));
        assert!(validate_name(&"x".repeat(65)).is_err());
    }
}
