//! Live reload: `serve` adds one script tag to each page it sends; the script listens to the
//! server's build events (Server-Sent Events) and reloads the page, or shows the error. The
//! script is a file served by `serve` alone: no inline script, so the strict CSP holds, and
//! nothing of it is ever in the output of `build`.

use bytes::Bytes;
use http_body_util::StreamBody;
use hyper::body::Frame;
use std::convert::Infallible;
use tokio::sync::watch;

pub const SCRIPT_PATH: &str = "/_site-gen/live-reload.js";
pub const EVENTS_PATH: &str = "/_site-gen/events";
pub const SCRIPT: &str = include_str!("live-reload.js");
const TAG: &str = "<script src=\"/_site-gen/live-reload.js\" defer></script>";

/// What the pages are told: the last finished build, whether one is running, its errors.
#[derive(Clone, Debug, Default)]
pub struct Status {
    pub generation: u64,
    pub building: bool,
    pub error: Option<String>,
}

/// Adds the script tag before `</head>`; a document without one is left as it is.
pub fn inject(html: &[u8]) -> Option<Vec<u8>> {
    let at = html
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))?;
    let mut out = Vec::with_capacity(html.len() + TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    Some(out)
}

fn event(run: &str, s: &Status) -> Bytes {
    let data = serde_json::json!({
        "build": format!("{run}-{}", s.generation),
        "building": s.building,
        "error": s.error,
    });
    Bytes::from(format!("data: {data}\n\n"))
}

/// The event stream of one page: the state now, then every change. `run` tells this process
/// from the next, so that a page reloads after `serve` is restarted too.
pub fn events(
    run: String,
    rx: watch::Receiver<Status>,
) -> StreamBody<impl futures_util::Stream<Item = Result<Frame<Bytes>, Infallible>>> {
    let stream = futures_util::stream::unfold((rx, true), move |(mut rx, first)| {
        let run = run.clone();
        async move {
            if !first && rx.changed().await.is_err() {
                return None;
            }
            let bytes = event(&run, &rx.borrow_and_update());
            Some((Ok(Frame::data(bytes)), (rx, false)))
        }
    });
    StreamBody::new(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_goes_in_the_head() {
        let page = inject(b"<html><head><title>x</title></head><body></body></html>").unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(&format!("{TAG}</head>")));
        assert!(inject(b"not a page").is_none());
    }

    #[test]
    fn an_error_is_sent_with_its_text() {
        let s = Status {
            generation: 3,
            building: false,
            error: Some("error: x\n --> content/pages/a.md:2:1".into()),
        };
        let e = String::from_utf8(event("9", &s).to_vec()).unwrap();
        assert!(e.starts_with("data: {"));
        assert!(e.contains("\"build\":\"9-3\""));
        assert!(e.contains("a.md:2:1"));
        assert!(e.ends_with("\n\n"));
    }
}
