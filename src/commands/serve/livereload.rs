//! Live reload as a layer of the preview's server: every HTML page it serves gets the script that
//! listens for rebuilds. The preview folder itself holds exactly what `newsroom build` writes, so
//! the two can never differ, and no page is rendered twice to carry the script.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The tag added before `</body>`.
pub const LIVE_SCRIPT_TAG: &str = "<script src=\"/__newsroom/live.js\"></script>";

/// Pages are read whole to add the tag; no news page comes near this.
const LARGEST_PAGE: usize = 256 * 1024 * 1024;

/// Adds the live-reload script to HTML responses: pages (200) and the site's 404 page.
pub async fn inject(request: Request, next: Next) -> Response {
    let is_head = request.method() == Method::HEAD;
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if !is_html || !matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Byte ranges of the file on disk would not be ranges of the page as served.
    parts.headers.remove(header::ACCEPT_RANGES);
    if is_head {
        let length = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if let Some(length) = length {
            parts.headers.insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(length + LIVE_SCRIPT_TAG.len()),
            );
        }
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST_PAGE).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut page = bytes.to_vec();
    add_live_script(&mut page);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(page.len()));
    Response::from_parts(parts, Body::from(page))
}

/// Adds the live-reload script to an HTML page, before `</body>` where there is one.
pub fn add_live_script(page: &mut Vec<u8>) {
    let tag = LIVE_SCRIPT_TAG.as_bytes();
    match page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(at) => {
            page.splice(at..at, tag.iter().copied());
        }
        None => page.extend_from_slice(tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let mut page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>".to_vec();
        add_live_script(&mut page);
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            format!("<html><body><p>&lt;/body&gt;</p>{LIVE_SCRIPT_TAG}</BODY></html>")
        );
        let mut fragment = b"<p>no body</p>".to_vec();
        add_live_script(&mut fragment);
        assert!(fragment.ends_with(LIVE_SCRIPT_TAG.as_bytes()));
    }
}
