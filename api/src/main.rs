//! The `custos` command: runs the server and its administrative commands.

use actix_web::{App, HttpResponse, HttpServer, get};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "custos", version, about = "Evidence custody and case recording for handheld enforcement")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CUSTOS_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
    },
}

#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok\n")
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().init();
    match Cli::parse().command {
        Command::Serve { bind } => {
            let server = HttpServer::new(|| App::new().service(healthz)).bind(&bind)?;
            println!("custos listening on http://{bind}");
            server.run().await
        }
    }
}
