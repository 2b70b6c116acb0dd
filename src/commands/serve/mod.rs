//! `newsroom serve`: builds the site into a preview folder, serves it, and rebuilds it as files
//! change, reloading the open pages. The only async code of newsroom (tokio, axum, notify).
//!
//! The preview is written to its own folder in the system's temporary folder
//! (`newsroom-serve-<pid>`, removed on exit), never to `public/`: its pages carry local URLs,
//! which a deployable build must not. Otherwise it holds what a build writes: the live-reload
//! script is added as pages are served (`livereload`).

mod http;
mod livereload;
mod preview;
mod watch;

use crate::output::{self, OwnerLock};
use crate::pipeline::BuildOptions;
use preview::Preview;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build; `out` and `base_url` are set by the server.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the preview in the default browser once it is served.
    pub open: bool,
}

/// Builds, serves and watches until Ctrl-C. An error is a message for the terminal.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let root = std::fs::canonicalize(&options.build.root).map_err(|err| {
        format!(
            "cannot open the site folder {}: {err}",
            options.build.root.display()
        )
    })?;
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|err| format!("cannot read the server's address: {err}"))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, not on a loopback address: anyone who can reach this machine over the network can see the preview (including drafts with --drafts)",
            options.bind
        );
    }

    remove_stale_previews();
    // A site that lives in a sub-folder (`base_url` https://example.org/news/) is previewed at
    // the same path, so its links work as they will on the host: the pages are built into that
    // sub-folder of the preview folder, which is served from its root.
    let base_path = site_base_path(&root);
    let preview_root = std::env::temp_dir().join(format!("{PREVIEW_PREFIX}{}", std::process::id()));
    let _owner = OwnerLock::acquire(&server_marker(
        &std::env::temp_dir(),
        &std::process::id().to_string(),
    ))
    .map_err(|err| format!("cannot create the preview folder: {err}"))?;
    let out = match base_path.trim_matches('/') {
        "" => preview_root.clone(),
        sub_folder => preview_root.join(sub_folder),
    };
    let mut build = options.build.clone();
    build.root = root.clone();
    build.photos_of = Some(build.out_dir());
    build.out = Some(out.clone());
    build.base_url = Some(format!("http://{}{base_path}", browsable(address)));
    let mut preview = Preview::new(build);

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let live = http::Live::new(stopped);

    // Watching starts first, so that edits made during the first build are not missed.
    let watcher = watch::watch(&root)
        .map_err(|err| format!("cannot watch {} for changes: {err}", root.display()))?;
    let outcome = preview.build_all();
    if !outcome.changed {
        write_placeholder(&out)?;
    }
    watch::report(&preview, &outcome, &live);
    watch::report_left_out(&preview);
    let watching = watch::start(&root, watcher, preview, live.clone())
        .map_err(|err| format!("cannot start the rebuild thread: {err}"))?;

    let url = format!("http://{}{base_path}", browsable(address));
    println!(
        "serving {} at {url} from {} (Ctrl-C to stop)",
        root.display(),
        out.display()
    );
    if options.open {
        open_browser(&url);
    }
    let served = serve_until_stopped(listener, http::router(&preview_root, &out, live), stop);
    watching.stop();
    let _ = std::fs::remove_dir_all(&preview_root);
    let _ = std::fs::remove_dir_all(crate::cache::folder(&out));
    served
}

/// Serves the preview until Ctrl-C (or SIGTERM), then tells the event streams to end.
fn serve_until_stopped(
    listener: TcpListener,
    app: axum::Router,
    stop: tokio::sync::watch::Sender<bool>,
) -> Result<(), String> {
    let address = listener
        .local_addr()
        .map_err(|err| format!("cannot read the server's address: {err}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the server's runtime: {err}"))?;
    runtime.block_on(async {
        listener
            .set_nonblocking(true)
            .map_err(|err| format!("cannot serve on {address}: {err}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|err| format!("cannot serve on {address}: {err}"))?;
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                stop_signal().await;
                println!("stopping");
                let _ = stop.send(true);
            })
            .await
            .map_err(|err| format!("the server stopped: {err}"))
    })
}

/// The path of the site's `base_url` (`/` or `/news/`); `/` when site.yaml cannot be read yet
/// (the first build reports why).
fn site_base_path(root: &std::path::Path) -> String {
    let mut ignored = crate::diagnostics::Diagnostics::new();
    crate::config::load_site(root, &mut ignored)
        .map(|config| config.base_path().to_string())
        .unwrap_or_else(|| "/".to_string())
}

const PREVIEW_PREFIX: &str = "newsroom-serve-";

/// Ctrl-C, or a polite kill (SIGTERM), ends the server the same clean way.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Preview folders of servers that were killed outright (no Ctrl-C), with their rebuilds'
/// staging folders, build caches and locks (all named `[.]newsroom-serve-<pid>...`), are removed
/// on the next start. A live server holds the lock of `newsroom-serve-<pid>.server`.
fn remove_stale_previews() {
    let temp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&temp) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.trim_start_matches('.').strip_prefix(PREVIEW_PREFIX) else {
            continue;
        };
        let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if pid.is_empty() || output::is_owned(&server_marker(&temp, &pid)) {
            continue;
        }
        let path = entry.path();
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// What a running server holds the lock of, to say its preview files are in use.
fn server_marker(temp: &std::path::Path, pid: &str) -> std::path::PathBuf {
    temp.join(format!("{PREVIEW_PREFIX}{pid}.server"))
}

/// Binds the address, saying plainly when the port is taken.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(SocketAddr::new(ip, port)).map_err(|err| match err.kind() {
        ErrorKind::AddrInUse => format!(
            "port {port} on {ip} is already in use (is another `newsroom serve` running?); stop it or choose another port with --port"
        ),
        ErrorKind::PermissionDenied => format!(
            "not allowed to listen on port {port} of {ip}; choose a port above 1023 with --port"
        ),
        ErrorKind::AddrNotAvailable => format!(
            "{ip} is not an address of this machine; use --bind 127.0.0.1"
        ),
        _ => format!("cannot listen on {ip}:{port}: {err}"),
    })
}

/// The address to put in URLs: a wildcard bind is reached through the loopback address.
fn browsable(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), address.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), address.port())
        }
        _ => address,
    }
}

/// When the first build fails there is no site yet: a page that waits for the fix (the errors
/// show over it) and reloads.
fn write_placeholder(out: &std::path::Path) -> Result<(), String> {
    let page = b"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>newsroom serve</title></head>\n<body><p>The site has errors, listed in the terminal; this page reloads when they are fixed.</p></body></html>\n".to_vec();
    // The marker lets the first good build replace the placeholder like any earlier build.
    std::fs::create_dir_all(out)
        .and_then(|()| std::fs::write(out.join("index.html"), page))
        .and_then(|()| std::fs::write(out.join(output::MARKER), output::MARKER_TEXT))
        .map_err(|err| format!("cannot write the preview folder {}: {err}", out.display()))
}

fn open_browser(url: &str) {
    let command: (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(err) = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({err}); open {url} yourself");
    }
}
