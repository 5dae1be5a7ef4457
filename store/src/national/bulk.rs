//! Multi-row inserts: rows are buffered per table and written in statements that stay under
//! SQLite's limit of bound values.

use crate::DbConn;
use crate::Result;

/// Bound values per statement. SQLite allows 32766 and PostgreSQL 65535, but statements are
/// numbered (`$1`, `$2`, …, see `crate::sql`) and SQLite looks each number up in a list of the
/// statement's names: binding is quadratic in their count, so many shorter statements are faster.
const MAX_BINDS: usize = 2_000;

/// Buffered values after which a table is written.
const FLUSH_AT: usize = 24_000;

/// One column value of a buffered row.
pub(super) enum V {
    I(i64),
    T(String),
    S(&'static str),
    B(bool),
    N,
}

impl From<i64> for V {
    fn from(v: i64) -> V {
        V::I(v)
    }
}
impl From<String> for V {
    fn from(v: String) -> V {
        V::T(v)
    }
}
impl From<&String> for V {
    fn from(v: &String) -> V {
        V::T(v.clone())
    }
}
impl From<&'static str> for V {
    fn from(v: &'static str) -> V {
        V::S(v)
    }
}
impl From<bool> for V {
    fn from(v: bool) -> V {
        V::B(v)
    }
}
impl<T: Into<V>> From<Option<T>> for V {
    fn from(v: Option<T>) -> V {
        v.map_or(V::N, Into::into)
    }
}

/// A table's pending rows.
pub(super) struct Table {
    /// `insert into t (a, b, c) ` (the values follow).
    head: String,
    /// Appended after the values, e.g. `on conflict … do nothing`.
    tail: &'static str,
    cols: usize,
    values: Vec<V>,
    pub(super) written: usize,
}

impl Table {
    pub(super) fn new(table: &str, columns: &[&str], tail: &'static str) -> Table {
        Table {
            head: format!("insert into {table} ({}) ", columns.join(", ")),
            tail,
            cols: columns.len(),
            values: Vec::new(),
            written: 0,
        }
    }

    /// Buffers one row; the caller flushes when [`Table::full`] says so.
    pub(super) fn row(&mut self, values: Vec<V>) {
        debug_assert_eq!(values.len(), self.cols, "{}", self.head);
        self.values.extend(values);
    }

    pub(super) fn full(&self) -> bool {
        self.values.len() >= FLUSH_AT
    }

    pub(super) async fn flush(&mut self, conn: &mut DbConn) -> Result<()> {
        let cols = self.cols;
        let per_statement = MAX_BINDS / cols;
        let mut values = std::mem::take(&mut self.values).into_iter().peekable();
        while values.peek().is_some() {
            let rows = (values.len() / cols).min(per_statement);
            let mut q = crate::sql::Builder::new(self.head.clone());
            q.push_values(0..rows, |mut b, _| {
                for v in values.by_ref().take(cols) {
                    match v {
                        V::I(i) => b.push_bind(i),
                        V::T(s) => b.push_bind(s),
                        V::S(s) => b.push_bind(s),
                        V::B(x) => b.push_bind(x),
                        V::N => b.push_bind(None::<String>),
                    };
                }
            });
            q.push(self.tail);
            q.build().execute(&mut *conn).await?;
            self.written += rows;
        }
        Ok(())
    }
}

/// Builds a row from values of mixed types: `row![a, b, c]`.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$($crate::national::bulk::V::from($v)),*] };
}
pub(super) use row;
