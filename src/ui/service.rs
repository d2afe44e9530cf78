//! One small shell for the window's background threads: the journal worker ([`super::worker`])
//! and the effects thread ([`super::effects`]).
//!
//! A [`Service`] is a named thread that takes requests from one channel and answers on another.
//! The app sends with [`Service::send`] and takes answers with [`Service::try_recv`] each frame
//! (never blocking). The thread answers through a [`Replier`], which asks egui for a repaint after
//! each answer, so an idle window stays at 0 % CPU and still shows an answer at once. The service
//! counts the requests not yet answered ([`Service::pending`]); tests wait on that count.
//!
//! The thread ends when the app lets go of the service ([`Service::stop`], or dropping it): its
//! request channel closes, it finishes what it was given, and ends.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The thread's end of the answers: sends one and asks the window for a repaint.
#[derive(Debug)]
pub struct Replier<A> {
    tx: Sender<A>,
    ctx: egui::Context,
}

impl<A> Clone for Replier<A> {
    fn clone(&self) -> Self {
        Replier { tx: self.tx.clone(), ctx: self.ctx.clone() }
    }
}

impl<A> Replier<A> {
    /// Sends an answer. False when nobody listens any more (the app switched journals or the
    /// window closed): then nobody needs it.
    pub fn send(&self, answer: A) -> bool {
        let sent = self.tx.send(answer).is_ok();
        if sent {
            self.ctx.request_repaint();
        }
        sent
    }
}

#[cfg(test)]
impl<A> Replier<A> {
    /// A replier onto `tx`, for unit tests of what a thread sends.
    pub(crate) fn for_test(tx: Sender<A>) -> Replier<A> {
        Replier { tx, ctx: egui::Context::default() }
    }
}

/// The app's end of a background thread: sends requests `R`, receives answers `A`.
#[derive(Debug)]
pub struct Service<R, A> {
    name: String,
    tx: Option<Sender<R>>,
    rx: Receiver<A>,
    handle: Option<JoinHandle<()>>,
    pending: usize,
    /// Whether an answer ends something the app is waiting for (others arrive on their own).
    settles: fn(&A) -> bool,
}

impl<R: Send + 'static, A: Send + 'static> Service<R, A> {
    /// Starts the thread `name`, which runs `body` with the requests and a [`Replier`]. `pending`
    /// is how many answers the thread owes before any request (e.g. 1 for opening a journal);
    /// `settles` tells answers from announcements.
    pub fn start(
        name: &str,
        ctx: &egui::Context,
        pending: usize,
        settles: fn(&A) -> bool,
        body: impl FnOnce(Receiver<R>, Replier<A>) + Send + 'static,
    ) -> std::io::Result<Self> {
        let (tx, requests) = std::sync::mpsc::channel();
        let (answers, rx) = std::sync::mpsc::channel();
        let replier = Replier { tx: answers, ctx: ctx.clone() };
        let handle = std::thread::Builder::new().name(name.to_owned()).spawn(move || body(requests, replier))?;
        Ok(Service { name: name.to_owned(), tx: Some(tx), rx, handle: Some(handle), pending, settles })
    }

    /// Hands the thread a request that it answers (`answered`) or not. False when the thread has
    /// ended.
    pub fn send(&mut self, request: R, answered: bool) -> bool {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(request).is_ok());
        if sent && answered {
            self.pending += 1;
        }
        sent
    }

    /// The next answer, if one is there (never blocks). [`TryRecvError::Disconnected`] when the
    /// thread has ended.
    pub fn try_recv(&mut self) -> Result<A, TryRecvError> {
        self.rx.try_recv().map(|a| self.received(a))
    }

    /// Waits up to `timeout` for the next answer (tests only; the window never waits).
    pub fn recv_timeout(&mut self, timeout: Duration) -> Option<A> {
        match self.rx.recv_timeout(timeout) {
            Ok(a) => Some(self.received(a)),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    fn received(&mut self, a: A) -> A {
        if (self.settles)(&a) {
            self.pending = self.pending.saturating_sub(1);
        }
        a
    }

    /// How many requests are not answered yet.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Lets go of the thread: it finishes what it was given and ends. Returns it, to wait for
    /// that end elsewhere (a new journal worker waits until the old one has closed the file).
    pub fn stop(mut self) -> Option<JoinHandle<()>> {
        self.tx = None;
        self.handle.take()
    }
}

impl<R, A> Drop for Service<R, A> {
    /// Lets the thread finish what it was given (a save just before Quit, an export) before the
    /// program ends.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(handle) = self.handle.take()
            && handle.join().is_err()
        {
            eprintln!("feltsense: the thread {} stopped unexpectedly", self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_counted_and_the_thread_ends_when_let_go() {
        let ctx = egui::Context::default();
        let mut s: Service<u32, (bool, u32)> = Service::start(
            "feltsense-test-service",
            &ctx,
            0,
            |a: &(bool, u32)| a.0,
            |requests, reply| {
                for r in requests {
                    // An announcement first, then the answer.
                    reply.send((false, r));
                    reply.send((true, r * 2));
                }
            },
        )
        .expect("start");
        assert!(s.send(3, true));
        assert!(s.send(4, true));
        assert_eq!(s.pending(), 2);
        let got: Vec<(bool, u32)> =
            (0..4).map(|_| s.recv_timeout(Duration::from_secs(20)).expect("an answer")).collect();
        assert_eq!(got, [(false, 3), (true, 6), (false, 4), (true, 8)]);
        assert_eq!(s.pending(), 0);
        assert!(matches!(s.try_recv(), Err(TryRecvError::Empty)));
        let handle = s.stop().expect("a thread");
        handle.join().expect("ended cleanly");
    }
}
