//! Request budgets: token buckets, one per device or per address, so a steady stream of real
//! users is served while one client flooding requests is told to wait.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// A token bucket: `burst` at once, then `per_second` more each second.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    pub fn full(burst: f64, now: Instant) -> Bucket {
        Bucket {
            tokens: burst,
            at: now,
        }
    }

    fn refill(&mut self, burst: f64, per_second: f64, now: Instant) {
        let gained = now.saturating_duration_since(self.at).as_secs_f64() * per_second;
        self.tokens = (self.tokens + gained).min(burst);
        self.at = now;
    }

    /// Takes a token: `Ok` when there was one, else how long until there is.
    pub fn take(&mut self, burst: f64, per_second: f64, now: Instant) -> Result<(), Duration> {
        self.refill(burst, per_second, now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else if per_second > 0.0 {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / per_second))
        } else {
            Err(Duration::from_secs(3600))
        }
    }

    /// Whether the bucket is full again (so it can be forgotten).
    fn is_full(&mut self, burst: f64, per_second: f64, now: Instant) -> bool {
        self.refill(burst, per_second, now);
        self.tokens >= burst
    }
}

/// The buckets of one kind, one per address, forgetting addresses whose bucket is full again
/// so the table stays small.
#[derive(Debug)]
pub struct PerAddress {
    burst: f64,
    per_second: f64,
    buckets: HashMap<IpAddr, Bucket>,
}

/// How many addresses are remembered before full buckets are swept out.
const SWEEP_AT: usize = 4096;

impl PerAddress {
    /// `per_minute` at once, then `per_minute` a minute.
    pub fn per_minute(per_minute: u32) -> PerAddress {
        PerAddress {
            burst: f64::from(per_minute.max(1)),
            per_second: f64::from(per_minute) / 60.0,
            buckets: HashMap::new(),
        }
    }

    /// Takes a token for `ip`: `Ok`, or how long it must wait.
    pub fn take(&mut self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.buckets.len() >= SWEEP_AT {
            let (burst, rate) = (self.burst, self.per_second);
            self.buckets.retain(|_, b| !b.is_full(burst, rate, now));
        }
        let (burst, rate) = (self.burst, self.per_second);
        self.buckets
            .entry(ip)
            .or_insert_with(|| Bucket::full(burst, now))
            .take(burst, rate, now)
    }

    /// Whether `ip` could take a token now, without taking it.
    pub fn would_allow(&mut self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let (burst, rate) = (self.burst, self.per_second);
        match self.buckets.get(&ip) {
            None => Ok(()),
            Some(b) => {
                let mut b = *b;
                b.take(burst, rate, now)
            }
        }
    }
}

/// Whole seconds to wait, rounded up, for a `Retry-After` header.
pub fn retry_after(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_a_burst_then_a_steady_rate() {
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        let mut b = PerAddress::per_minute(6);
        for _ in 0..6 {
            assert!(b.take(ip, t0).is_ok());
        }
        let wait = b.take(ip, t0).unwrap_err();
        assert_eq!(retry_after(wait), 10, "one more every ten seconds");
        assert!(
            b.take(other, t0).is_ok(),
            "another address has its own bucket"
        );
        assert!(b.take(ip, t0 + Duration::from_secs(10)).is_ok());
        assert!(b.take(ip, t0 + Duration::from_secs(10)).is_err());
    }
}
