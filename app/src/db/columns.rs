//! Statements that write many columns, built from name–value pairs, so no
//! `$n` has to be counted by hand and a column cannot meet the wrong value.
use super::{Arg, Args};

#[derive(Clone, Debug, Default)]
pub struct Columns {
    names: Vec<&'static str>,
    args: Args,
}

impl Columns {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.names.push(name);
        self.args.push(value);
        self
    }

    pub fn extend(mut self, other: Columns) -> Self {
        self.names.extend(other.names);
        self.args.0.extend(other.args.0);
        self
    }

    /// `insert into {table} (…) values ($1, …) {tail}` and its values.
    pub fn insert(self, table: &str, tail: &str) -> (String, Args) {
        let places: Vec<String> = (1..=self.names.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "insert into {table} ({}) values ({}) {tail}",
            self.names.join(", "),
            places.join(", ")
        );
        (sql, self.args)
    }

    /// `update {table} set a = $1, … where {key} = $n` and its values.
    pub fn update(self, table: &str, key: &str, key_value: impl Into<Arg>) -> (String, Args) {
        let sets: Vec<String> = self
            .names
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{name} = ${}", i + 1))
            .collect();
        let sql = format!(
            "update {table} set {} where {key} = ${}",
            sets.join(", "),
            self.names.len() + 1
        );
        let mut args = self.args;
        args.push(key_value);
        (sql, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_columns() {
        let (sql, args) = Columns::new()
            .set("title", "Yoga")
            .set("seats", 12)
            .insert("event_series", "returning series_id");
        assert_eq!(
            sql,
            "insert into event_series (title, seats) values ($1, $2) returning series_id"
        );
        assert_eq!(
            args.0,
            vec![Arg::Text(Some("Yoga".into())), Arg::Int(Some(12))]
        );
        let (sql, args) =
            Columns::new()
                .set("title", "Yoga")
                .update("event_series", "series_id", 7_i64);
        assert_eq!(
            sql,
            "update event_series set title = $1 where series_id = $2"
        );
        assert_eq!(args.len(), 2);
    }
}
