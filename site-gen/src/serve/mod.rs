//! `site-gen serve`: build, serve the output on loopback, rebuild as soon as a content or
//! theme file changes, and reload the open pages. Responses carry the strict
//! Content-Security-Policy production should use, so an author sees at once anything that
//! would break under it, and the caching and compression headers a host should send.
//!
//! Served by hyper on tokio: every connection is its own task, so a slow or stuck client
//! holds only its own socket (tiny_http answered one request at a time, and one client that
//! stopped reading blocked everybody), and long-lived event streams for live reload cost
//! no thread each.

mod deadline;
mod files;
mod live;
mod watch;

pub use files::CSP;

use crate::{build_cached, Cache, Options};
use bytes::Bytes;
use files::{IMMUTABLE, REVALIDATE};
use http_body_util::{combinators::UnsyncBoxBody, BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use live::Status;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch as channel;

type Body = UnsyncBoxBody<Bytes, Infallible>;

/// A client that takes longer than this to send its request's headers, or leaves a write
/// waiting this long, is disconnected.
const HEADERS_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_STALL: Duration = Duration::from_secs(30);
/// A request for a missing file made during a rebuild waits at most this long for it.
const REBUILD_WAIT: Duration = Duration::from_secs(60);

struct State {
    out: PathBuf,
    live_reload: bool,
    /// Tells this process's builds from the next one's, for pages open across a restart.
    run: String,
    status: channel::Sender<Status>,
}

/// Serves until the process is stopped. `port` 0 picks a free port; the address is printed.
/// With `live_reload`, pages get the live-reload script (see `serve::live`).
pub fn serve(mut opts: Options, port: u16, live_reload: bool) -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    let addr = listener.local_addr()?;
    opts.base_url = Some(format!("http://{addr}/"));
    // Started before the first build, so that an edit made while it runs, or just after the
    // address is printed, is seen as a change.
    let changes = watch::start(&watched(&opts), &opts.out);
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let state = Arc::new(State {
        out: opts.out.clone(),
        live_reload,
        run: format!("{}-{started:x}", std::process::id()),
        status: channel::Sender::new(Status::default()),
    });
    let mut cache = Cache::default();
    rebuild(&opts, &mut cache, &state);
    println!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        opts.out.display()
    );
    {
        let state = state.clone();
        std::thread::spawn(move || {
            while changes.next() {
                rebuild(&opts, &mut cache, &state);
            }
        });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(accept(listener, state))
}

fn rebuild(opts: &Options, cache: &mut Cache, state: &State) {
    state.status.send_modify(|s| s.building = true);
    // A bug in a build must not end the rebuilds: it is reported like an error, and the next
    // build starts afresh.
    let built =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build_cached(opts, cache)))
            .unwrap_or_else(|_| {
                *cache = Cache::default();
                Err(crate::diag::Diagnostic::error(
            "site-gen failed unexpectedly (a bug: please report it with the edit that caused it)",
        )
        .into())
            });
    let error = match built {
        Ok(r) => {
            println!(
                "built {} pages in {:.2} s ({} rendered, {} written, {} removed)",
                r.pages,
                r.elapsed.as_secs_f64(),
                r.rendered,
                r.written,
                r.removed
            );
            None
        }
        Err(e) => {
            eprintln!("{e}");
            Some(e.to_string())
        }
    };
    state.status.send_modify(|s| {
        s.building = false;
        s.generation += 1;
        s.error = error;
    });
}

/// The content folder and the themes folder: what `serve` watches.
fn watched(opts: &Options) -> Vec<PathBuf> {
    vec![
        opts.content.clone(),
        opts.themes.clone().unwrap_or_else(|| {
            opts.content
                .parent()
                .unwrap_or(Path::new("."))
                .join("themes")
        }),
    ]
}

async fn accept(listener: std::net::TcpListener, state: Arc<State>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, a connection reset before it was accepted: the
                // server goes on.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let state = state.clone();
        tokio::spawn(async move {
            let io = TokioIo::new(deadline::WriteDeadline::new(stream, WRITE_STALL));
            let service = hyper::service::service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(respond(&state, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADERS_TIMEOUT)
                .serve_connection(io, service)
                .await;
        });
    }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed_unsync()
}

