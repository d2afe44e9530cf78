//! The desktop notification: `org.freedesktop.Notifications.Notify` on the D-Bus session bus
//! (the Desktop Notifications Specification, which GNOME, KDE, XFCE, dunst, mako and others serve).
//!
//! A reminder offers one action, "Log now" (the spec's `default` action, which most servers also
//! invoke when the notification itself is clicked). The server reports a click with the
//! `ActionInvoked` signal, sent to whoever is listening; only a process that is still running
//! can react to it, so the action is offered by the long-running `feltsense remind` process and
//! by the open window, and not by `feltsense remind --once`, which exits right after sending.
//!
//! The zbus API is asynchronous; the functions here block the calling thread on it with
//! `async_io::block_on` (zbus runs its own I/O thread), so they must not be called on the UI
//! thread.

use std::collections::HashMap;
use std::time::Duration;

use futures_lite::StreamExt;
use zbus::zvariant::Value;

use crate::model::Lang;

/// The notification service's bus name.
pub const SERVICE: &str = "org.freedesktop.Notifications";
/// Its object path.
pub const PATH: &str = "/org/freedesktop/Notifications";
/// Its interface.
pub const INTERFACE: &str = "org.freedesktop.Notifications";
/// The key of the "Log now" action (the spec's default action: a click on the notification).
pub const OPEN_ACTION: &str = "default";
/// How long a call to the notification server may take before it counts as failed.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a notification could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// No D-Bus session bus could be reached (no desktop session, or `DBUS_SESSION_BUS_ADDRESS`
    /// points nowhere).
    #[error(
        "no D-Bus session bus could be reached ({detail}); desktop notifications need a desktop session \
         (DBUS_SESSION_BUS_ADDRESS)"
    )]
    NoSessionBus {
        /// What zbus said.
        detail: String,
    },
    /// The bus is there but no notification service runs on it.
    #[error("no notification service is running on the session bus ({detail})")]
    NoServer {
        /// What the bus said.
        detail: String,
    },
    /// The connection to the bus was lost.
    #[error("the connection to the session bus was lost")]
    Disconnected,
    /// Any other D-Bus failure.
    #[error("the notification could not be shown: {0}")]
    Dbus(#[from] zbus::Error),
}

impl crate::model::Describe for NotifyError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (NotifyError::NoSessionBus { detail }, _) => format!(
                "er is geen D-Bus-sessiebus bereikbaar ({detail}); meldingen op het bureaublad hebben een \
                 bureaubladsessie nodig (DBUS_SESSION_BUS_ADDRESS)"
            ),
            (NotifyError::NoServer { detail }, _) => {
                format!("er draait geen meldingendienst op de sessiebus ({detail})")
            }
            (NotifyError::Disconnected, _) => "de verbinding met de sessiebus is verbroken".to_owned(),
            (NotifyError::Dbus(e), _) => format!("de melding kon niet worden getoond: {e}"),
        }
    }
}

/// The text of a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The title line.
    pub summary: String,
    /// The text below it.
    pub body: String,
    /// The label of the "Log now" action, when it is offered.
    pub open_label: Option<String>,
}

impl Message {
    /// The daily reminder: gentle, no guilt. `with_action` offers "Log now".
    pub fn reminder(lang: Lang, with_action: bool) -> Message {
        Message {
            summary: reminder_summary(lang).to_owned(),
            body: lang
                .pick(
                    "A minute to notice where your body holds tension, if it suits you now.",
                    "Een minuutje om te voelen waar je lichaam spanning vasthoudt, als het nu uitkomt.",
                )
                .to_owned(),
            open_label: with_action.then(|| lang.pick("Log now", "Nu vastleggen").to_owned()),
        }
    }

    /// The "Send a test reminder" notification.
    pub fn test(lang: Lang) -> Message {
        Message {
            summary: reminder_summary(lang).to_owned(),
            body: lang
                .pick(
                    "This is a test: your reminders will look like this.",
                    "Dit is een test: zo zien je herinneringen eruit.",
                )
                .to_owned(),
            open_label: None,
        }
    }
}

