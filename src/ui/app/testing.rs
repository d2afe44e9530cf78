//! Test support (the `test-support` feature, which `cargo test` turns on and the shipped program
//! leaves out): frames that wait for the background threads, so a headless test sees the result
//! of a click in the next frame, as if it were at hand.

use std::time::{Duration, Instant};

use super::App;

/// How long a test frame waits for the background threads at most.
const TEST_WAIT: Duration = Duration::from_secs(20);

impl App {
    /// For headless tests: each frame ends by waiting (at most 20 s) until the journal worker and
    /// the effects thread have answered everything asked so far, and the Journal filter does not
    /// wait for typing to pause, so `Harness::run` sees the results of a click. The window never
    /// waits.
    pub fn wait_for_worker(mut self) -> App {
        self.wait_for_worker = true;
        self
    }

    /// For tests of the open window's reminders: `reminders` (started by the test, e.g. on a
    /// private session bus) instead of the ones the window starts after its first frame.
    pub fn with_reminders(mut self, reminders: crate::reminders::runner::WindowReminders) -> App {
        self.reminders = Some(reminders);
        self
    }

    /// True while the journal worker has requests (or the opening) unanswered.
    pub fn is_waiting(&self) -> bool {
        self.link.pending() > 0
    }

    /// Waits until the worker and the effects thread have answered everything asked so far.
    pub(super) fn settle(&mut self, ctx: &egui::Context) {
        let deadline = Instant::now() + TEST_WAIT;
        let mut any = false;
        while let Some(w) = self.link.worker_mut()
            && w.pending() > 0
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match w.recv_timeout(left) {
                Some(reply) => {
                    any = true;
                    self.link.note(&reply);
                    self.on_reply(reply, ctx);
                }
                None => {
                    self.poll(ctx);
                    break;
                }
            }
        }
        while let Some(fx) = self.effects.as_mut()
            && fx.pending() > 0
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match fx.recv_timeout(left) {
                Some(done) => {
                    any = true;
                    self.on_done(done);
                }
                None => {
                    self.poll(ctx);
                    break;
                }
            }
        }
        if any {
            ctx.request_repaint();
        }
    }
}
