//! How often one client or account may try: logins, sign-ups and every other
//! write. Hits are counted in the database, so every server of the house shares
//! them.
//!
//! Login failures are counted per address and client together, and per client.
//! Guessing from one client soon has to wait longer and longer between tries,
//! but a stranger's failures never slow down the owner's own client: there is
//! no lock on an address as such.
use crate::accounts::store::{RecentHits, Window};
use crate::db::now;
use crate::kernel::error::AppError;
use crate::kernel::request::db;
use chrono::{DateTime, Duration, Utc};
use http::request::Parts;
use std::net::{IpAddr, SocketAddr};

/// Failures for one address from one client that cost no waiting: room for typos.
pub const FREE_LOGIN_FAILURES: i64 = 10;
/// The wait after the free failures; every further failure doubles it.
pub const FIRST_LOGIN_DELAY_SECONDS: i64 = 5;
const MAX_LOGIN_DELAY_MINUTES: i64 = 15;
const LOGIN_WINDOW_HOURS: i64 = 1;
/// Failures of one client for any addresses within the window: trying one
/// password on many accounts stops here.
pub const LOGIN_FAILURES_PER_CLIENT: i64 = 50;
const SIGNUPS_PER_CLIENT_PER_HOUR: i64 = 10;
/// Registrations, series changes and other writes per account and hour.
pub const SUBMISSIONS_PER_HOUR: i64 = 120;

/// The key a client's attempts are counted under: the address of the
/// connection, an IPv6 client by its /64 (which one line or server gets whole,
/// so stepping through it gives no fresh keys). Forwarding headers are read only
/// from the configured reverse proxy (`TREFFPUNKT_TRUSTED_PROXY`): any other
/// client writes them itself and could name someone else's address, to slow them
/// down, or endless new ones, to escape its own limit.
pub fn client_key(parts: &Parts) -> String {
    let trusted_proxy = leptos::prelude::use_context::<crate::kernel::request::AppContext>()
        .and_then(|context| context.trusted_proxy);
    client_key_behind(parts, trusted_proxy)
}

/// [`client_key`] with the proxy given: a connection from it stands for the
/// last address in `X-Forwarded-For`, the one the proxy itself appended.
pub fn client_key_behind(parts: &Parts, trusted_proxy: Option<IpAddr>) -> String {
    let Some(peer) = parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
    else {
        return "unknown".to_owned();
    };
    let forwarded = || {
        parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|last| last.trim().parse::<IpAddr>().ok())
    };
    match trusted_proxy {
        Some(proxy) if proxy == peer => key_of(forwarded().unwrap_or(peer)),
        _ => key_of(peer),
    }
}

fn key_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// How long a client must still wait before it may try an address again, from
/// its failures for that address (`pair`) and for any address (`client`), or
/// `None` when it may try now.
pub fn login_wait(pair: &RecentHits, client: &RecentHits, now: DateTime<Utc>) -> Option<Duration> {
    let pair_wait = (pair.count >= FREE_LOGIN_FAILURES).then(|| {
        let doublings = (pair.count - FREE_LOGIN_FAILURES).min(20);
        let delay = Duration::seconds(FIRST_LOGIN_DELAY_SECONDS << doublings)
            .min(Duration::minutes(MAX_LOGIN_DELAY_MINUTES));
        pair.latest.map_or(delay, |latest| latest + delay - now)
    });
    let window = Duration::hours(LOGIN_WINDOW_HOURS);
    let client_wait = (client.count >= LOGIN_FAILURES_PER_CLIENT)
        .then(|| client.first.map_or(window, |first| first + window - now));
    [pair_wait, client_wait]
        .into_iter()
        .flatten()
        .filter(|wait| *wait > Duration::zero())
        .max()
}

/// The buckets of one login attempt: the address and client together, and the client.
pub struct LoginBuckets {
    pub pair: String,
    pub client: String,
}

