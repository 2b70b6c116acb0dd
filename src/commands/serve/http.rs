//! The preview's HTTP side: the output folder through tower-http's `ServeDir`, behind a guard that
//! refuses any path that could leave the folder, plus the live-reload script and its event stream
//! (Server-Sent Events).

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{broadcast, watch};
use tower_http::services::{ServeDir, ServeFile};

pub const EVENTS_PATH: &str = "/__newsroom/events";
pub const SCRIPT_PATH: &str = "/__newsroom/live.js";
const LIVE_JS: &str = include_str!("live.js");

/// What the rebuild thread tells the open pages.
#[derive(Debug, Clone)]
pub enum Signal {
    Reload,
    /// The errors of a failed rebuild, as JSON: `{"errors": ["path:line:col: error: ..."]}`.
    Problems(Arc<str>),
}

/// The channels between the rebuild thread and the pages' event streams.
#[derive(Clone)]
pub struct Live {
    pub signals: broadcast::Sender<Signal>,
    /// The current errors as JSON (empty when there are none), sent to pages as they connect.
    pub problems: Arc<watch::Sender<Arc<str>>>,
    /// Becomes true on Ctrl-C: event streams end, so the server can stop.
    pub shutdown: watch::Receiver<bool>,
}

impl Live {
    pub fn new(shutdown: watch::Receiver<bool>) -> Self {
        Live {
            signals: broadcast::channel(64).0,
            problems: Arc::new(watch::channel(Arc::from("")).0),
            shutdown,
        }
    }

    /// Records the current errors and shows them on the open pages (none: reload them).
    pub fn publish(&self, errors: &[String], reload: bool) {
        let json: Arc<str> = if errors.is_empty() {
            Arc::from("")
        } else {
            Arc::from(serde_json::json!({ "errors": errors }).to_string())
        };
        self.problems.send_replace(Arc::clone(&json));
        // No page open is no error.
        if reload {
            let _ = self.signals.send(Signal::Reload);
        } else if !json.is_empty() {
            let _ = self.signals.send(Signal::Problems(json));
        }
    }
}

/// The whole app: the event stream and script, then the preview folder. `site` is where the
/// pages are inside it (a sub-folder for a site whose `base_url` has a path), and has the 404 page.
pub fn router(preview: &Path, site: &Path, live: Live) -> Router {
    let root = std::fs::canonicalize(preview).unwrap_or_else(|_| preview.to_path_buf());
    let site = root.join(site.strip_prefix(preview).unwrap_or(Path::new("")));
    let files = ServeDir::new(&root)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(site.join("404.html")));
    let mut router = Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script));
    // A site in a sub-folder (`/news/`) has nothing at `/`: send whoever opens the bare address
    // there, rather than to a 404. Temporary, as the preview's layout follows site.yaml.
    if let Ok(sub_folder) = site.strip_prefix(&root)
        && !sub_folder.as_os_str().is_empty()
    {
        let location = format!("/{}/", sub_folder.to_string_lossy().replace('\\', "/"));
        router = router.route(
            "/",
            get(move || async move {
                (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
            }),
        );
    }
    router
        .with_state(live)
        .fallback_service(files)
        .layer(middleware::from_fn(super::livereload::inject))
        .layer(middleware::from_fn_with_state(Arc::new(root), guard))
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
}

