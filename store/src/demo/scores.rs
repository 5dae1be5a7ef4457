//! Plausible demo scores: the institution's self-scores with a narrative, both assessors'
//! visit scores with short notes, and the reconciler's final scores, with a reason wherever
//! the assessors differ. Deterministic by institution and indicator position.

use crate::{Result, StoreError};
use domain::{Grade, Score};

pub(super) fn level(value: u8) -> Result<Score> {
    Score::parse(value.into()).map_err(|e| StoreError::Corrupt(format!("demo score: {e}")))
}

/// The n-th institution's self-score of the k-th indicator.
pub(super) fn self_score(n: usize, k: usize) -> u8 {
    [3, 4, 2, 3, 4, 3, 1][(n + k) % 7]
}

pub(super) fn narrative(score: u8) -> &'static str {
    match score {
        4 => "Sudah berjalan, terdokumentasi, dan dievaluasi setiap tahun.",
        3 => "Sudah berjalan dan terdokumentasi; evaluasi belum rutin.",
        2 => "Sudah dimulai tetapi belum konsisten; dokumen sebagian.",
        _ => "Masih direncanakan; belum ada dokumen.",
    }
}

/// Final scores in turn: about 94 % (band A) and about 77 % (band B) over the instrument's
/// weights, never 0 (a critical 0 would cap the grade).
const STRONG: &[u8] = &[4, 4, 3, 4, 4, 4, 3, 4];
const SOUND: &[u8] = &[3, 3, 4, 3, 2, 3, 3, 4, 3, 3];

/// One indicator as both assessors scored it and as it was reconciled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Scored {
    pub first: u8,
    pub second: u8,
    pub first_note: &'static str,
    pub second_note: &'static str,
    pub last: u8,
    /// Why the final score is what it is, where the assessors differ.
    pub reason: &'static str,
}

const FIRST_NOTES: &[&str] = &[
    "Dokumen asli diperiksa; sesuai dengan salinan yang diunggah.",
    "Dikonfirmasi melalui wawancara dengan dua pengasuh.",
    "Diamati langsung saat kunjungan; kondisi baik.",
    "Catatan tiga bulan terakhir lengkap dan ditandatangani.",
];
const SECOND_NOTES: &[&str] = &[
    "Sudah berjalan, tetapi catatan bulan lalu belum lengkap.",
    "Keterangan anak sejalan dengan keterangan pengasuh.",
    "Perlu pembaruan: dokumen terakhir disahkan tiga tahun lalu.",
];

/// The k-th indicator of the n-th institution's visit, at about the level of `grade`.
pub(super) fn visit(grade: Grade, n: usize, k: usize) -> Scored {
    let pattern = if grade == Grade::A { STRONG } else { SOUND };
    let last = pattern[(n + k) % pattern.len()];
    let other = if last == 4 { 3 } else { last + 1 };
    let first_note = if k.is_multiple_of(9) { FIRST_NOTES[(k / 9) % FIRST_NOTES.len()] } else { "" };
    let second_note = if k % 11 == 3 { SECOND_NOTES[(k / 11) % SECOND_NOTES.len()] } else { "" };
    let agreed = Scored { first: last, second: last, first_note, second_note, last, reason: "" };
    match k {
        // The second assessor saw it differently; the reconciler follows the first.
        _ if k % 89 == 7 => Scored {
            second: other,
            second_note: "Sebagian bukti belum ditunjukkan saat kunjungan.",
            reason: "Mengikuti asesor pertama: dokumen lengkap diperiksa langsung saat visitasi.",
            ..agreed
        },
        // The first assessor saw it differently; the reconciler follows the second.
        _ if k % 89 == 50 => Scored {
            first: other,
            first_note: "Dinilai dari dokumen yang ditunjukkan pengelola.",
            reason: "Mengikuti asesor kedua: sebagian catatan belum diperbarui sejak tahun lalu.",
            ..agreed
        },
        // Two levels apart: the reconciler sets the level between them, with a reason.
        120 => Scored {
            first: 4,
            second: 2,
            last: 3,
            first_note: "Prosedur tertulis ada dan dipahami pengasuh.",
            second_note: "Belum diterapkan untuk anak yang baru masuk.",
            reason: "Kedua asesor berbeda dua tingkat: ketentuan sudah dijalankan tetapi belum untuk semua anak.",
        },
        _ => agreed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_few_and_explained_and_no_score_is_zero() {
        for grade in [Grade::A, Grade::B] {
            let scored: Vec<Scored> = (0..220).map(|k| visit(grade, 3, k)).collect();
            let differing: Vec<&Scored> = scored.iter().filter(|s| s.first != s.second).collect();
            assert!((3..=8).contains(&differing.len()), "{}", differing.len());
            assert!(differing.iter().all(|s| !s.reason.is_empty()));
            assert!(scored.iter().filter(|s| s.first == s.second).all(|s| s.last == s.first && s.reason.is_empty()));
            assert!(scored.iter().all(|s| s.first > 0 && s.second > 0 && s.last > 0));
            assert!(scored.iter().any(|s| s.last != s.first && s.last != s.second), "one override");
        }
    }
}
