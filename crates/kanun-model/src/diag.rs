//! Diagnostics: problems found in input, located by line and column, with a code, a message and a hint, and
//! printed rustc-style.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input may still be usable, but probably says something it did not mean.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

/// One problem in one input, at a 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// A stable code: `E001`…, `W101`… (documented in docs/corpus-format.md).
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in lower case, without a final period.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(code: &str, line: u32, column: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            severity: Severity::Error,
            message: message.into(),
            line,
            column,
            hint: None,
        }
    }

    /// A warning.
    pub fn warning(code: &str, line: u32, column: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            severity: Severity::Warning,
            message: message.into(),
            line,
            column,
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Prints the diagnostic rustc-style, quoting the line of `source` it points at:
    ///
    /// ```text
    /// error[E012]: duplicate eId art_3
    ///   --> corpus/tm/x/eng@2022-01-01.md:14:1
    ///    |
    /// 14 | ### Article 3. Scope
    ///    | ^ hint: number articles uniquely
    /// ```
    pub fn render(&self, path: &str, source: Option<&str>) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{level}[{}]: {}\n", self.code, self.message);
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {path}:{}:{}", self.line, self.column);
        let quoted = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1) as usize));
        match quoted {
            Some(text) => {
                let text: String = text.chars().take(200).collect();
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{} | {text}", self.line);
                let caret_col = (self.column.max(1) - 1) as usize;
                let indent: String =
                    text.chars().take(caret_col).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                match &self.hint {
                    Some(h) => {
                        let _ = writeln!(out, "{pad} | {indent}^ hint: {h}");
                    }
                    None => {
                        let _ = writeln!(out, "{pad} | {indent}^");
                    }
                }
            }
            None => {
                if let Some(h) = &self.hint {
                    let _ = writeln!(out, "{pad} = hint: {h}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::error("E012", 2, 5, "duplicate eId art_3").with_hint("number articles uniquely");
        let out = d.render("x.md", Some("line one\n### Article 3\n"));
        assert_eq!(
            out,
            "error[E012]: duplicate eId art_3\n --> x.md:2:5\n  |\n2 | ### Article 3\n  |     ^ hint: number articles uniquely\n"
        );
        let out = Diagnostic::warning("W101", 9, 1, "gap").render("x.md", None);
        assert!(out.starts_with("warning[W101]: gap\n --> x.md:9:1"), "{out}");
    }
}
