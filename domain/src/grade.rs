//! Accreditation grades and the numeric bands that lead to them.

use serde::{Deserialize, Serialize};

/// The outcome of an accreditation. Ordered from worst to best so that `min` caps a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    #[serde(rename = "TT")]
    NotAccredited,
    C,
    B,
    A,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::NotAccredited];

    /// Stable code used in storage and exports ("A", "B", "C", "TT" = tidak terakreditasi).
    pub fn code(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::NotAccredited => "TT",
        }
    }

    pub fn from_code(code: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.code() == code)
    }

    /// A grade capped by a gate: never better than `cap`.
    pub fn capped_at(self, cap: Grade) -> Grade {
        self.min(cap)
    }
}

/// Lower bounds of the grade bands, in percent, plus the gate rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grading {
    pub band_a: f64,
    pub band_b: f64,
    pub band_c: f64,
    /// Grade cap when any critical indicator scores 0.
    pub critical_zero_cap: Grade,
    /// A component below this percentage caps the grade at `component_floor_cap`.
    pub component_floor_percent: f64,
    pub component_floor_cap: Grade,
}

/// Converts a percentage given as data (e.g. 86.0) to hundredths (8600), the unit all
/// comparisons use so that 85.99 and 86 never meet floating-point doubt.
pub fn to_hundredths(percent: f64) -> i64 {
    (percent * 100.0).round() as i64
}

impl Grading {
    /// The grade a total (in hundredths of a percent) reaches before any gate applies.
    pub fn band_for(&self, total_hundredths: i64) -> Grade {
        if total_hundredths >= to_hundredths(self.band_a) {
            Grade::A
        } else if total_hundredths >= to_hundredths(self.band_b) {
            Grade::B
        } else if total_hundredths >= to_hundredths(self.band_c) {
            Grade::C
        } else {
            Grade::NotAccredited
        }
    }

    /// The lower bound of a grade's band in hundredths; `None` for not accredited.
    pub fn threshold(&self, grade: Grade) -> Option<i64> {
        match grade {
            Grade::A => Some(to_hundredths(self.band_a)),
            Grade::B => Some(to_hundredths(self.band_b)),
            Grade::C => Some(to_hundredths(self.band_c)),
            Grade::NotAccredited => None,
        }
    }
}

/// Validity of a certificate in years per grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityYears {
    pub a: u8,
    pub b: u8,
    pub c: u8,
}

impl ValidityYears {
    pub fn for_grade(&self, grade: Grade) -> Option<u8> {
        match grade {
            Grade::A => Some(self.a),
            Grade::B => Some(self.b),
            Grade::C => Some(self.c),
            Grade::NotAccredited => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn grading() -> Grading {
        Grading {
            band_a: 86.0,
            band_b: 71.0,
            band_c: 56.0,
            critical_zero_cap: Grade::C,
            component_floor_percent: 40.0,
            component_floor_cap: Grade::C,
        }
    }

    #[test]
    fn every_band_edge() {
        let g = grading();
        assert_eq!(g.band_for(8599), Grade::B, "85.99 is still B");
        assert_eq!(g.band_for(8600), Grade::A, "86 is A");
        assert_eq!(g.band_for(10000), Grade::A);
        assert_eq!(g.band_for(7099), Grade::C, "70.99 is C");
        assert_eq!(g.band_for(7100), Grade::B, "71 is B");
        assert_eq!(g.band_for(5599), Grade::NotAccredited, "55.99 is not accredited");
        assert_eq!(g.band_for(5600), Grade::C, "56 is C");
        assert_eq!(g.band_for(0), Grade::NotAccredited);
    }

    #[test]
    fn bands_are_data_not_constants() {
        let mut g = grading();
        g.band_a = 90.0;
        assert_eq!(g.band_for(8800), Grade::B);
        assert_eq!(g.band_for(9000), Grade::A);
    }

    #[test]
    fn caps_never_improve_a_grade() {
        assert_eq!(Grade::A.capped_at(Grade::C), Grade::C);
        assert_eq!(Grade::B.capped_at(Grade::C), Grade::C);
        assert_eq!(Grade::C.capped_at(Grade::C), Grade::C);
        assert_eq!(Grade::NotAccredited.capped_at(Grade::C), Grade::NotAccredited);
    }

    #[test]
    fn grade_codes_round_trip() {
        for g in Grade::ALL {
            assert_eq!(Grade::from_code(g.code()), Some(g));
        }
        assert_eq!(Grade::from_code("D"), None);
    }

    #[test]
    fn validity_is_per_grade() {
        let v = ValidityYears { a: 4, b: 3, c: 2 };
        assert_eq!(v.for_grade(Grade::A), Some(4));
        assert_eq!(v.for_grade(Grade::NotAccredited), None);
    }
}