impl Message {
    /// A personal experiment's moment asks for a rating of `target` and `control` (their names):
    /// the blind first one (`first`), or the second after the wait. `with_action` offers "Rate
    /// now", which opens the Experiments view.
    pub fn experiment(lang: Lang, first: bool, target: &str, control: &str, with_action: bool) -> Message {
        let (t, c) = (target.to_lowercase(), control.to_lowercase());
        Message {
            summary: lang.pick("Experiment: time to rate", "Experiment: tijd om te beoordelen").to_owned(),
            body: match (first, lang) {
                (true, Lang::En) => format!(
                    "Rate your {t} and your {c} now; then you see whether this moment is for practising or as usual."
                ),
                (true, Lang::Nl) => format!(
                    "Beoordeel nu je {t} en je {c}; daarna zie je of dit moment is om te oefenen of zoals gewoonlijk."
                ),
                (false, Lang::En) => format!("The wait is over: rate your {t} and your {c} again."),
                (false, Lang::Nl) => format!("De wachttijd is voorbij: beoordeel je {t} en je {c} opnieuw."),
            },
            open_label: with_action.then(|| lang.pick("Rate now", "Nu beoordelen").to_owned()),
        }
    }
}

impl Message {
    /// The weekly call to score the activities that matter. `with_action` offers "Score now",
    /// which opens the Appointment view.
    pub fn activities(lang: Lang, with_action: bool) -> Message {
        Message {
            summary: lang.pick("Your weekly scores", "Je wekelijkse scores").to_owned(),
            body: lang
                .pick(
                    "How did the activities that matter go this week? A minute to score them for your physiotherapist.",
                    "Hoe gingen de activiteiten die ertoe doen deze week? Een minuutje om ze te scoren voor je fysiotherapeut.",
                )
                .to_owned(),
            open_label: with_action.then(|| lang.pick("Score now", "Nu scoren").to_owned()),
        }
    }
}

/// The reminder's title: "Time for a check-in?".
pub fn reminder_summary(lang: Lang) -> &'static str {
    lang.pick("Time for a check-in?", "Tijd voor een moment van aandacht?")
}

/// What became of a notification while waiting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// The person chose an action (its key, e.g. [`OPEN_ACTION`]).
    Action(String),
    /// The notification was closed (dismissed, expired, or replaced).
    Closed,
    /// Nothing happened before the timeout.
    TimedOut,
}

/// A connection to the notification service.
pub struct Notifier {
    conn: zbus::Connection,
    /// Subscribed to the service's signals before anything is sent, so no click is missed.
    signals: Option<zbus::MessageStream>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier").field("listening", &self.signals.is_some()).finish_non_exhaustive()
    }
}

impl Notifier {
    /// Connects to the session bus (`DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`).
    /// With `listen`, subscribes to clicks and closes (see [`wait`](Self::wait)).
    pub fn session(listen: bool) -> Result<Notifier, NotifyError> {
        async_io::block_on(async {
            let builder = zbus::connection::Builder::session()
                .map_err(|e| NotifyError::NoSessionBus { detail: e.to_string() })?;
            Notifier::build(builder, listen).await
        })
    }

    /// Connects to the bus at a D-Bus address such as `unix:path=/run/user/1000/bus` (tests).
    pub fn at_address(address: &str, listen: bool) -> Result<Notifier, NotifyError> {
        async_io::block_on(async {
            let builder = zbus::connection::Builder::address(address)
                .map_err(|e| NotifyError::NoSessionBus { detail: e.to_string() })?;
            Notifier::build(builder, listen).await
        })
    }

    async fn build(builder: zbus::connection::Builder<'_>, listen: bool) -> Result<Notifier, NotifyError> {
        let conn = builder
            .method_timeout(CALL_TIMEOUT)
            .build()
            .await
            .map_err(|e| NotifyError::NoSessionBus { detail: e.to_string() })?;
        let signals = if listen {
            let rule = zbus::MatchRule::builder()
                .msg_type(zbus::message::Type::Signal)
                .interface(INTERFACE)?
                .path(PATH)?
                .build();
            Some(zbus::MessageStream::for_match_rule(rule, &conn, None).await?)
        } else {
            None
        };
        Ok(Notifier { conn, signals })
    }

