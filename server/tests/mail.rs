//! Links by e-mail, against a real SMTP listener on 127.0.0.1 (mailin's SMTP engine on a
//! socket): an invitation reaches the account's address as plain text in both languages; a
//! mail server that never answers costs at most the send limit and the link is still handed
//! over; without a mail server the page says the link was not e-mailed.

mod common;

use axum::http::StatusCode;
use common::{TestApp, spawn_app, spawn_app_with, within};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// One message as received: its recipients and its text.
type Received = (Vec<String>, String);

/// What the listener received: one message per DATA, as sent.
#[derive(Clone, Default)]
struct Inbox(Arc<Mutex<Vec<Received>>>);

#[derive(Clone)]
struct Handler {
    inbox: Inbox,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin::Handler for Handler {
    fn rcpt(&mut self, to: &str) -> mailin::Response {
        self.to.push(to.to_string());
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin::Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned();
        self.inbox.0.lock().unwrap().push((std::mem::take(&mut self.to), message));
        mailin::response::OK
    }
}

/// An SMTP server on a free port, serving each connection on its own thread until the test
/// process ends; answers its `smtp://` URL and what it receives.
fn smtp_listener() -> (String, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let inbox = Inbox::default();
    let handler = Handler { inbox: inbox.clone(), to: vec![], data: vec![] };
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let handler = handler.clone();
            std::thread::spawn(move || serve(stream, handler));
        }
    });
    (url, inbox)
}

fn serve(stream: TcpStream, handler: Handler) {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let ip = stream.peer_addr().unwrap().ip();
    let mut session = mailin::SessionBuilder::new("smtp.test").build(ip, handler);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let _ = session.greeting().write_to(&mut writer);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let response = session.process(&line);
        match response.action {
            mailin::Action::Reply => {
                let _ = response.write_to(&mut writer);
            }
            mailin::Action::Close => {
                let _ = response.write_to(&mut writer);
                return;
            }
            mailin::Action::NoReply => {}
            mailin::Action::UpgradeTls => return,
        }
        let _ = writer.flush();
    }
}

async fn mailing_app(url: &str) -> TestApp {
    spawn_app_with("target/site", |c| {
        c.smtp_url = Some(url.to_string());
        c.smtp_from = Some("Akreditasi LKSA <akreditasi@lksa.test>".into());
    })
    .await
}

async fn invite(app: &TestApp, officer: &str, email: &str) -> serde_json::Value {
    let inst = app.institution_id("LKSA Muhammadiyah Magetan").await;
    let form = [
        ("username", "siti.rahayu"),
        ("full_name", "Siti <b>Rahayu</b>"),
        ("role", "institution_manager"),
        ("institution_id", inst.as_str()),
        ("email", email),
    ];
    let r = app.post_form("/api/create_account", &form, Some(officer)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// The body of a message as sent (quoted-printable, as the mailer writes it).
fn decoded(message: &str) -> String {
    let (headers, body) = message.split_once("\r\n\r\n").unwrap();
    assert!(headers.to_lowercase().contains("content-transfer-encoding: quoted-printable"), "{headers}");
    let bytes = quoted_printable::decode(body, quoted_printable::ParseMode::Robust).unwrap();
    String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
}

#[tokio::test]
async fn an_invitation_is_emailed_as_plain_text_in_both_languages() {
    within(async {
        let (url, inbox) = smtp_listener();
        let app = mailing_app(&url).await;
        let officer = app.login("dinsos.magetan").await;
        let link = invite(&app, &officer, "Siti.Rahayu@Example.ORG").await;
        assert_eq!(link["mail"], "sent", "{link}");
        let token = link["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string();

        let received = inbox.0.lock().unwrap().clone();
        assert_eq!(received.len(), 1);
        let (to, message) = &received[0];
        assert_eq!(to, &["Siti.Rahayu@example.org"]);
        let lower = message.to_lowercase();
        assert!(lower.contains("content-type: text/plain; charset=utf-8"), "{message}");
        assert!(
            lower.contains("from: \"akreditasi lksa\" <akreditasi@lksa.test>")
                || lower.contains("from: akreditasi lksa <akreditasi@lksa.test>"),
            "{message}"
        );
        assert!(!lower.contains("text/html"));
        let body = decoded(message);
        let (id, en) = body.split_once("-----").expect("Indonesian, then English");
        assert!(id.contains("Yth. Siti <b>Rahayu</b>") && id.contains("kata sandi"), "{body}");
        assert!(en.contains("Dear Siti <b>Rahayu</b>") && en.contains("password"), "{body}");
        assert!(id.contains(&format!("/invite/{token}")) && en.contains(&format!("/invite/{token}")));

        // A reset of the same account goes to the same address, with its own subject.
        let id: String = sqlx::query_scalar("select id from users where username = 'siti.rahayu'")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
        // The account has no password yet: the new link is an invitation again.
        let r = app.post_form("/api/issue_account_link", &[("user_id", &id)], Some(&officer)).await;
        let again: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(again["mail"], "sent");
        assert_eq!(inbox.0.lock().unwrap().len(), 2);

        // Removing the address: the next link is not e-mailed, and the page says why.
        let r = app.post_form("/api/set_account_email", &[("user_id", &id), ("email", "")], Some(&officer)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app.post_form("/api/issue_account_link", &[("user_id", &id)], Some(&officer)).await;
        let third: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(third["mail"], "no_address");
        assert_eq!(inbox.0.lock().unwrap().len(), 2);
        let bad = [("user_id", id.as_str()), ("email", "siti@example.org\r\nBcc: x@example.org")];
        let r = app.post_form("/api/set_account_email", &bad, Some(&officer)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("people-error-email"), "{}", r.body);
    })
    .await;
}

#[tokio::test]
async fn a_mail_server_that_never_answers_costs_the_send_limit_and_the_link_is_still_shown() {
    within(async {
        // Accepts connections and never says a word.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("smtp://{}", silent.local_addr().unwrap());
        std::thread::spawn(move || {
            let held: Vec<TcpStream> = silent.incoming().flatten().collect();
            drop(held);
        });
        let app = mailing_app(&url).await;
        let officer = app.login("dinsos.magetan").await;
        let started = std::time::Instant::now();
        let link = invite(&app, &officer, "siti@example.org").await;
        let took = started.elapsed();
        assert_eq!(link["mail"], "failed", "{link}");
        assert!(link["url"].as_str().unwrap().contains("/invite/"), "the link is handed over all the same");
        assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
        // The account and its link were stored before sending: the link works.
        let token = link["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let page = app.get(&format!("/invite/{token}"), None).await;
        assert!(page.body.contains("siti.rahayu"), "{}", page.body);
        // Without JavaScript the page says in words that the e-mail failed.
        let page = app.get(&format!("/people?link={token}&for=Siti&mail=failed"), Some(&officer)).await;
        assert!(page.body.contains("Pengiriman e-mail gagal"), "{}", page.body);
    })
    .await;
}

#[tokio::test]
async fn without_a_mail_server_the_link_says_it_was_not_emailed() {
    within(async {
        let app = spawn_app().await;
        let officer = app.login("dinsos.magetan").await;
        let link = invite(&app, &officer, "siti@example.org").await;
        assert_eq!(link["mail"], "not_configured");
        let r = app
            .post_form(
                "/api/create_account",
                &[("username", "budi.x"), ("full_name", "Budi"), ("role", "assessor"), ("email", "budi at example")],
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a bad address is refused before anything is saved");
        let saved: i64 = sqlx::query_scalar("select count(*) from users where username = 'budi.x'")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
        assert_eq!(saved, 0);
    })
    .await;
}
