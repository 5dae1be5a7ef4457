//! The fields of an account a person types: the username and the e-mail address. Shared by the
//! "new account" form, the person's page and the spreadsheet import of managers, so an account
//! is the same whichever way it came.

/// Fewest and most characters of a username.
pub const USERNAME_CHARS: std::ops::RangeInclusive<usize> = 3..=50;
/// Most characters of a full name and of an e-mail address (RFC 5321's path limit).
pub const MAX_FULL_NAME: usize = 100;
pub const MAX_EMAIL: usize = 254;

/// A username as stored: trimmed, lower case, 3–50 of `a-z 0-9 . _ -`; `None` otherwise.
pub fn username(raw: &str) -> Option<String> {
    let u = raw.trim().to_lowercase();
    let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    (USERNAME_CHARS.contains(&u.chars().count()) && u.chars().all(valid)).then_some(u)
}

/// An e-mail address as stored: empty is none (`Ok(None)`); otherwise one plain
/// `local@domain.tld` address, trimmed, its domain in lower case. Refused: anything with
/// spaces, quotes, angle brackets, commas or semicolons (a second address or a display name),
/// control characters, or a domain without a dot. The address goes into a mail header, so
/// nothing in it can end the header or add a recipient.
pub fn email(raw: &str) -> Result<Option<String>, BadEmail> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (local, domain) = t.rsplit_once('@').ok_or(BadEmail)?;
    let local_ok = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    let domain_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let valid = t.chars().count() <= MAX_EMAIL
        && (1..=64).contains(&local.len())
        && local.chars().all(local_ok)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && domain.split('.').all(domain_ok);
    if valid { Ok(Some(format!("{local}@{}", domain.to_lowercase()))) } else { Err(BadEmail) }
}

/// An e-mail address that [`email`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadEmail;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_plain_and_lower_case() {
        assert_eq!(username(" Siti.Rahayu ").as_deref(), Some("siti.rahayu"));
        assert_eq!(username("pengelola_2-a").as_deref(), Some("pengelola_2-a"));
        for bad in ["ab", "siti rahayu", "siti@x", "ṣiti", &"a".repeat(51), ""] {
            assert_eq!(username(bad), None, "{bad}");
        }
    }

    #[test]
    fn one_plain_address_or_none() {
        assert_eq!(email("  "), Ok(None));
        assert_eq!(
            email(" Siti.Rahayu@Dinsos.Magetan.go.id ").unwrap().as_deref(),
            Some("Siti.Rahayu@dinsos.magetan.go.id")
        );
        assert_eq!(email("a+lksa@example.org").unwrap().as_deref(), Some("a+lksa@example.org"));
        for bad in [
            "siti",
            "siti@localhost",
            "siti@@example.org",
            "Siti <siti@example.org>",
            "siti@example.org, budi@example.org",
            "siti@example.org\r\nBcc: x@example.org",
            "\"siti\"@example.org",
            "siti rahayu@example.org",
            ".siti@example.org",
            "siti..r@example.org",
            "siti@-example.org",
            "siti@exa_mple.org",
        ] {
            assert_eq!(email(bad), Err(BadEmail), "{bad:?}");
        }
        assert_eq!(email(&format!("{}@example.org", "a".repeat(65))), Err(BadEmail));
    }
}
