//! Where the device queues keep their JSON: the browser's localStorage (synchronous, so a
//! change is on the device before the tap returns), or memory in tests. Each queue is one
//! JSON array under one key; an empty queue removes its key.

use serde::Serialize;
use serde::de::DeserializeOwned;

pub trait Storage {
    /// The value under `key`, if there is one and it reads as `T`.
    fn read<T: DeserializeOwned>(&self, key: &str) -> Option<T>;
    /// Writes `value` as JSON; `false` when the browser refused (storage full or blocked).
    fn write<T: Serialize>(&self, key: &str, value: &T) -> bool;
    fn remove(&self, key: &str);
    /// Every key held.
    fn keys(&self) -> Vec<String>;
}

/// A JSON list under `key`; empty when there is none or it does not read.
pub fn load_list<T: DeserializeOwned, S: Storage>(storage: &S, key: &str) -> Vec<T> {
    storage.read(key).unwrap_or_default()
}

/// Writes the list, removing the key when it is empty; `false` when the browser refused.
pub fn store_list<T: Serialize, S: Storage>(storage: &S, key: &str, items: &[T]) -> bool {
    if items.is_empty() {
        storage.remove(key);
        true
    } else {
        storage.write(key, &items)
    }
}

/// The browser's localStorage, through gloo-storage. On the server there is none: reads find
/// nothing and writes are accepted (no page writes there).
#[derive(Debug, Clone, Copy, Default)]
pub struct Local;

/// gloo-storage throws when the browser blocks localStorage (some private modes and
/// policies); the queues then report a refusal instead of stopping the page.
#[cfg(feature = "hydrate")]
fn available() -> bool {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
}

impl Storage for Local {
    fn read<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage as _;
            if !available() {
                return None;
            }
            gloo_storage::LocalStorage::get(key).ok()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = key;
            None
        }
    }

    fn write<T: Serialize>(&self, key: &str, value: &T) -> bool {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage as _;
            available() && gloo_storage::LocalStorage::set(key, value).is_ok()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (key, value);
            true
        }
    }

    fn remove(&self, key: &str) {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage as _;
            if available() {
                gloo_storage::LocalStorage::delete(key);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    }

    fn keys(&self) -> Vec<String> {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage as _;
            if !available() {
                return Vec::new();
            }
            // gloo-storage lists keys only together with values parsed as JSON, which other
            // sites' entries need not be: the raw Storage for the names.
            let raw = gloo_storage::LocalStorage::raw();
            (0..gloo_storage::LocalStorage::length()).filter_map(|i| raw.key(i).ok().flatten()).collect()
        }
        #[cfg(not(feature = "hydrate"))]
        Vec::new()
    }
}

/// Storage in memory for tests; clones share their contents, like two tabs on one device.
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub struct Memory {
    items: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, String>>>,
    full: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

#[cfg(test)]
impl Memory {
    /// The raw JSON under `key`, as the browser would hold it.
    pub fn raw(&self, key: &str) -> Option<String> {
        self.items.lock().unwrap().get(key).cloned()
    }

    pub fn set_raw(&self, key: &str, json: &str) {
        self.items.lock().unwrap().insert(key.into(), json.into());
    }

    /// From now on writes are refused, as with a full quota.
    pub fn fill_up(&self) {
        self.full.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
impl Storage for Memory {
    fn read<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        serde_json::from_str(&self.raw(key)?).ok()
    }

    fn write<T: Serialize>(&self, key: &str, value: &T) -> bool {
        if self.full.load(std::sync::atomic::Ordering::Relaxed) {
            return false;
        }
        let Ok(json) = serde_json::to_string(value) else { return false };
        self.set_raw(key, &json);
        true
    }

    fn remove(&self, key: &str) {
        self.items.lock().unwrap().remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.items.lock().unwrap().keys().cloned().collect()
    }
}
