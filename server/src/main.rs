use server::cli::{self, Command};
use server::config::Config;
use std::io::BufRead;
use std::process::ExitCode;

// Rendering a page makes many small allocations; mimalloc serves them faster than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match cli::parse(&args) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            Ok(())
        }
        Ok(Command::Run) => run().await,
        Ok(Command::CreateAdmin { email, name }) => create_admin(&email, &name).await,
        Err(message) => Err(format!("{message}\n\n{}", cli::USAGE)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("treffpunkt: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env()?;
    let (router, db) = server::prepare(&config).await?;
    let addr = config.leptos.site_addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let mode = if config.demo { "demo" } else { "production" };
    tracing::info!(%addr, mode, "Treffpunkt is listening");
    println!("Treffpunkt ({mode}) is listening on http://{addr}");
    let served = server::serve(listener, router).await;
    db.close().await;
    served.map_err(|e| format!("server failed: {e}"))
}

async fn create_admin(email: &str, name: &str) -> Result<(), String> {
    let database_url = server::config::database_url_from_env()?;
    let db = app::db::Db::connect(&database_url)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(message) = cli::promote_to_admin(&db, email).await? {
        db.close().await;
        println!("{message}");
        return Ok(());
    }
    let password = match std::env::var("TREFFPUNKT_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            eprintln!("Password for {email} (one line):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            line
        }
    };
    let message = cli::create_admin(&db, email, name, &password).await;
    db.close().await;
    println!("{}", message?);
    Ok(())
}