async fn events(State(live): State<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = live.signals.subscribe();
    let mut first = vec![Event::default().event("hello").data("newsroom")];
    let current = live.problems.borrow().clone();
    if !current.is_empty() {
        first.push(Event::default().event("problems").data(&*current));
    }
    let state = (first.into_iter(), receiver, live.shutdown.clone());
    let stream = futures_util::stream::unfold(
        state,
        |(mut first, mut receiver, mut shutdown)| async move {
            if let Some(event) = first.next() {
                return Some((Ok(event), (first, receiver, shutdown)));
            }
            let event = tokio::select! {
                _ = shutdown.wait_for(|stop| *stop) => return None,
                signal = receiver.recv() => match signal {
                    Ok(Signal::Reload) | Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("reload").data("reload")
                    }
                    Ok(Signal::Problems(json)) => Event::default().event("problems").data(&*json),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            Some((Ok(event), (first, receiver, shutdown)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Refuses requests for anything outside the output folder before `ServeDir` sees them, and gives
/// every response the right `Content-Type` and no caching (a preview changes all the time).
async fn guard(State(root): State<Arc<PathBuf>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if let Err(status) = check_path(&root, &path) {
        return status.into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let known = response_type(&path, headers.get(header::CONTENT_TYPE));
    if let Some(value) = known {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 400 for paths that try to climb out or smuggle separators; 404 for a symbolic link (or a file
/// below one) that leads outside the output folder.
pub fn check_path(root: &Path, raw: &str) -> Result<(), StatusCode> {
    let lower = raw.to_ascii_lowercase();
    if !raw.starts_with('/')
        || raw.starts_with("//")
        || raw.contains(['\\', '\0'])
        || ["%2f", "%5c", "%00"].iter().any(|s| lower.contains(s))
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = percent_decode(raw).ok_or(StatusCode::BAD_REQUEST)?;
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    // A drive (`c:`) is a path of its own on Windows; elsewhere it is refused all the same.
    let is_drive =
        |s: &str| s.len() == 2 && s.ends_with(':') && s.as_bytes()[0].is_ascii_alphabetic();
    if segments
        .iter()
        .any(|s| *s == "." || *s == ".." || s.contains(['\\', '\0']) || is_drive(s))
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    // Blocking calls, but a few fast metadata look-ups on a local folder; not worth a thread hop.
    let mut path = root.to_path_buf();
    path.extend(&segments);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(()); // ServeDir answers 404 (with the site's page).
    }
    let inside = |p: &Path| std::fs::canonicalize(p).map_or(true, |real| real.starts_with(root));
    if !inside(&path) || (path.is_dir() && !inside(&path.join("index.html"))) {
        return Err(StatusCode::NOT_FOUND);
    }
    Ok(())
}

/// `%XX` sequences into bytes, as UTF-8; `None` when they are malformed or not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// The `Content-Type` for a response: by the file's extension for the types a news site serves,
/// else the one `ServeDir` guessed, with `charset=utf-8` added to text types.
fn response_type(path: &str, guessed: Option<&HeaderValue>) -> Option<HeaderValue> {
    let name = path.rsplit('/').next().unwrap_or_default();
    let extension = match name.rsplit_once('.') {
        _ if name.is_empty() => "html", // a folder: its index.html
        Some((_, extension)) => extension,
        None => "",
    };
    if let Some(known) = content_type(&extension.to_ascii_lowercase()) {
        // A missing file gets the 404 page, which is HTML whatever was asked for.
        let is_html_page = guessed.is_some_and(|g| g.as_bytes().starts_with(b"text/html"));
        return Some(HeaderValue::from_static(if is_html_page {
            "text/html; charset=utf-8"
        } else {
            known
        }));
    }
    let guessed = guessed?.to_str().ok()?;
    let is_text = guessed.starts_with("text/")
        || guessed.ends_with("+xml")
        || guessed.ends_with("/xml")
        || guessed.ends_with("/json")
        || guessed.ends_with("/javascript");
    (is_text && !guessed.contains("charset"))
        .then(|| HeaderValue::from_str(&format!("{guessed}; charset=utf-8")).ok())
        .flatten()
}

pub fn content_type(extension: &str) -> Option<&'static str> {
    Some(match extension {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ico" => "image/x-icon",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn climbing_and_smuggled_separators_are_bad_requests() {
        let root = std::env::temp_dir();
        for path in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/%2fetc/passwd",
            "/..%5c..%5cetc",
            "/..\\..\\etc",
            "//etc/passwd",
            "/a%00.html",
            "/c:/windows",
            "/%ff",
        ] {
            assert_eq!(
                check_path(&root, path),
                Err(StatusCode::BAD_REQUEST),
                "{path}"
            );
        }
        assert_eq!(check_path(&root, "/en/politics/"), Ok(()));
    }

    #[test]
    fn text_types_carry_a_charset() {
        assert_eq!(
            response_type("/en/", None).unwrap(),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            response_type("/img/a.png", Some(&HeaderValue::from_static("image/png"))).unwrap(),
            "image/png"
        );
        assert_eq!(
            response_type("/missing.png", Some(&HeaderValue::from_static("text/html"))).unwrap(),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            response_type("/_redirects", Some(&HeaderValue::from_static("text/plain"))).unwrap(),
            "text/plain; charset=utf-8"
        );
    }
}
