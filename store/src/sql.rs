//! Statements put together at run time (multi-row inserts, optional filters). sqlx's
//! `QueryBuilder` writes `?` for each bound value under the `Any` driver, which PostgreSQL does not
//! read; this builder writes `$1`, `$2`, …, which SQLite and PostgreSQL both do. Only the text
//! the program writes goes into the statement; every value a person typed is bound.

use crate::Db;
use sqlx::any::AnyArguments;
use sqlx::{Arguments, AssertSqlSafe, Encode, Type};
use std::fmt::{Display, Write};

pub(crate) struct Builder {
    sql: String,
    args: AnyArguments,
}

impl Builder {
    pub(crate) fn new(sql: impl Into<String>) -> Builder {
        Builder { sql: sql.into(), args: AnyArguments::default() }
    }

    /// Program-written SQL text.
    pub(crate) fn push(&mut self, sql: impl Display) -> &mut Builder {
        let _ = write!(self.sql, "{sql}");
        self
    }

    /// A bound value, written as its numbered placeholder.
    pub(crate) fn push_bind<'t, T: Encode<'t, Db> + Type<Db> + 't>(&mut self, value: T) -> &mut Builder {
        // Adding a value of a type the driver carries cannot fail: `encode` only pushes it.
        self.args.add(value).expect("a value of a type the Any driver carries");
        let n = self.args.len();
        let _ = write!(self.sql, "${n}");
        self
    }

    /// Values pushed through the answer are separated by `separator`.
    pub(crate) fn separated(&mut self, separator: &'static str) -> Separated<'_> {
        Separated { builder: self, separator, first: true }
    }

    /// `values (…), (…)`: one parenthesised, comma-separated row per item.
    pub(crate) fn push_values<I: IntoIterator>(&mut self, rows: I, mut row: impl FnMut(Separated<'_>, I::Item)) {
        self.push("values ");
        for (i, item) in rows.into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" });
            row(self.separated(", "), item);
            self.push(")");
        }
    }

    pub(crate) fn build(self) -> sqlx::query::Query<'static, Db, AnyArguments> {
        sqlx::query_with(AssertSqlSafe(self.sql), self.args)
    }

    pub(crate) fn build_query_scalar<O>(self) -> sqlx::query::QueryScalar<'static, Db, O, AnyArguments>
    where
        (O,): for<'r> sqlx::FromRow<'r, crate::DbRow>,
    {
        sqlx::query_scalar_with(AssertSqlSafe(self.sql), self.args)
    }

    #[cfg(test)]
    pub(crate) fn build_query_as<O>(self) -> sqlx::query::QueryAs<'static, Db, O, AnyArguments>
    where
        O: for<'r> sqlx::FromRow<'r, crate::DbRow>,
    {
        sqlx::query_as_with(AssertSqlSafe(self.sql), self.args)
    }

    #[cfg(test)]
    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }
}

pub(crate) struct Separated<'b> {
    builder: &'b mut Builder,
    separator: &'static str,
    first: bool,
}

impl Separated<'_> {
    pub(crate) fn push_bind<'t, T: Encode<'t, Db> + Type<Db> + 't>(&mut self, value: T) -> &mut Self {
        if !std::mem::take(&mut self.first) {
            self.builder.push(self.separator);
        }
        self.builder.push_bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_pushes_and_rows() {
        let mut q = Builder::new("insert into t (a, b) ");
        q.push_values([(1_i64, "x"), (2, "y")], |mut b, (a, t)| {
            b.push_bind(a).push_bind(t.to_string());
        });
        q.push(" where c = ").push_bind(3_i64);
        let mut list = q.separated(", ");
        list.push_bind(4_i64).push_bind(5_i64);
        assert_eq!(q.sql(), "insert into t (a, b) values ($1, $2), ($3, $4) where c = $5$6, $7");
    }
}