fn with_common_headers(mut response: Response<Body>) -> Response<Body> {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn status_only(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(full(text));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

async fn respond(state: &State, req: Request<Incoming>) -> Response<Body> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = status_only(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return with_common_headers(r);
    }
    let path = req.uri().path();
    if state.live_reload && path == live::SCRIPT_PATH {
        let mut r = Response::new(full(live::SCRIPT));
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
        return with_common_headers(r);
    }
    if state.live_reload && path == live::EVENTS_PATH {
        let body = live::events(state.run.clone(), state.status.subscribe());
        let mut r = Response::new(body.boxed_unsync());
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return with_common_headers(r);
    }
    with_common_headers(file_response(state, &req).await)
}

/// The file for the request, its bytes as sent and their encoding. A file missing while a
/// rebuild runs may be one being replaced: the request waits for the rebuild and looks
/// again, rather than answer 404.
async fn load(
    state: &State,
    url_path: &str,
    accept: &str,
) -> Option<(PathBuf, Vec<u8>, Option<&'static str>)> {
    if let Some(found) = try_load(state, url_path, accept).await {
        return Some(found);
    }
    let mut rx = state.status.subscribe();
    if rx.borrow_and_update().building {
        let _ = tokio::time::timeout(REBUILD_WAIT, rx.wait_for(|s| !s.building)).await;
    }
    try_load(state, url_path, accept).await
}

async fn try_load(
    state: &State,
    url_path: &str,
    accept: &str,
) -> Option<(PathBuf, Vec<u8>, Option<&'static str>)> {
    let file = files::resolve_path(&state.out, url_path).filter(|p| p.is_file())?;
    if state.live_reload && file.extension().is_some_and(|e| e == "html") {
        let (body, coding) = page_with_script(&file, accept).await?;
        return Some((file, body, coding));
    }
    let mut precompressed = None;
    for (coding, sibling) in encodings(accept, &file) {
        if let Ok(bytes) = tokio::fs::read(&sibling).await {
            precompressed = Some((bytes, coding));
            break;
        }
    }
    if let Some((bytes, coding)) = precompressed {
        return Some((file, bytes, Some(coding)));
    }
    let bytes = tokio::fs::read(&file).await.ok()?;
    Some((file, bytes, None))
}

/// The encodings a response may use for `file`, best first: each precompressed copy the
/// request accepts.
fn encodings<'a>(
    accept: &'a str,
    file: &'a Path,
) -> impl Iterator<Item = (&'static str, PathBuf)> + 'a {
    crate::compress::ENCODINGS
        .iter()
        .zip(crate::compress::siblings(file))
        .filter(move |((coding, _), _)| files::accepts(accept, coding))
        .map(|((coding, _), sibling)| (*coding, sibling))
}

async fn file_response(state: &State, req: &Request<Incoming>) -> Response<Body> {
    let url_path = req.uri().path();
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some((file, body, coding)) = load(state, url_path, accept).await else {
        let body = tokio::fs::read(state.out.join("404.html"))
            .await
            .unwrap_or_else(|_| b"404 not found\n".to_vec());
        let mut r = Response::new(full(body));
        *r.status_mut() = StatusCode::NOT_FOUND;
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
        return r;
    };
    let rel = file
        .strip_prefix(&state.out)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let etag = files::etag(&body);
    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| files::matches(v, &etag));
    let mut r = if not_modified {
        let mut r = Response::new(Empty::new().boxed_unsync());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        Response::new(full(body))
    };
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(files::content_type(&file)),
    );
    let cache = if files::is_hashed_asset(&rel) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if crate::compress::compressible(&rel) {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if let Some(coding) = coding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    r
}

/// A page with the live-reload script: its bytes differ from the built file's, so it is
/// compressed here (at a fast level) instead of using the precompressed copies.
async fn page_with_script(file: &Path, accept: &str) -> Option<(Vec<u8>, Option<&'static str>)> {
    let bytes = tokio::fs::read(file).await.ok()?;
    let page = live::inject(&bytes).unwrap_or(bytes);
    let encoded = if files::accepts(accept, "br") {
        crate::compress::brotli_bytes(&page, 4)
            .ok()
            .map(|b| (b, "br"))
    } else if files::accepts(accept, "gzip") {
        crate::compress::gzip_bytes(&page, 4)
            .ok()
            .map(|b| (b, "gzip"))
    } else {
        None
    };
    Some(match encoded {
        Some((b, coding)) => (b, Some(coding)),
        None => (page, None),
    })
}
