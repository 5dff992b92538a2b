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
    /// A disabled user cannot sign in (their notes keep their name); an admin enables them again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

/// Checks a login name: 1 to 64 characters, letters, digits, `.`, `-`, `_` and `@`, the letters of one script (no
/// Cyrillic «а» in a Latin name), and not `local` (reserved for local mode). The error says what to change.
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
    if name.eq_ignore_ascii_case(LOCAL_NAME) {
        return Err(format!(
            "{name:?} is reserved: it signs the notes written in local mode; choose another name"
        ));
    }
    let scripts: std::collections::BTreeSet<&str> = name.chars().filter_map(script).collect();
    if scripts.len() > 1 {
        let list: Vec<&str> = scripts.into_iter().collect();
        return Err(format!(
            "{name:?} mixes letters of several scripts ({}): such a name can pass for another (a Cyrillic «а» \
             in a Latin name looks like «a»); write it in one script",
            list.join(", ")
        ));
    }
    Ok(())
}

/// The name that signs what the one user of local mode writes (without a name of their own); no user of team
/// mode may take it.
pub const LOCAL_NAME: &str = "local";

/// The script of a letter, for telling names that mix scripts (`None` for digits and punctuation).
fn script(c: char) -> Option<&'static str> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => "Latin",
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => "Cyrillic",
        0x0530..=0x058F => "Armenian",
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF | 0x0750..=0x077F => "Arabic",
        0x3040..=0x30FF => "Kana",
        0x4E00..=0x9FFF => "Han",
        _ => "other",
    })
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
        // Reserved for local mode, in any case.
        assert!(validate_name("local").unwrap_err().contains("reserved"));
        assert!(validate_name("LOCAL").is_err());
        // A Cyrillic «а» in a Latin name; Turkmen Latin letters are Latin.
        assert!(validate_name("\u{430}dmin1").unwrap_err().contains("Cyrillic, Latin"));
        assert!(validate_name("Aýnabat.Öwezowa").is_ok());
        assert!(validate_name("Айна-2").is_ok());
    }
}
