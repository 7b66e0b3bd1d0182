//! The command line: `treffpunkt [run]` serves; `treffpunkt admin create` makes an admin.
use app::accounts::rules::{DisplayName, Email, Password, Role};
use app::db::Db;

pub const USAGE: &str = "\
Usage:
  treffpunkt [run]                                   serve the site
  treffpunkt admin create --email E [--name N]       create an admin (or make an account one);
                                                     the password is read from
                                                     TREFFPUNKT_ADMIN_PASSWORD or the first line of stdin
  treffpunkt --help";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run,
    Help,
    CreateAdmin { email: String, name: String },
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["run"] => Ok(Command::Run),
        ["--help" | "-h" | "help"] => Ok(Command::Help),
        ["admin", "create", rest @ ..] => {
            let mut email = None;
            let mut name = None;
            let mut options = rest.iter();
            while let Some(option) = options.next() {
                let value = options
                    .next()
                    .ok_or_else(|| format!("{option} needs a value"))?;
                match *option {
                    "--email" => email = Some((*value).to_owned()),
                    "--name" => name = Some((*value).to_owned()),
                    other => return Err(format!("unknown option {other}")),
                }
            }
            let email = email.ok_or("--email is required")?;
            let name = name.unwrap_or_else(|| "Admin".to_owned());
            Ok(Command::CreateAdmin { email, name })
        }
        _ => Err(format!("unknown command: {}", words.join(" "))),
    }
}

/// Gives an existing account the admin and organiser roles; `None` when there is no such account.
pub async fn promote_to_admin(db: &Db, email: &str) -> Result<Option<String>, String> {
    let email = Email::parse(email).map_err(|_| "that is not a valid e-mail address".to_owned())?;
    let Some(account_id) = db
        .account_id_by_email(&email)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    for role in [Role::Admin, Role::Organiser] {
        db.grant_role(account_id, role)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(Some(format!(
        "{} is an admin now (password unchanged)",
        email.as_str()
    )))
}

/// Creates a new admin account (with the organiser role, to plan the programme).
pub async fn create_admin(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
) -> Result<String, String> {
    let email = Email::parse(email).map_err(|_| "that is not a valid e-mail address".to_owned())?;
    let name =
        DisplayName::parse(name).map_err(|_| "the name must be 1 to 80 characters".to_owned())?;
    let password = Password::parse(password.trim_end_matches(['\r', '\n'])).map_err(|_| {
        format!(
            "the password must be {} to {} characters",
            Password::MIN_CHARS,
            Password::MAX_CHARS
        )
    })?;
    let hash = app::accounts::api::ssr::hash_password(password.as_str().to_owned())
        .await
        .map_err(|e| e.to_string())?;
    db.create_account(&email, &name, &hash, &[Role::Admin, Role::Organiser])
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("created admin {}", email.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn no_arguments_or_run_serve_the_site() {
        assert_eq!(parse(&[]), Ok(Command::Run));
        assert_eq!(parse(&args("run")), Ok(Command::Run));
    }

    #[test]
    fn admin_create_needs_an_email() {
        assert_eq!(
            parse(&args("admin create --email a@example.org --name Ada")),
            Ok(Command::CreateAdmin {
                email: "a@example.org".into(),
                name: "Ada".into()
            })
        );
        assert!(parse(&args("admin create --name Ada")).is_err());
        assert!(parse(&args("admin create --email")).is_err());
        assert!(parse(&args("admin delete")).is_err());
    }
}
