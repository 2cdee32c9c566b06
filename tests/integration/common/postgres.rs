//! Fresh PostgreSQL databases for the tests, on the server the test command started.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};
use tokio::sync::Mutex;

/// The server's address (`postgres://user@host:port/database`) when the tests run on
/// PostgreSQL.
pub fn server() -> Option<String> {
    std::env::var("TURNAROUND_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The migrated template every test database is copied from, made once per test process:
/// copying a template is far quicker than running the migrations for each test.
static TEMPLATE: Mutex<Option<String>> = Mutex::const_new(None);

static NEXT: AtomicU32 = AtomicU32::new(0);

/// `server` with its database name replaced by `name`.
fn address_of(server: &str, name: &str) -> String {
    let (base, _) = server
        .rsplit_once('/')
        .expect("a database name in the address");
    format!("{base}/{name}")
}

fn unique_name(kind: &str) -> String {
    format!(
        "{kind}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

async fn create(server: &str, name: &str, template: Option<&str>) {
    let mut admin = PgConnection::connect(server)
        .await
        .expect("reach PostgreSQL");
    let from = template.map_or_else(String::new, |t| format!(" TEMPLATE \"{t}\""));
    admin
        .execute(format!("CREATE DATABASE \"{name}\"{from}").as_str())
        .await
        .expect("create a test database");
    admin.close().await.ok();
}

/// A new database with no tables at all.
pub async fn empty_database(server: &str) -> String {
    let name = unique_name("empty");
    create(server, &name, None).await;
    address_of(server, &name)
}

/// A new database with every migration applied.
pub async fn migrated_database(server: &str) -> String {
    let template = {
        let mut template = TEMPLATE.lock().await;
        if template.is_none() {
            let name = unique_name("template");
            create(server, &name, None).await;
            let db = turnaround::data::open(&address_of(server, &name))
                .await
                .expect("open the template");
            turnaround::data::migrate(&db)
                .await
                .expect("migrate the template");
            db.close().await;
            *template = Some(name);
        }
        template.clone().expect("made above")
    };
    let name = unique_name("test");
    create(server, &name, Some(&template)).await;
    address_of(server, &name)
}

/// A new database holding a copy of `template` (which no connection may hold open).
pub async fn copy_of(server: &str, template: &str) -> String {
    let name = unique_name("copy");
    create(server, &name, Some(template)).await;
    address_of(server, &name)
}
