//! Crash durability: the real server binary takes concurrent self-assessment saves and visit
//! score syncs, is killed with SIGKILL in the middle, and is started again on the same
//! database. Every save a client was told succeeded must be there, exactly once, and sending
//! it again (a client's retry after the crash) must change nothing.

mod common;

use common::within_secs;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

struct Server {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start(dir: &std::path::Path, database_url: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "lksa")
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("DATABASE_URL", database_url)
        .env("LKSA_EVIDENCE_DIR", dir.join("evidence"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the server binary");
    let server = Server { child, port };
    for _ in 0..300 {
        if let Ok((200, _, _)) = http(port, "GET", "/healthz", "", "", "").await {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not answer /healthz within 30 s");
}

/// One HTTP/1.1 request on its own connection: (status, headers, body).
async fn http(
    port: u16,
    method: &str,
    path: &str,
    content_type: &str,
    cookie: &str,
    body: &str,
) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Accept: application/json\r\nContent-Type: {content_type}\r\nCookie: {cookie}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::other("timed out"))??;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other("no header end"))?;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("status"))?;
    Ok((status, head.to_string(), body.to_string()))
}

async fn login(port: u16, username: &str) -> String {
    let body = format!("username={username}&password={}", store::demo::DEMO_PASSWORD);
    let (status, head, _) =
        http(port, "POST", "/auth/login", "application/x-www-form-urlencoded", "", &body).await.unwrap();
    assert_eq!(status, 303);
    let line = head.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).expect("session cookie");
    line.split_once(':').unwrap().1.trim().split(';').next().unwrap().to_string()
}

/// An acknowledged save: the request to send again, and what must be stored.
#[derive(Clone, Debug)]
struct Acked {
    path: &'static str,
    content_type: &'static str,
    body: String,
    code: String,
    score: i64,
}

#[tokio::test]
async fn every_acknowledged_save_survives_sigkill_exactly_once() {
    within_secs(180, async {
        let dir = tempfile::tempdir().unwrap();
        let url = store::test_db::fresh(dir.path()).await.unwrap();
        let mut server = start(dir.path(), &url).await;
        let db = store::Store::open(&url).await.unwrap();
        let cycle_of = |name: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>(
                    "select c.id from cycles c join institutions i on i.id = c.institution_id where i.name = $1",
                )
                .bind(name)
                .fetch_one(&db.pool)
                .await
                .unwrap()
            }
        };
        let (budi, putri) = (cycle_of("Panti Asuhan Budi Mulia").await, cycle_of("Panti Asuhan Putri Aisyiyah").await);
        let codes: Vec<String> = sqlx::query_scalar(
            "select code from indicators where instrument_version_id = (select instrument_version_id from cycles where id = $1)
              order by position",
        )
        .bind(&budi)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let (manager, assessor) = (login(server.port, "pengelola").await, login(server.port, "asesor1").await);
        let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();

        let port = server.port;
        let mut tasks = vec![];
        for (lane, cookie) in [(0usize, manager.clone()), (1, assessor.clone()), (2, manager.clone()), (3, assessor.clone())] {
            let (acked, codes, budi, putri) = (acked.clone(), codes.clone(), budi.clone(), putri.clone());
            tasks.push(tokio::spawn(async move {
                for (n, code) in codes.iter().enumerate().skip(lane / 2).step_by(2) {
                    let score = ((n + lane) % 5) as i64;
                    let save = if lane % 2 == 0 {
                        let body = format!("cycle_id={budi}&code={code}&change_id=d-{lane}-{n}&base_revision=0&self_score={score}");
                        Acked { path: "/api/save_answer", content_type: "application/x-www-form-urlencoded", body, code: code.clone(), score }
                    } else {
                        let body = format!(
                            r#"{{"cycle_id":"{putri}","changes":[{{"change_id":"v-{lane}-{n}","code":"{code}","score":{score},"note":"","check_on_site":false}}]}}"#
                        );
                        Acked { path: "/api/sync_visit", content_type: "application/json", body, code: code.clone(), score }
                    };
                    match http(port, "POST", save.path, save.content_type, &cookie, &save.body).await {
                        Ok((200, _, reply)) if reply.contains("Saved") || reply.contains("Stored") => {
                            acked.lock().unwrap().push(save)
                        }
                        Ok((status, _, reply)) => panic!("{} refused with {status}: {reply}", save.path),
                        Err(_) => return, // the server is gone: this save was never acknowledged
                    }
                }
            }));
        }
        // Kill the server in the middle of the writes, with no chance to flush or shut down.
        while acked.lock().unwrap().len() < 60 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.child.start_kill().unwrap();
        server.child.wait().await.unwrap();
        for t in tasks {
            t.await.unwrap();
        }
        let acked = acked.lock().unwrap().clone();
        assert!(acked.len() >= 60 && acked.len() < 2 * codes.len(), "the kill came mid-way: {} acknowledged", acked.len());

        let server = start(dir.path(), &url).await;
        let check = |db: store::Store, acked: Vec<Acked>, budi: String, putri: String| async move {
            for a in &acked {
                let (score, count): (Option<i64>, i64) = if a.path == "/api/save_answer" {
                    let score = sqlx::query_scalar("select self_score from answers where cycle_id = $1 and indicator_code = $2")
                        .bind(&budi).bind(&a.code).fetch_one(&db.pool).await.unwrap();
                    let n = sqlx::query_scalar("select count(*) from applied_changes where cycle_id = $1 and indicator_code = $2")
                        .bind(&budi).bind(&a.code).fetch_one(&db.pool).await.unwrap();
                    (score, n)
                } else {
                    let score = sqlx::query_scalar("select score from visit_scores where cycle_id = $1 and indicator_code = $2")
                        .bind(&putri).bind(&a.code).fetch_one(&db.pool).await.unwrap();
                    let n = sqlx::query_scalar("select count(*) from visit_changes where cycle_id = $1 and indicator_code = $2")
                        .bind(&putri).bind(&a.code).fetch_one(&db.pool).await.unwrap();
                    (score, n)
                };
                assert_eq!(score, Some(a.score), "{} {} survived the crash", a.path, a.code);
                assert_eq!(count, 1, "{} {} stored exactly once", a.path, a.code);
            }
        };
        check(db.clone(), acked.clone(), budi.clone(), putri.clone()).await;
        // Clients retry what they sent before the crash: acknowledged again, stored once.
        let (manager, assessor) = (login(server.port, "pengelola").await, login(server.port, "asesor1").await);
        for a in &acked {
            let cookie = if a.path == "/api/save_answer" { &manager } else { &assessor };
            let (status, _, reply) = http(server.port, "POST", a.path, a.content_type, cookie, &a.body).await.unwrap();
            assert_eq!(status, 200, "{reply}");
        }
        check(db, acked, budi, putri).await;
    })
    .await;
}
