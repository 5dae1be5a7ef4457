//! E-mail of invitation and reset links, when the server names a mail server
//! (`LKSA_SMTP_URL`, e.g. `smtps://user:pass@mail.example.go.id` or `smtp://127.0.0.1:2525`,
//! and `LKSA_SMTP_FROM`). Without one, nothing is sent and the page says so.
//!
//! A message is plain text (nothing a person typed can become markup), Indonesian first and
//! English below, and goes to the address alone (no display name in a header). Sending happens
//! after the link is stored and its transaction committed, and gives up after [`SEND_LIMIT`]:
//! a mail server that does not answer never holds a request or the database.

use crate::i18n::Lang;
use lettre::message::Mailbox;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// How long one message may take, connection included.
pub const SEND_LIMIT: Duration = Duration::from_secs(10);

/// The mail server, when one is configured; handed to server functions as context.
#[derive(Clone, Default)]
pub struct Mail(pub Option<Arc<Mailer>>);

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// What became of the e-mail of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Sent,
    Failed,
}

/// A link to e-mail: to whom, for which account, and what it is for.
pub struct LinkMail<'a> {
    pub to: &'a str,
    pub full_name: &'a str,
    pub username: &'a str,
    pub url: &'a str,
    /// `invitation` or `reset`.
    pub purpose: &'a str,
}

impl Mail {
    /// From `LKSA_SMTP_URL` and `LKSA_SMTP_FROM`; neither set: no mail. A URL without a sender,
    /// or either one unreadable, is a configuration error the server stops on.
    pub fn configure(url: Option<&str>, from: Option<&str>) -> Result<Mail, String> {
        let (url, from) = (url.filter(|u| !u.trim().is_empty()), from.filter(|f| !f.trim().is_empty()));
        let Some(url) = url else {
            return if from.is_some() {
                Err("LKSA_SMTP_FROM is set but LKSA_SMTP_URL is not".into())
            } else {
                Ok(Mail(None))
            };
        };
        let from: Mailbox = from
            .ok_or("LKSA_SMTP_URL is set but LKSA_SMTP_FROM (the sender address) is not")?
            .trim()
            .parse()
            .map_err(|e| format!("LKSA_SMTP_FROM is not an e-mail address: {e}"))?;
        // The URL may hold a password: errors name the problem, never the URL.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.trim())
            .map_err(|e| format!("LKSA_SMTP_URL cannot be used: {e}"))?
            .timeout(Some(SEND_LIMIT))
            .build();
        Ok(Mail(Some(Arc::new(Mailer { transport, from }))))
    }
}

impl Mailer {
    /// Sends the link, within [`SEND_LIMIT`]. The error says what failed, without the link.
    pub async fn send_link(&self, mail: &LinkMail<'_>) -> Result<(), String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient address refused: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject(mail.purpose))
            // Quoted-printable: long lines and any letter outside ASCII arrive as written.
            .singlepart(
                lettre::message::SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::QuotedPrintable)
                    .body(body(mail)),
            )
            .map_err(|e| format!("message not built: {e}"))?;
        match tokio::time::timeout(SEND_LIMIT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(format!("mail server: {e}")),
            Err(_) => Err(format!("no answer from the mail server within {} s", SEND_LIMIT.as_secs())),
        }
    }
}

fn key(purpose: &str, part: &str) -> String {
    let purpose = if purpose == "reset" { "reset" } else { "invitation" };
    format!("mail-{purpose}-{part}")
}

/// "Undangan akun … / Account invitation …": both languages, Indonesian first.
pub fn subject(purpose: &str) -> String {
    format!("{} / {}", Lang::Id.t(&key(purpose, "subject")), Lang::En.t(&key(purpose, "subject")))
}

/// The message: the Indonesian text, a rule, the English text; each names the person, the
/// username and the link, and says the link works once within 7 days.
pub fn body(mail: &LinkMail<'_>) -> String {
    let text = |lang: Lang| {
        lang.t_with(
            &key(mail.purpose, "body"),
            &[
                ("name", mail.full_name.to_string()),
                ("username", mail.username.to_string()),
                ("link", mail.url.to_string()),
                ("days", store::people::LINK_DAYS.to_string()),
            ],
        )
    };
    format!("{}\n\n-----\n\n{}\n", text(Lang::Id), text(Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Building a transport starts its connection pool, which needs a runtime.
    #[tokio::test]
    async fn both_languages_say_who_and_where_in_plain_text() {
        let mail = LinkMail {
            to: "siti@example.org",
            full_name: "Siti <b>Rahayu</b>",
            username: "siti.rahayu",
            url: "https://akreditasi.example/invite/abc",
            purpose: "invitation",
        };
        let text = body(&mail);
        let (id, en) = text.split_once("-----").unwrap();
        for part in [id, en] {
            assert!(part.contains("Siti <b>Rahayu</b>") && part.contains("siti.rahayu"), "{part}");
            assert!(part.contains("https://akreditasi.example/invite/abc") && part.contains('7'), "{part}");
        }
        assert!(id.contains("kata sandi") && en.contains("password"), "{text}");
        assert!(subject("reset").contains(" / ") && subject("reset") != subject("invitation"));
        assert!(Mail::configure(None, None).unwrap().0.is_none());
        assert!(Mail::configure(Some("smtp://127.0.0.1:2525"), None).is_err(), "a sender is required");
        assert!(Mail::configure(Some("smtp://127.0.0.1:2525"), Some("not an address")).is_err());
        assert!(Mail::configure(Some("ftp://x"), Some("lksa@example.org")).is_err());
        assert!(
            Mail::configure(Some("smtp://127.0.0.1:2525"), Some("Akreditasi LKSA <lksa@example.org>"))
                .unwrap()
                .0
                .is_some()
        );
    }
}