impl LoginBuckets {
    pub fn new(email: &str, parts: &Parts) -> Self {
        let client = client_key(parts);
        // The client key never holds `|`, so no two pairs share a bucket.
        Self {
            pair: format!("login:{email}|{client}"),
            client: format!("login-client:{client}"),
        }
    }
}

/// Counts a login attempt as a failure before the password is checked (a
/// successful one is taken back by [`login_succeeded`]), or refuses it with 429
/// and `Retry-After` while the client must wait. Counting first means parallel
/// guesses are judged one by one.
pub async fn start_login_attempt(buckets: &LoginBuckets) -> Result<(), AppError> {
    let since = now() - Duration::hours(LOGIN_WINDOW_HOURS);
    let windows = [
        Window {
            bucket: &buckets.pair,
            since,
        },
        Window {
            bucket: &buckets.client,
            since,
        },
    ];
    let at = now();
    let refused = db()?
        .record_hits_unless(&windows, |hits| match hits {
            [pair, client] => login_wait(pair, client, at),
            _ => None,
        })
        .await?;
    match refused {
        Some(wait) => Err(too_many(wait)),
        None => Ok(()),
    }
}

/// The password was right: its attempt is no failure, and the client's count
/// for the address starts again.
pub async fn login_succeeded(buckets: &LoginBuckets) -> Result<(), AppError> {
    let db = db()?;
    db.clear_rate_limit(&buckets.pair).await?;
    Ok(db.forget_latest_hit(&buckets.client).await?)
}

/// 429, telling plain HTTP clients when to come back.
fn too_many(wait: Duration) -> AppError {
    let seconds = wait.num_seconds().max(1);
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
    }
    AppError::TooManyRequests
}

/// Counts a hit of `bucket` and refuses it beyond `limit` within the last hour.
/// Recorded before counted, so a parallel burst cannot slip under the limit.
async fn limit_per_hour(bucket: &str, limit: i64) -> Result<(), AppError> {
    let db = db()?;
    db.record_rate_limit_hit(bucket).await?;
    if db
        .rate_limit_hits(bucket, now() - Duration::hours(1))
        .await?
        > limit
    {
        return Err(too_many(Duration::hours(1)));
    }
    Ok(())
}

/// Counts a registration, series change or other write of a signed-in account
/// and refuses it beyond the hourly limit. Every write server function calls it.
pub async fn limit_submissions(account_id: i64) -> Result<(), AppError> {
    limit_per_hour(&format!("submit:{account_id}"), SUBMISSIONS_PER_HOUR).await
}

/// Offers and messages are read by people: fewer of them per hour than other
/// writes, counted per account and per client.
const POSTS_PER_ACCOUNT_PER_HOUR: i64 = 30;
const POSTS_PER_CLIENT_PER_HOUR: i64 = 60;

/// Counts an offer or a message, on top of [`limit_submissions`].
pub async fn limit_posts(account_id: i64, parts: &Parts) -> Result<(), AppError> {
    limit_submissions(account_id).await?;
    limit_per_hour(&format!("post:{account_id}"), POSTS_PER_ACCOUNT_PER_HOUR).await?;
    let client = format!("post-client:{}", client_key(parts));
    limit_per_hour(&client, POSTS_PER_CLIENT_PER_HOUR).await
}

