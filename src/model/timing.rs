//! When the same sources start giving other pages by themselves, as time passes.

use super::{NEWS_WINDOW_HOURS, Site};
use chrono::{DateTime, Datelike, TimeZone, Utc};

impl Site {
    /// The first moment after this build's "now" at which a build of the same sources would
    /// publish something else: a scheduled story appears, a story expires, a story enters or
    /// leaves the news sitemap's window, or a new year begins (the footer shows the year). Until
    /// then a build that finds no source changed has nothing to do.
    pub fn current_until(&self) -> DateTime<Utc> {
        let now = self.now;
        let window = chrono::Duration::hours(NEWS_WINDOW_HOURS);
        let mut moments: Vec<DateTime<Utc>> = vec![self.next_year()];
        moments.extend(self.left_out.next_scheduled().map(|at| at.to_utc()));
        moments.extend(self.left_out.next_expiry.map(|at| at.to_utc()));
        moments.extend(self.articles.iter().filter_map(|article| {
            let written = article.written.to_utc();
            // A story dated after now (built with --future) enters the window when its time
            // comes; one inside the window leaves it 48 hours after it was written.
            [written, written + window]
                .into_iter()
                .find(|moment| *moment > now)
        }));
        moments.into_iter().min().unwrap_or(now)
    }

    /// The start of the year after "now", in the site's time zone.
    fn next_year(&self) -> DateTime<Utc> {
        let zone = self.config.timezone;
        let year = self.now.with_timezone(&zone).year();
        zone.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0)
            .earliest()
            .map(|at| at.to_utc())
            .unwrap_or(self.now)
    }
}