    /// Shows `msg`, replacing the notification `replaces` (a previous reminder still on screen)
    /// when given. Returns the notification's id.
    pub fn send(&self, msg: &Message, replaces: Option<u32>) -> Result<u32, NotifyError> {
        let mut actions: Vec<&str> = Vec::new();
        if let Some(label) = &msg.open_label {
            actions.extend([OPEN_ACTION, label.as_str()]);
        }
        let mut hints: HashMap<&str, Value<'_>> = HashMap::new();
        // Lets the server show Feltsense's name and icon (see `feltsense install-desktop`).
        hints.insert("desktop-entry", Value::from("feltsense"));
        // Normal urgency: shown, never sticky.
        hints.insert("urgency", Value::U8(1));
        let body = (
            "Feltsense",
            replaces.unwrap_or(0),
            "feltsense",
            msg.summary.as_str(),
            msg.body.as_str(),
            actions,
            hints,
            -1_i32,
        );
        async_io::block_on(async {
            let reply = self
                .conn
                .call_method(Some(SERVICE), PATH, Some(INTERFACE), "Notify", &body)
                .await
                .map_err(map_call_error)?;
            Ok(reply.body().deserialize::<u32>()?)
        })
    }

    /// Waits up to `timeout` for the person to click or close the notification `id`; signals
    /// about other notifications are read and dropped. Without `id` (or when this notifier was
    /// made without `listen`) it just waits.
    pub fn wait(&mut self, id: Option<u32>, timeout: Duration) -> Result<Response, NotifyError> {
        let Some(stream) = self.signals.as_mut() else {
            std::thread::sleep(timeout);
            return Ok(Response::TimedOut);
        };
        async_io::block_on(async {
            let timer = async {
                async_io::Timer::after(timeout).await;
                Ok(Response::TimedOut)
            };
            futures_lite::future::or(next_response(stream, id), timer).await
        })
    }
}

async fn next_response(stream: &mut zbus::MessageStream, id: Option<u32>) -> Result<Response, NotifyError> {
    while let Some(msg) = stream.next().await {
        let msg = msg?;
        let member = msg.header().member().map(|m| m.as_str().to_owned());
        match member.as_deref() {
            // A signal with an unexpected body (another server's quirk) is passed over.
            Some("ActionInvoked") => {
                if let Ok((nid, action)) = msg.body().deserialize::<(u32, String)>()
                    && Some(nid) == id
                {
                    return Ok(Response::Action(action));
                }
            }
            Some("NotificationClosed") => {
                if let Ok((nid, _reason)) = msg.body().deserialize::<(u32, u32)>()
                    && Some(nid) == id
                {
                    return Ok(Response::Closed);
                }
            }
            _ => {}
        }
    }
    Err(NotifyError::Disconnected)
}

fn map_call_error(e: zbus::Error) -> NotifyError {
    match &e {
        zbus::Error::MethodError(name, detail, _)
            if matches!(
                name.as_str(),
                "org.freedesktop.DBus.Error.ServiceUnknown" | "org.freedesktop.DBus.Error.NameHasNoOwner"
            ) =>
        {
            NotifyError::NoServer { detail: detail.clone().unwrap_or_else(|| name.to_string()) }
        }
        _ => NotifyError::Dbus(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reminder_is_gentle_in_both_languages() {
        let en = Message::reminder(Lang::En, true);
        assert_eq!(en.summary, "Time for a check-in?");
        assert_eq!(en.open_label.as_deref(), Some("Log now"));
        let nl = Message::reminder(Lang::Nl, false);
        assert_eq!(nl.summary, "Tijd voor een moment van aandacht?");
        assert_eq!(nl.open_label, None);
        for m in [en, nl, Message::test(Lang::En), Message::test(Lang::Nl)] {
            let text = format!("{} {}", m.summary, m.body).to_lowercase();
            for word in ["forgot", "missed", "streak", "vergeten", "gemist", "reeks", "!"] {
                assert!(!text.contains(word), "{word:?} in {text:?}");
            }
        }
    }

    #[test]
    fn an_unreachable_bus_is_reported_as_such() {
        let dir = tempfile::tempdir().expect("tempdir");
        let address = format!("unix:path={}", dir.path().join("no-bus-here").display());
        let err = Notifier::at_address(&address, false).expect_err("no bus");
        assert!(matches!(err, NotifyError::NoSessionBus { .. }), "{err:?}");
        assert!(err.to_string().contains("no D-Bus session bus could be reached"), "{err}");
    }
}