/// Sign-ups have no account yet; they are counted per client.
pub async fn limit_signups(parts: &Parts) -> Result<(), AppError> {
    let bucket = format!("signup-client:{}", client_key(parts));
    limit_per_hour(&bucket, SIGNUPS_PER_CLIENT_PER_HOUR).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(1_800_000_000 + seconds)
    }

    fn hits(count: i64, first: i64, latest: i64) -> RecentHits {
        RecentHits {
            count,
            first: Some(at(first)),
            latest: Some(at(latest)),
        }
    }

    #[test]
    fn typos_cost_nothing_then_each_failure_doubles_the_wait() {
        let none = RecentHits::default();
        assert_eq!(login_wait(&none, &none, at(0)), None);
        let typos = hits(FREE_LOGIN_FAILURES - 1, 0, 10);
        assert_eq!(login_wait(&typos, &typos, at(10)), None);
        let mut waits = Vec::new();
        for extra in 0..4 {
            let pair = hits(FREE_LOGIN_FAILURES + extra, 0, 100);
            waits.push(login_wait(&pair, &none, at(100)).map(|w| w.num_seconds()));
        }
        assert_eq!(waits, [Some(5), Some(10), Some(20), Some(40)]);
        let pair = hits(FREE_LOGIN_FAILURES, 0, 100);
        assert_eq!(
            login_wait(&pair, &none, at(103)),
            Some(Duration::seconds(2))
        );
        assert_eq!(login_wait(&pair, &none, at(105)), None, "waited out");
    }

    #[test]
    fn the_wait_is_capped_and_the_count_cannot_overflow() {
        let pair = hits(10_000, 0, 100);
        assert_eq!(
            login_wait(&pair, &RecentHits::default(), at(100)),
            Some(Duration::minutes(MAX_LOGIN_DELAY_MINUTES))
        );
    }

    #[test]
    fn a_client_trying_many_addresses_waits_until_its_first_failure_ages() {
        let pair = RecentHits::default();
        let client = hits(LOGIN_FAILURES_PER_CLIENT, 0, 600);
        assert_eq!(
            login_wait(&pair, &client, at(600)),
            Some(Duration::seconds(3600 - 600))
        );
        let below = hits(LOGIN_FAILURES_PER_CLIENT - 1, 0, 600);
        assert_eq!(login_wait(&pair, &below, at(600)), None);
    }

    #[test]
    fn clients_are_keyed_by_address_and_ipv6_by_its_64() {
        assert_eq!(key_of("203.0.113.7".parse().expect("ip")), "203.0.113.7");
        assert_eq!(
            key_of("::ffff:203.0.113.7".parse().expect("ip")),
            "203.0.113.7"
        );
        let a = key_of("2001:db8:1:2:aaaa::1".parse().expect("ip"));
        let b = key_of("2001:db8:1:2:bbbb::9".parse().expect("ip"));
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b);
        assert_ne!(a, key_of("2001:db8:1:3::1".parse().expect("ip")));
        assert!(!a.contains('|'));
    }

    #[test]
    fn forwarded_headers_do_not_change_the_key() {
        let request = http::Request::builder()
            .header("x-forwarded-for", "198.51.100.1")
            .header("x-real-ip", "198.51.100.1")
            .header("forwarded", "for=198.51.100.1")
            .extension(axum::extract::ConnectInfo(SocketAddr::from((
                [203, 0, 113, 7],
                443,
            ))))
            .body(())
            .expect("request");
        let (parts, ()) = request.into_parts();
        assert_eq!(client_key(&parts), "203.0.113.7");
        let other_proxy = "192.0.2.1".parse().ok();
        assert_eq!(client_key_behind(&parts, other_proxy), "203.0.113.7");
    }

    #[test]
    fn behind_the_trusted_proxy_the_client_is_the_address_it_forwarded() {
        let request = http::Request::builder()
            .header("x-forwarded-for", "198.51.100.1, 198.51.100.77")
            .header("x-forwarded-for", "203.0.113.50")
            .extension(axum::extract::ConnectInfo(SocketAddr::from((
                [10, 0, 0, 1],
                40000,
            ))))
            .body(())
            .expect("request");
        let (parts, ()) = request.into_parts();
        let proxy = "10.0.0.1".parse().ok();
        assert_eq!(
            client_key_behind(&parts, proxy),
            "203.0.113.50",
            "the last entry, which the proxy wrote; the client may have written the others"
        );
        assert_eq!(client_key_behind(&parts, None), "10.0.0.1");
    }
}
