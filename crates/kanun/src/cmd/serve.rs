//! `kanun serve` and `kanun user`.

use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kanun_model::user::{Role, User};
use kanun_search::SyncEvent;
use kanun_server::{Config, Mode, Workbench};

use super::{print, print_json};
use crate::cli::UserCommand;

/// Starts the workbench and serves until Ctrl-C (or SIGTERM).
pub fn run(config: Config, limits: kanun_server::Limits) -> anyhow::Result<ExitCode> {
    init_logs();
    let addr = config.addr;
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("indexing {bar:30} {pos}/{len} works  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
    }
    let wb = Workbench::open(config, &mut |e| match e {
        SyncEvent::Start { works } => bar.set_length(works as u64),
        SyncEvent::Work { uri, .. } => {
            bar.set_message(uri);
            bar.inc(1);
        }
    })
    .context("cannot start the workbench")?;
    bar.finish_and_clear();
    let r = &wb.sync_report;
    tracing::info!(
        works = wb.corpus.catalog().works.len(),
        added = r.added.len(),
        updated = r.updated.len(),
        unchanged = r.unchanged,
        annotations = wb.store.len(),
        imported = wb.imported,
        "index ready"
    );
    if wb.corpus.catalog().broken_files > 0 {
        tracing::warn!(
            files = wb.corpus.catalog().broken_files,
            "corpus files with errors were left out; run `kanun check`"
        );
    }
    let mode = match wb.auth.mode() {
        Mode::Local => "local mode: one local user, no login (loopback only)",
        Mode::Team => "team mode: users sign in",
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr} (is another server running there?)"))?;
        let bound = listener.local_addr()?;
        eprintln!("Kanun workbench on http://{bound}/  ({mode}); Ctrl-C stops it");
        kanun_server::serve_with(listener, std::sync::Arc::new(wb), limits, shutdown_signal()).await?;
        eprintln!("stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing the requests in flight");
}

/// Structured logs on standard error: `RUST_LOG` decides the level (default: info for Kanun, warnings for the
/// rest); JSON lines when `KANUN_LOG_JSON=1`.
fn init_logs() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,kanun=info,kanun_server=info,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if std::env::var("KANUN_LOG_JSON").is_ok_and(|v| v == "1") {
        builder.json().try_init()
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).try_init()
    };
}

fn password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("KANUN_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("give the password in KANUN_PASSWORD (standard input is not a terminal to ask on)");
    }
    eprint!("password (shown as you type; at least 8 characters): ");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// `kanun user …`
pub fn user(data: &Path, annotations: &Path, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    // Users live in the store; nothing is imported into a new one here.
    let store = super::data::open_store(data, annotations, false)?;
    match cmd {
        UserCommand::Add { name, role } => {
            let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
            kanun_model::user::validate_name(&name).map_err(|e| anyhow::anyhow!(e))?;
            let hash = kanun_server::auth::hash_password(&password()?).map_err(|e| anyhow::anyhow!(e))?;
            let existed = store.user(&name)?.is_some();
            store.put_user(&User {
                name: name.clone(),
                role,
                password_hash: hash,
                created: kanun_store::now_rfc3339(),
                disabled: false,
            })?;
            print(&format!("{} {name} ({role})\n", if existed { "updated" } else { "added" }))?;
        }
        UserCommand::List { json } => {
            let users = store.users()?;
            if json {
                let list: Vec<_> = users
                    .iter()
                    .map(|u| serde_json::json!({"name": u.name, "role": u.role, "created": u.created}))
                    .collect();
                print_json(&list)?;
            } else {
                let mut out = String::new();
                for u in &users {
                    out.push_str(&format!("{:<24} {:<9} {}\n", u.name, u.role, u.created));
                }
                out.push_str(&format!("{} users\n", users.len()));
                print(&out)?;
            }
        }
        UserCommand::Remove { name } => {
            if !store.remove_user(&name)? {
                bail!("no user {name:?} (see `kanun user list`)");
            }
            print(&format!("removed {name}\n"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
