//! "Now" for a build: `SOURCE_DATE_EPOCH` where set, so that a build can be reproduced later (and
//! tests can pin the news sitemap's window), else the system clock.

use chrono::{DateTime, Utc};

pub fn now() -> Result<DateTime<Utc>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH is '{value}'; it must be whole seconds since 1970-01-01 UTC"
                )
            }),
        _ => Ok(Utc::now()),
    }
}
