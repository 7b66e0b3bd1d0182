//! Short-lived copies of what is the same for every visitor (the public calendar,
//! the programme), so a signed-in page reads them no more often than the page
//! cache renders an anonymous one. Any write through this server makes every copy
//! stale at once ([`Writes::record`]); other servers' writes show after at most
//! the time-to-live, as with the page cache.
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// More keys than this clear the map: only real queries are worth keeping.
const MAX_ENTRIES: usize = 256;

/// The count of writes this server has seen, shared by every cache of the process.
#[derive(Clone, Debug, Default)]
pub struct Writes(Arc<AtomicU64>);

impl Writes {
    pub fn record(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    pub fn current(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

struct Stamped<V> {
    writes: u64,
    stored_at: Instant,
    value: Arc<V>,
}

/// Values by key, each kept for `ttl` unless a write comes first.
pub struct TtlMap<V> {
    ttl: Duration,
    writes: Writes,
    entries: Mutex<HashMap<String, Stamped<V>>>,
}

impl<V> std::fmt::Debug for TtlMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TtlMap").field("ttl", &self.ttl).finish()
    }
}

impl<V> TtlMap<V> {
    /// `Duration::ZERO` keeps nothing.
    pub fn new(ttl: Duration, writes: Writes) -> Self {
        Self {
            ttl,
            writes,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn fresh(&self, key: &str) -> Option<Arc<V>> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        (entry.writes == self.writes.current() && entry.stored_at.elapsed() < self.ttl)
            .then(|| entry.value.clone())
    }

    /// The kept value for `key`, or `load`'s, kept from now on. A value loaded
    /// while a write happened is handed out but not kept.
    pub async fn get_or_load<E, F>(
        &self,
        key: String,
        load: impl FnOnce() -> F,
    ) -> Result<Arc<V>, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if self.ttl.is_zero() {
            return load().await.map(Arc::new);
        }
        if let Some(value) = self.fresh(&key) {
            return Ok(value);
        }
        let writes = self.writes.current();
        let value = Arc::new(load().await?);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                key,
                Stamped {
                    writes,
                    stored_at: Instant::now(),
                    value: value.clone(),
                },
            );
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: Future>(future: F) -> F::Output {
        futures::executor::block_on(future)
    }

    #[test]
    fn a_value_is_kept_until_a_write_or_its_time_is_up() {
        let writes = Writes::default();
        let map = TtlMap::new(Duration::from_millis(50), writes.clone());
        let mut loads = 0;
        let mut get = |map: &TtlMap<u32>| {
            block_on(map.get_or_load("k".to_owned(), || {
                loads += 1;
                async move { Ok::<_, ()>(loads) }
            }))
            .map(|v| *v)
        };
        assert_eq!(get(&map), Ok(1));
        assert_eq!(get(&map), Ok(1), "kept");
        writes.record();
        assert_eq!(get(&map), Ok(2), "a write makes it stale");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(get(&map), Ok(3), "and so does time");
        let off = TtlMap::new(Duration::ZERO, writes);
        assert_eq!(get(&off), Ok(4));
        assert_eq!(get(&off), Ok(5), "a zero time keeps nothing");
    }
}
