# Bahasa Indonesia: the default language of the product.
app-name = Akreditasi LKSA
footer-privacy = Data anak bersifat rahasia (UU PDP 27/2022). Foto bukti tidak pernah ditampilkan kepada publik.
nav-label = Navigasi utama
nav-home = Beranda
nav-profile = Profil lembaga
nav-instrument = Instrumen
nav-logout = Keluar
lang-label = Bahasa

role-institution_manager = Pengelola LKSA
role-assessor = Asesor
role-supervisor = Supervisor asesor
role-dinsos_officer = Petugas Dinas Sosial
role-administrator = Administrator

state-draft = Draf penilaian mandiri
state-submitted = Diajukan
state-returned = Dikembalikan untuk perbaikan
state-accepted = Lengkap, menunggu penugasan
state-assessors_assigned = Asesor ditugaskan
state-visited = Visitasi selesai
state-reconciled = Nilai direkonsiliasi
state-decided = Sudah diputuskan
state-appealed = Dalam banding
state-expired = Kedaluwarsa

duty-assessor = Asesor
duty-supervisor = Supervisor

error-title = Tidak dapat menampilkan halaman ini
error-not-signed-in = Silakan masuk terlebih dahulu.
error-forbidden = Anda tidak memiliki hak untuk melakukan tindakan ini.
error-not-found = Data tidak ditemukan, atau berada di luar lembaga/wilayah Anda.
error-internal = Terjadi kesalahan di server. Data yang sudah tersimpan tetap aman; silakan coba lagi.
error-network = Koneksi ke server terputus. Periksa jaringan lalu coba lagi.
error-csrf = Permintaan ditolak karena tidak berasal dari halaman aplikasi ini. Muat ulang halaman lalu coba lagi.
not-found-title = Halaman tidak ditemukan
not-found-body = Alamat yang Anda buka tidak ada. Periksa kembali tautannya atau kembali ke beranda.
loading = Memuat…

home-title = Beranda
home-next-step = Langkah berikutnya
home-cycle-state = Status akreditasi:
home-instrument-version = instrumen versi { $version }
home-legal = Dokumen legal
home-open-profile = Buka profil lembaga
home-open-instrument = Lihat instrumen
home-manager-eyebrow = Lembaga Anda
next-manager-legal = Lengkapi atau perbarui tanda daftar dan izin operasional. Penilaian mandiri baru dapat dimulai bila keduanya berlaku.
next-manager-start = Mulai penilaian mandiri untuk siklus akreditasi berikutnya.
next-manager-draft = Lanjutkan pengisian penilaian mandiri: beri skor, uraian dan bukti untuk setiap indikator, lalu ajukan.
next-manager-returned = Dinas Sosial mengembalikan pengajuan Anda. Perbaiki indikator yang diberi catatan, lalu ajukan kembali.
next-manager-submitted = Pengajuan Anda sedang diperiksa kelengkapannya oleh Dinas Sosial. Tidak ada yang perlu dilakukan sekarang.
next-manager-visit = Bersiaplah untuk visitasi asesor: siapkan dokumen asli dan pastikan pengasuh dapat diwawancarai.
next-manager-wait-decision = Visitasi selesai. Hasil penilaian sedang divalidasi dan menunggu keputusan Dinas Sosial.
next-manager-decided = Keputusan akreditasi sudah terbit. Perhatikan masa berlaku sertifikat Anda.

home-dinsos-eyebrow = Wilayah kerja Anda
home-dinsos-to-check = pengajuan menunggu pemeriksaan kelengkapan
home-dinsos-to-assign = pengajuan lengkap menunggu penugasan asesor
home-dinsos-visits = visitasi terjadwal
home-dinsos-to-decide = hasil menunggu keputusan Anda
home-dinsos-awaiting-decision = hasil menunggu keputusan pejabat berwenang
home-dinsos-accredited = lembaga sudah diputuskan
home-dinsos-institutions = Lembaga di wilayah Anda: { $count }
home-dinsos-permits = Izin operasional yang habis atau segera habis

home-assessor-eyebrow = Penugasan Anda
home-assessor-count = Penugasan: { $count }
home-assessor-none = Belum ada penugasan. Dinas Sosial akan menugaskan Anda ke lembaga.
home-visit-on = Visitasi { $date }
home-visit-unscheduled = Jadwal visitasi belum ditetapkan

home-admin-eyebrow = Administrasi sistem
home-admin-title = Ringkasan sistem
home-admin-institutions = lembaga terdaftar
home-admin-users = pengguna aktif
home-admin-cycles = siklus akreditasi
home-admin-instrument = Versi aktif { $version } dengan { $count } indikator.
home-admin-no-instrument = Belum ada instrumen yang dimuat.

doc-registration = Tanda daftar
doc-permit = Izin operasional
doc-missing = Belum ada
doc-valid = Berlaku sampai { $date }
doc-expiring = Segera habis: { $date }
doc-expired = Sudah habis sejak { $date }

profile-eyebrow = Profil lembaga
profile-address = Alamat
profile-region = Kabupaten/kota
profile-foundation = Yayasan penyelenggara
profile-capacity = Kapasitas
profile-children = Jumlah anak asuh
profile-staff = Jumlah pengasuh dan staf

login-title = Masuk
login-intro = Gunakan akun yang diberikan oleh Dinas Sosial atau administrator.
login-username = Nama pengguna
login-password = Kata sandi
login-show = Tampilkan
login-hide = Sembunyikan
login-submit = Masuk
login-error-invalid = Nama pengguna atau kata sandi salah.
login-error-locked = Terlalu banyak percobaan yang gagal. Tunggu 15 menit lalu coba lagi.
login-signed-out = Anda sudah keluar.

instrument-version = Versi { $version }
instrument-count = { $count } indikator
instrument-search = Cari indikator
instrument-search-placeholder = Kode atau kata kunci, mis. APAR atau PP.3
instrument-critical-only = Hanya indikator kritis (perlindungan anak)
instrument-shown = Menampilkan { $shown } dari { $total } indikator
instrument-rubric = Rubrik penilaian 0–4
instrument-component-meta = bobot { $weight } · { $count } indikator
instrument-weight = bobot { $weight }
instrument-critical = Kritis
instrument-details = Panduan, bukti dan deskriptor
instrument-guidance = Panduan:
instrument-evidence = Bukti:
evidence-document = dokumen
evidence-photo = foto
evidence-interview = wawancara
evidence-observation = observasi

month-1 = Januari
month-2 = Februari
month-3 = Maret
month-4 = April
month-5 = Mei
month-6 = Juni
month-7 = Juli
month-8 = Agustus
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Desember
