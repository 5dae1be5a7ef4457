//! Argon2id password hashing, run off the async threads and bounded so that a burst of
//! logins cannot starve the server of blocking threads or memory.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

#[derive(Clone, Debug)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

/// Verified against when a username does not exist, so that the answer takes as long as for
/// a real account and does not reveal which usernames exist.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("not a real password").unwrap_or_default())
}

fn hash_now(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &rand::random::<[u8; 16]>())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

impl Hasher {
    pub fn new(concurrent: usize) -> Hasher {
        Hasher { permits: Arc::new(Semaphore::new(concurrent.max(1))) }
    }

    pub async fn hash(&self, password: String) -> crate::Result<String> {
        let _permit = self.permits.acquire().await.map_err(|e| crate::StoreError::Task(e.to_string()))?;
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| crate::StoreError::Task(e.to_string()))?
            .map_err(crate::StoreError::Task)
    }

    /// Checks `password` against a stored hash (or the dummy hash when there is none).
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else { return false };
        let real = stored.is_some();
        tokio::task::spawn_blocking(move || {
            let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
            PasswordHash::new(&hash)
                .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false)
            && real
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let h = Hasher::new(1);
        let a = h.hash("rahasia-123".into()).await.unwrap();
        let b = h.hash("rahasia-123".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(h.verify("rahasia-123".into(), Some(a.clone())).await);
        assert!(!h.verify("salah".into(), Some(a)).await);
        assert!(!h.verify("apa saja".into(), None).await);
    }
}
