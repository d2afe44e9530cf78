//! The start-up benchmark's yardstick: an empty eframe window with the same eframe, egui and wgpu
//! features as Feltsense (a binary of this package, built in the same `cargo build` as
//! `feltsense`, so it links the very same compiled eframe), the same title, size and persistence,
//! and nothing in it. `scripts/startup-bench.sh` starts it and Feltsense side by side;
//! Feltsense's goal is at most 1.1 times its time to a visible window and its memory. Built only
//! for the benchmark:
//! `cargo build --release --features bare-window --bin feltsense --bin bare_window`.

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Feltsense")
            .with_app_id("feltsense-bare")
            .with_inner_size([1100.0, 760.0])
            .with_min_inner_size([720.0, 520.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native("feltsense-bare", options, Box::new(|_| Ok(Box::new(Bare))))
}

/// Draws an empty central panel; Ctrl+Q closes it (as in Feltsense, for the benchmark script).
struct Bare;

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Q)) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        egui::CentralPanel::default().show(ui, |_| {});
    }
}
