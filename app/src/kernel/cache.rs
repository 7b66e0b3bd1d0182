//! Short-lived copies of what is the same for every visitor (the public calendar,
//! the programme), so a signed-in page reads them no more often than the page
//! cache renders an anonymous one. Any write through this server makes every copy
//! stale at once ([`Writes::record`]); other servers' writes show after at most
//! the time-to-live, as with the page cache. When a copy's time is up, one
//! request loads it again while the others are handed the expired copy, so a
//! busy page never makes every connection load and render at once.
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// More keys than this clear the map: only real queries are worth keeping.
const MAX_ENTRIES: usize = 256;
/// A load that has not stored its value by then is taken over by the next request.
const REFRESH_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// When a request began to load this value again after its time was up.
    refreshing_since: Option<Instant>,
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

    /// The kept value if it may be served: fresh, or expired while another
    /// request loads it again. `None` tells the caller to load it; an expired
    /// value is then marked as being loaded. A write is never served stale.
    fn servable(&self, key: &str) -> Option<Arc<V>> {
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get_mut(key)?;
        if entry.writes != self.writes.current() {
            return None;
        }
        if entry.stored_at.elapsed() < self.ttl {
            return Some(entry.value.clone());
        }
        match entry.refreshing_since {
            Some(since) if since.elapsed() < REFRESH_TIMEOUT => Some(entry.value.clone()),
            _ => {
                entry.refreshing_since = Some(Instant::now());
                None
            }
        }
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
        if let Some(value) = self.servable(&key) {
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
                    refreshing_since: None,
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

    #[test]
    fn an_expired_value_is_loaded_again_once_while_others_get_the_old_copy() {
        let writes = Writes::default();
        let map = TtlMap::new(Duration::from_millis(5), writes.clone());
        let first = block_on(map.get_or_load("k".to_owned(), || async { Ok::<_, ()>(1) }));
        assert_eq!(first.map(|v| *v), Ok(1));
        std::thread::sleep(Duration::from_millis(10));
        assert!(map.servable("k").is_none(), "the first request loads");
        for _ in 0..3 {
            assert_eq!(
                map.servable("k").map(|v| *v),
                Some(1),
                "the others wait not"
            );
        }
        writes.record();
        assert!(map.servable("k").is_none(), "a write is never served stale");
    }
}
