//! The performance baseline: a bare axum 0.8 hello-world with no middleware, no templates and no
//! database, run the same way as `imha serve` (tokio's multi-threaded runtime, one listener).
//!
//! `scripts/bench-http.sh` measures it beside `imha` in the same run, so docs/PERFORMANCE.md can
//! give imha's figures as ratios against what axum itself costs on the same noisy machine.
//!
//! ```text
//! cargo run --release -p imha-web --example hello -- --addr 127.0.0.1:8081
//! ```
//!
//! Routes: `GET /` answers "Hello, world!", `GET /healthz` answers "ok".

use std::net::SocketAddr;

use axum::Router;
use axum::routing::get;

/// The listening address from `--addr ADDR` or `--addr=ADDR`; 127.0.0.1:8081 when absent.
fn parse_addr() -> Result<SocketAddr, Box<dyn std::error::Error>> {
    let mut addr = String::from("127.0.0.1:8081");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--addr" {
            addr = args
                .next()
                .ok_or("--addr needs a value, e.g. 127.0.0.1:8081")?;
        } else if let Some(value) = arg.strip_prefix("--addr=") {
            addr = value.to_owned();
        } else {
            return Err(format!("unknown argument {arg:?}; usage: hello [--addr ADDR]").into());
        }
    }
    Ok(addr.parse()?)
}

async fn shutdown_signal() {
    // Ctrl-C or (on Unix) SIGTERM, so the benchmark script can stop it cleanly.
    #[cfg(unix)]
    {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = parse_addr()?;
    let app = Router::new()
        .route("/", get(|| async { "Hello, world!" }))
        .route("/healthz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("hello: listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}
