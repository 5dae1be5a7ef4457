//! Indonesian names, addresses and region weights for generated data.

use rand::Rng;
use rand::rngs::StdRng;

const FIRST: &[&str] = &[
    "Ahmad",
    "Budi",
    "Siti",
    "Dewi",
    "Agus",
    "Sri",
    "Joko",
    "Rina",
    "Eko",
    "Nur",
    "Hendra",
    "Yuliani",
    "Bambang",
    "Ratna",
    "Fajar",
    "Indah",
    "Rudi",
    "Wahyuni",
    "Andi",
    "Lestari",
    "Hasan",
    "Fitri",
    "Dedi",
    "Ayu",
    "Made",
    "Ketut",
    "Putu",
    "Yohanes",
    "Maria",
    "Theresia",
    "Imam",
    "Nurhayati",
    "Slamet",
    "Kartika",
    "Rahmat",
    "Novita",
    "Irwan",
    "Handayani",
    "Taufik",
    "Mariani",
    "Gusti",
    "Daeng",
    "Teuku",
    "Cut",
    "Ni Luh",
    "Benediktus",
    "Yusuf",
    "Aminah",
];
const LAST: &[&str] = &[
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Kurniawan",
    "Pratama",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Sitompul",
    "Rahman",
    "Hasibuan",
    "Setiawan",
    "Gunawan",
    "Susanto",
    "Wibowo",
    "Purnomo",
    "Utami",
    "Rahmawati",
    "Sulistyo",
    "Manurung",
    "Tanjung",
    "Pohan",
    "Lase",
    "Mandagi",
    "Wenas",
    "Pattimura",
    "Latuconsina",
    "Sinaga",
    "Halim",
    "Effendi",
    "Syahputra",
    "Ramadhan",
    "Hakim",
    "Kusuma",
    "Maharani",
    "Pangaribuan",
    "Tambunan",
];
const DEGREE: &[&str] =
    &["", "", "", ", S.Sos.", ", S.Pd.", ", M.Si.", ", S.E.", ", S.Tr.Sos.", ", M.Kesos.", ", S.H."];

/// A person's name with, sometimes, an academic degree.
pub(super) fn person(rng: &mut StdRng) -> String {
    format!("{} {}{}", pick(rng, FIRST), pick(rng, LAST), pick(rng, DEGREE))
}

const KIND: &[&str] =
    &["Panti Asuhan", "Panti Asuhan", "LKSA", "LKSA", "Panti Sosial Asuhan Anak", "LKSA Panti Asuhan"];
const CORE: &[&str] = &[
    "Budi Mulia",
    "Al-Hidayah",
    "Nurul Iman",
    "Darul Aitam",
    "Kasih Bunda",
    "Bhakti Luhur",
    "Harapan Bangsa",
    "Putri Aisyiyah",
    "Muhammadiyah",
    "Al-Ikhlas",
    "Baitul Izzah",
    "Darul Hadlonah",
    "Tunas Harapan",
    "Kasih Ibu",
    "Nurul Huda",
    "Al-Falah",
    "Hikmah",
    "Mekar Sari",
    "Cahaya Hati",
    "Bina Insani",
    "Sayap Ibu",
    "Pelita Kasih",
    "Al-Amin",
    "Darussalam",
    "Miftahul Jannah",
    "Nurul Falah",
    "Bakti Mulia",
    "Santo Yusup",
    "Kristen Bethesda",
    "Al-Muhajirin",
    "Permata Hati",
    "Yatim Mandiri",
    "Dharma Putra",
    "Karya Kasih",
    "Anugerah",
    "Raudhatul Jannah",
    "Hidayatullah",
    "Al-Kautsar",
    "Baiturrahman",
    "Sinar Pagi",
    "Taman Harapan",
    "Widya Kasih",
    "Darul Ulum",
    "Ar-Rahman",
    "Nurul Hikmah",
    "Budi Utomo",
    "Tri Dharma",
    "Buah Hati",
    "Mutiara Bunda",
    "Pondok Kasih",
];
const STREET: &[&str] = &[
    "Jend. Sudirman",
    "Ahmad Yani",
    "Diponegoro",
    "Pahlawan",
    "Merdeka",
    "Veteran",
    "Gatot Subroto",
    "Imam Bonjol",
    "Hasanuddin",
    "Sultan Agung",
    "Kartini",
    "Pemuda",
    "Cut Nyak Dien",
    "Teuku Umar",
    "Pattimura",
    "Sisingamangaraja",
    "Hayam Wuruk",
    "Gajah Mada",
    "Raya Pasar",
    "Masjid Raya",
    "Perintis Kemerdekaan",
    "Flamboyan",
    "Melati",
    "Mawar",
    "Cendrawasih",
    "Kenanga",
    "Dr. Wahidin",
    "Sam Ratulangi",
    "Urip Sumoharjo",
    "Kapten Tendean",
    "Trans Sulawesi",
];

/// The town part of a regency name: "Kabupaten Magetan" → "Magetan".
pub(super) fn town(regency: &str) -> &str {
    regency.strip_prefix("Kabupaten ").or_else(|| regency.strip_prefix("Kota ")).unwrap_or(regency)
}

/// (institution name, foundation, address)
pub(super) fn institution(rng: &mut StdRng, regency: &str) -> (String, String, String) {
    let core = pick(rng, CORE);
    let place = town(regency);
    let name = format!("{} {core} {place}", pick(rng, KIND));
    let foundation = match rng.random_range(0..4) {
        0 => format!("Yayasan {core}"),
        1 => format!("Yayasan {core} {place}"),
        2 => format!("Yayasan Sosial {core}"),
        _ => format!("Yayasan Pendidikan dan Sosial {core} {place}"),
    };
    let address = format!("Jl. {} No. {}, {place}", pick(rng, STREET), rng.random_range(1..240));
    (name, foundation, address)
}

/// A Roman-numeral suffix for the n-th institution of the same name (n ≥ 2).
pub(super) fn numbered(name: &str, n: usize) -> String {
    const ROMAN: &[&str] = &["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    match ROMAN.get(n.wrapping_sub(2)) {
        Some(r) => format!("{name} {r}"),
        None => format!("{name} {n}"),
    }
}

/// Relative number of LKSA in a regency: more on Java and in Sumatra, more in a kabupaten than
/// in a kota (tenths).
pub(super) fn weight(regency_id: &str, name: &str) -> u64 {
    let province: u32 = regency_id.get(..2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let island = match province {
        31..=36 => 30,
        11..=21 => 15,
        71..=76 => 12,
        51..=53 | 61..=65 => 10,
        _ => 6,
    };
    let kind = if name.starts_with("Kota ") { 2 } else { 3 };
    island * kind
}

pub(super) fn pick<'a>(rng: &mut StdRng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

/// Splits `total` over `weights` in proportion (largest remainders; ties to the earlier).
pub(super) fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<(usize, u64)> =
        weights.iter().map(|&w| ((total as u64 * w / sum) as usize, (total as u64 * w) % sum)).collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.0).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    let short = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        counts[i] += 1;
    }
    counts
}
