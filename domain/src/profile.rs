//! An institution's profile as its manager or Dinsos edits it, with the checks that keep the
//! numbers consistent. Dates are ISO 'YYYY-MM-DD' (what `<input type="date">` sends).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalDocument {
    pub number: String,
    pub issued_on: String,
    pub expires_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub address: String,
    pub foundation: String,
    pub capacity: u32,
    pub children_boys: u32,
    pub children_girls: u32,
    pub children_under_6: u32,
    pub children_6_12: u32,
    pub children_13_17: u32,
    pub children_18_plus: u32,
    pub staff_caregivers: u32,
    pub staff_social_workers: u32,
    pub staff_other: u32,
    pub registration: LegalDocument,
    pub permit: LegalDocument,
    /// Notarial deed of the foundation: number and date, no expiry.
    pub deed: LegalDocument,
    pub npwp: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileError {
    NameRequired,
    AddressRequired,
    BadDate,
    ExpiresBeforeIssued,
    AgesDoNotAddUp,
    NpwpFormat,
    /// A count of children, staff or places beyond any single institution.
    CountTooLarge,
}

/// The largest count of children, staff or places one institution can report: the largest
/// LKSA care for a few hundred children, so this only stops mistyped and hostile numbers.
pub const MAX_COUNT: u32 = 10_000;

impl ProfileError {
    pub fn message_key(self) -> &'static str {
        match self {
            ProfileError::NameRequired => "profile-error-name",
            ProfileError::AddressRequired => "profile-error-address",
            ProfileError::BadDate => "profile-error-date",
            ProfileError::ExpiresBeforeIssued => "profile-error-expiry",
            ProfileError::AgesDoNotAddUp => "profile-error-ages",
            ProfileError::NpwpFormat => "profile-error-npwp",
            ProfileError::CountTooLarge => "profile-error-count",
        }
    }
}

/// A real calendar date written as YYYY-MM-DD.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (s[0..4].parse::<u32>(), s[5..7].parse::<u32>(), s[8..10].parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

impl Profile {
    pub fn children(&self) -> u32 {
        self.children_boys.saturating_add(self.children_girls)
    }

    pub fn staff(&self) -> u32 {
        self.staff_caregivers.saturating_add(self.staff_social_workers).saturating_add(self.staff_other)
    }

    fn counts(&self) -> [u32; 10] {
        [
            self.capacity,
            self.children_boys,
            self.children_girls,
            self.children_under_6,
            self.children_6_12,
            self.children_13_17,
            self.children_18_plus,
            self.staff_caregivers,
            self.staff_social_workers,
            self.staff_other,
        ]
    }

    /// Every problem, so a person can fix them all at once.
    pub fn validate(&self) -> Vec<ProfileError> {
        let mut errors = vec![];
        if self.name.trim().is_empty() {
            errors.push(ProfileError::NameRequired);
        }
        if self.address.trim().is_empty() {
            errors.push(ProfileError::AddressRequired);
        }
        let docs = [&self.registration, &self.permit, &self.deed];
        let dates = docs.iter().flat_map(|d| [&d.issued_on, &d.expires_on]);
        if dates.into_iter().any(|d| !d.is_empty() && !is_iso_date(d)) {
            errors.push(ProfileError::BadDate);
        } else if docs
            .iter()
            .any(|d| !d.issued_on.is_empty() && !d.expires_on.is_empty() && d.expires_on <= d.issued_on)
        {
            errors.push(ProfileError::ExpiresBeforeIssued);
        }
        if self.counts().iter().any(|&n| n > MAX_COUNT) {
            errors.push(ProfileError::CountTooLarge);
        } else {
            let by_age = self.children_under_6 + self.children_6_12 + self.children_13_17 + self.children_18_plus;
            if by_age != self.children() {
                errors.push(ProfileError::AgesDoNotAddUp);
            }
        }
        let digits: String = self.npwp.chars().filter(char::is_ascii_digit).collect();
        if !self.npwp.trim().is_empty() && !matches!(digits.len(), 15 | 16) {
            errors.push(ProfileError::NpwpFormat);
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Profile {
        Profile {
            name: "Panti Asuhan Budi Mulia".into(),
            address: "Jl. Pangeran Antasari No. 41".into(),
            foundation: "Yayasan Budi Mulia".into(),
            capacity: 60,
            children_boys: 20,
            children_girls: 28,
            children_under_6: 4,
            children_6_12: 20,
            children_13_17: 22,
            children_18_plus: 2,
            staff_caregivers: 8,
            staff_social_workers: 1,
            staff_other: 3,
            registration: LegalDocument {
                number: "TD-1".into(),
                issued_on: "2021-01-04".into(),
                expires_on: "2031-12-31".into(),
            },
            permit: LegalDocument {
                number: "503/11".into(),
                issued_on: "2024-03-31".into(),
                expires_on: "2029-03-31".into(),
            },
            deed: LegalDocument { number: "12".into(), issued_on: "2010-05-02".into(), expires_on: String::new() },
            npwp: "01.234.567.8-901.000".into(),
        }
    }

    #[test]
    fn a_consistent_profile_passes() {
        assert_eq!(valid().validate(), vec![]);
        assert_eq!(valid().children(), 48);
        assert_eq!(valid().staff(), 12);
    }

    #[test]
    fn every_problem_is_reported() {
        let mut p = valid();
        p.name = " ".into();
        p.children_18_plus = 5;
        p.npwp = "123".into();
        p.permit.expires_on = "2024-02-30".into();
        assert_eq!(
            p.validate(),
            vec![
                ProfileError::NameRequired,
                ProfileError::BadDate,
                ProfileError::AgesDoNotAddUp,
                ProfileError::NpwpFormat
            ]
        );
        let mut p = valid();
        p.permit.expires_on = "2024-03-30".into();
        assert_eq!(p.validate(), vec![ProfileError::ExpiresBeforeIssued]);
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(!is_iso_date("31-03-2029"));
        assert!(!is_iso_date("2029-3-31"));
    }

    #[test]
    fn counts_that_would_overflow_are_refused_not_wrapped() {
        let p = Profile { children_boys: u32::MAX, children_under_6: u32::MAX, ..valid() };
        assert_eq!(p.validate(), vec![ProfileError::CountTooLarge]);
        let p = Profile { children_boys: 4_294_967_295, children_girls: 1, children_under_6: 0, ..valid() };
        assert!(p.validate().contains(&ProfileError::CountTooLarge));
        assert_eq!(p.children(), u32::MAX, "totals saturate instead of wrapping to a small number");
        let p = Profile { staff_other: MAX_COUNT + 1, ..valid() };
        assert_eq!(p.validate(), vec![ProfileError::CountTooLarge]);
    }
}
