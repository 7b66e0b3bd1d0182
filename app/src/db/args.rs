//! Parameters of one statement, kept apart from the backend that will run it,
//! so a query is written once and bound for SQLite or PostgreSQL at the end.
use chrono::{DateTime, Utc};
use sqlx::Arguments;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;

/// One value bound to a `$n` placeholder. The Rust type decides the SQL type
/// each backend is told, exactly as a direct `.bind()` would.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    BigInt(Option<i64>),
    Int(Option<i32>),
    Text(Option<String>),
    Instant(Option<DateTime<Utc>>),
    Bool(bool),
}

/// The values of `$1`, `$2`, … in order; build it with [`args!`](crate::args).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args(pub Vec<Arg>);

impl Args {
    pub fn push(&mut self, value: impl Into<Arg>) -> &mut Self {
        self.0.push(value.into());
        self
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn sqlite<'q>(self) -> Result<SqliteArguments<'q>, sqlx::Error> {
        let mut out = SqliteArguments::default();
        for arg in self.0 {
            match arg {
                Arg::BigInt(v) => out.add(v),
                Arg::Int(v) => out.add(v),
                Arg::Text(v) => out.add(v),
                Arg::Instant(v) => out.add(v),
                Arg::Bool(v) => out.add(v),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok(out)
    }

    pub(crate) fn postgres(self) -> Result<PgArguments, sqlx::Error> {
        let mut out = PgArguments::default();
        for arg in self.0 {
            match arg {
                Arg::BigInt(v) => out.add(v),
                Arg::Int(v) => out.add(v),
                Arg::Text(v) => out.add(v),
                Arg::Instant(v) => out.add(v),
                Arg::Bool(v) => out.add(v),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok(out)
    }
}

/// `args![a, b, c]`: the values of `$1`, `$2`, `$3`.
#[macro_export]
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        $crate::db::Args(vec![$($crate::db::Arg::from($value)),*])
    };
}

macro_rules! arg_from {
    ($variant:ident: $($t:ty => $convert:expr),* $(,)?) => {
        $(impl From<$t> for Arg {
            fn from(value: $t) -> Self {
                #[allow(clippy::redundant_closure_call)]
                Arg::$variant(($convert)(value))
            }
        })*
    };
}

arg_from!(BigInt: i64 => Some, Option<i64> => |v| v, &i64 => |v: &i64| Some(*v));
arg_from!(Int: i32 => Some, Option<i32> => |v| v);
arg_from!(Text:
    String => Some,
    &String => |v: &String| Some(v.clone()),
    &str => |v: &str| Some(v.to_owned()),
    Option<String> => |v| v,
    Option<&str> => |v: Option<&str>| v.map(str::to_owned),
);
arg_from!(Instant: DateTime<Utc> => Some, Option<DateTime<Utc>> => |v| v);

impl From<bool> for Arg {
    fn from(value: bool) -> Self {
        Arg::Bool(value)
    }
}
