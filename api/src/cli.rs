//! The command line: one definition of every command, flag and help text.
//!
//! Exit codes: 0 success; 1 the command ran and refused or failed verification (already
//! initialised, username taken); 2 it could not run (bad configuration, unreachable database,
//! bad arguments). Errors go to stderr as `custos: <message>`.

use crate::accounts::{self, AccountError, NewUser};
use crate::auth::Role;
use crate::bundle::{self, CaseBundle};
use crate::config::{Config, Settings};
use crate::db;
use crate::{clock, keys, server, telemetry};
use clap::{Parser, Subcommand};
use custos_core::note::NoteSigner;
use custos_core::supervision::evaluation::{self, Template};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "custos",
    version,
    about = "Evidence custody and case recording for handheld administrative law enforcement",
    after_help = "Exit codes: 0 success, 1 refused or verification failed, 2 error.\n\
                  Every setting can also be given as its CUSTOS_* environment variable or in --config FILE."
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the server until SIGINT or SIGTERM.
    Serve,
    /// Create the root organisation and its first admin (once).
    Init {
        /// Name of the root organisation.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// Kind of the root organisation.
        #[arg(long, value_name = "KIND", default_value = "city")]
        org_kind: String,
        /// Username of the first admin.
        #[arg(long, value_name = "USERNAME")]
        admin: String,
        /// Read the admin's password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Read the transparency log.
    #[command(subcommand)]
    Log(LogCommand),
    /// Verify an exported case bundle offline (no server, no database): exit 0 only if the
    /// checkpoint, every log entry and inclusion proof, every chain and the case's lifecycle
    /// verify; 1 if something does not; 2 if the bundle or the template cannot be read. It
    /// then prints the case file's automatic 案卷评查 score under the default template, or
    /// under the one --template gives.
    Verify {
        /// The bundle, as `GET /api/v1/cases/{id}/bundle` returns it.
        #[arg(value_name = "BUNDLE")]
        bundle: PathBuf,
        /// The log's verifier key to check the checkpoint with (NAME+KEYHASH+BASE64), as
        /// `custos serve` prints it. Without it the bundle's own key is used, which shows the
        /// bundle is consistent but not that it comes from the log you trust.
        #[arg(long, value_name = "KEY")]
        verifier_key: Option<String>,
        /// Score under this 案卷评查 template (the one a review campaign names), checked as the
        /// server checks a template: the template JSON, or the answer of
        /// `GET /api/v1/orgs/{id}/evaluation-template` that carries it. The printed digest is
        /// the one a campaign's `review.open` entry names.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum LogCommand {
    /// Print the current signed checkpoint.
    Checkpoint,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user to an organisation.
    Add {
        #[arg(long, value_name = "U")]
        username: String,
        /// officer, dock, reviewer, supervisor or admin.
        #[arg(long, value_name = "ROLE")]
        role: Role,
        /// Id of the user's organisation.
        #[arg(long, value_name = "ORG_ID")]
        org: String,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

/// Why a command did not succeed, and so its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Exit 1.
    Refused(String),
    /// Exit 2.
    Error(String),
}

impl Failure {
    fn error(error: impl std::fmt::Display) -> Failure {
        Failure::Error(error.to_string())
    }
}

impl From<AccountError> for Failure {
    fn from(error: AccountError) -> Failure {
        match error {
            AccountError::Database(_) => Failure::error(error),
            _ => Failure::Refused(error.to_string()),
        }
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(message)) => {
            eprintln!("custos: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Error(message)) => {
            eprintln!("custos: {message}");
            ExitCode::from(2)
        }
    }
}

pub fn run(cli: Cli) -> Result<(), Failure> {
    run_writing(cli, &mut std::io::stdout())
}

/// As [`run`], with the report of `verify` written to `out` rather than standard output.
pub fn run_writing(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    // Loaded by the commands that need it: verifying needs no configuration at all.
    let settings = &cli.settings;
    // Every command that opens the data directory logs to standard error, so a start-up
    // warning (a directory narrowed to 0700, `private`) reaches the operator.
    let config = || {
        telemetry::init();
        Config::load(settings).map_err(Failure::error)
    };
    match cli.command {
        Command::Verify {
            bundle,
            verifier_key,
            template,
        } => verify_bundle(&bundle, verifier_key.as_deref(), template.as_deref(), out),
        Command::Serve => serve(config()?),
        Command::Init {
            org,
            org_kind,
            admin,
            password_stdin: _,
        } => {
            let config = config()?;
            let admin = NewUser::new(&admin, &read_password()?, Role::Admin)?;
            let mut conn = open_database(&config)?;
            let (org, user) =
                accounts::initialise(&mut conn, &org, &org_kind, admin, clock::now_us())?;
            println!("organisation {} {:?}", org.id, org.name);
            println!("admin {} {:?}", user.id, user.username);
            Ok(())
        }
        Command::User(UserCommand::Add {
            username,
            role,
            org,
            password_stdin: _,
        }) => {
            let config = config()?;
            let user = NewUser::new(&username, &read_password()?, role)?;
            let mut conn = open_database(&config)?;
            let user = accounts::add_user(&mut conn, None, user, &org, clock::now_us())?;
            println!("user {} {:?}", user.id, user.username);
            Ok(())
        }
        Command::Log(LogCommand::Checkpoint) => {
            let config = config()?;
            let keys = keys::load_or_generate(&config.data_dir).map_err(Failure::error)?;
            let signer =
                NoteSigner::from_seed(&config.log_origin, keys.log_seed).map_err(Failure::error)?;
            let mut conn = open_database(&config)?;
            let signed = crate::log::checkpoint(&mut conn, &signer)
                .map_err(|error| Failure::Error(error.detail))?;
            print!("{}", signed.note);
            Ok(())
        }
    }
}

/// Records between progress lines on standard error.
const PROGRESS_EVERY: usize = 1000;

fn verify_bundle(
    path: &Path,
    verifier_key: Option<&str>,
    template: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    // A template that is not one is a bad argument: refused before any work on the bundle.
    let template = match template {
        Some(path) => read_template(path)?,
        None => Template::default_template(),
    };
    let text = std::fs::read(path)
        .map_err(|error| Failure::Error(format!("cannot read {}: {error}", path.display())))?;
    let bundle: CaseBundle = serde_json::from_slice(&text).map_err(|error| {
        Failure::Error(format!("{} is not a case bundle: {error}", path.display()))
    })?;
    let mut progress = |done: usize, total: usize| {
        if total >= PROGRESS_EVERY && (done.is_multiple_of(PROGRESS_EVERY) || done == total) {
            eprintln!("custos: {done}/{total} records checked");
        }
    };
    let verified = bundle::verify(&bundle, verifier_key, &mut progress)
        .map_err(|failure| Failure::Refused(format!("verification failed: {failure}")))?;
    let mut report = vec![
        format!(
            "case {}: {} records in {} chains, {} forks, {} evidence items, stage {}",
            verified.case,
            verified.records,
            verified.chains,
            verified.forks,
            verified.evidence,
            verified.stage
        ),
        format!(
            "every record is in the log {} of size {}",
            verified.origin, verified.log_size
        ),
    ];
    // The automatic 案卷评查 score is a function of the verified records and the template alone.
    let score = evaluation::bundle_score(&bundle, &template)
        .map_err(|reason| Failure::Refused(format!("automatic score: {reason}")))?;
    report.extend(score.lines());
    report.push(format!(
        "template {} v{} sha256 {}",
        template.id,
        template.version,
        template.sha256().to_hex()
    ));
    for line in report {
        writeln!(out, "{line}")
            .map_err(|error| Failure::Error(format!("cannot write the report: {error}")))?;
    }
    if !verified.pinned_key {
        eprintln!(
            "custos: the checkpoint was checked with the bundle's own verifier key; pass \
             --verifier-key to check it comes from the log you trust"
        );
    }
    Ok(())
}

/// The template of `--template FILE`, checked as the server checks one a unit sets; the
/// error names the file and the field.
fn read_template(path: &Path) -> Result<Template, Failure> {
    let text = std::fs::read(path)
        .map_err(|error| Failure::Error(format!("cannot read {}: {error}", path.display())))?;
    let refused = |reason: &dyn std::fmt::Display| {
        Failure::Error(format!("template {}: {reason}", path.display()))
    };
    let value: serde_json::Value = serde_json::from_slice(&text).map_err(|e| refused(&e))?;
    Template::from_document(value).map_err(|e| refused(&e))
}

fn serve(config: Config) -> Result<(), Failure> {
    telemetry::init();
    let bind = config.bind;
    let state = server::prepare(config).map_err(Failure::error)?;
    let listener = std::net::TcpListener::bind(bind)
        .map_err(|error| Failure::Error(format!("cannot listen on {bind}: {error}")))?;
    let address = listener.local_addr().map_err(Failure::error)?;
    let state = actix_web::web::Data::new(state);
    println!("custos listening on http://{address}");
    println!("log verifier key: {}", state.log_signer.verifier_key());
    actix_web::rt::System::new()
        .block_on(async move { server::serve(state, listener, None)?.await })
        .map_err(Failure::error)
}

/// Keys exist and the schema is current before any command touches the database.
fn open_database(config: &Config) -> Result<db::PooledConnection, Failure> {
    keys::load_or_generate(&config.data_dir).map_err(Failure::error)?;
    let pool =
        db::connect(&config.database, config.node.database_pool_size).map_err(Failure::error)?;
    pool.get().map_err(Failure::error)
}

fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| Failure::Error(format!("cannot read standard input: {error}")))?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        return Err(Failure::Error(
            "no password on standard input (--password-stdin)".to_owned(),
        ));
    }
    Ok(password.to_owned())
}
