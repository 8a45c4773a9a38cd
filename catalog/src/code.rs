//! The national code of a procedure (mã thủ tục): `1.001193`, `1.001193.01`,
//! `2.000815.000.00.00.H55`. Checked when it is made, so a code in the domain is always one.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;

/// A procedure code: digits, a dot, six digits, then any dot-separated letters and digits.
/// Compares, hashes and prints as its text; a map keyed by it is looked up by `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProcedureCode(String);

/// Why a text is not a procedure code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotACode(pub String);

impl fmt::Display for NotACode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a procedure code: the national catalogue's code looks like \"1.001193\" or \"2.000815.000.00.00.H55\"",
            self.0
        )
    }
}

impl std::error::Error for NotACode {}

impl ProcedureCode {
    /// Whether `code` has the shape of a national procedure code.
    pub fn is_valid(code: &str) -> bool {
        let mut parts = code.split('.');
        let first = parts.next().unwrap_or("");
        let second = parts.next().unwrap_or("");
        !first.is_empty()
            && first.bytes().all(|b| b.is_ascii_digit())
            && second.len() == 6
            && second.bytes().all(|b| b.is_ascii_digit())
            && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProcedureCode {
    type Error = NotACode;

    fn try_from(code: String) -> Result<ProcedureCode, NotACode> {
        if ProcedureCode::is_valid(&code) {
            Ok(ProcedureCode(code))
        } else {
            Err(NotACode(code))
        }
    }
}

impl TryFrom<&str> for ProcedureCode {
    type Error = NotACode;

    fn try_from(code: &str) -> Result<ProcedureCode, NotACode> {
        ProcedureCode::try_from(code.to_string())
    }
}

impl std::str::FromStr for ProcedureCode {
    type Err = NotACode;

    fn from_str(code: &str) -> Result<ProcedureCode, NotACode> {
        ProcedureCode::try_from(code)
    }
}

impl From<ProcedureCode> for String {
    fn from(code: ProcedureCode) -> String {
        code.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// As its text, like the string it replaced: the incremental build hashes debug output.
impl fmt::Debug for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl AsRef<str> for ProcedureCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for ProcedureCode {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ProcedureCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ProcedureCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// In a content file a code is a string; its shape is checked when the file is read.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for ProcedureCode {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProcedureCode".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn accepts_the_catalogue_s_codes_only() {
        for ok in [
            "1.001193",
            "1.001193.01",
            "2.000815.000.00.00.H55",
            "3.000123",
        ] {
            assert_eq!(
                ProcedureCode::try_from(ok).map(|c| c.to_string()),
                Ok(ok.to_string())
            );
        }
        for bad in [
            "",
            "1.00119",
            "x.001193",
            "1.001193.",
            "1-001193",
            " 1.001193",
        ] {
            assert_eq!(
                ProcedureCode::try_from(bad),
                Err(NotACode(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn reads_and_writes_as_a_string_and_is_looked_up_by_str() {
        #[derive(Deserialize, Serialize)]
        struct One {
            code: ProcedureCode,
        }
        let one: One = toml::from_str("code = \"1.001193\"").expect("a code");
        assert_eq!(
            toml::to_string(&one).expect("toml"),
            "code = \"1.001193\"\n"
        );
        let e = toml::from_str::<One>("code = \"1.00119\"")
            .err()
            .expect("refused");
        assert!(
            e.message().contains("`1.00119` is not a procedure code"),
            "{e}"
        );
        let map: BTreeMap<ProcedureCode, u8> = [(one.code, 1)].into();
        assert_eq!(map.get("1.001193"), Some(&1));
    }
}
