//! What a combo box says to assistive technology: the choice it shows.
//!
//! AccessKit carries a combo box's choice as its value, but its Linux adapter (AT-SPI, what Orca
//! reads) drops string values, so a screen reader there heard only "Emotion:, combo box". The
//! choice therefore also goes into the description, as the body map's regions carry their level
//! ("Neck, tension 6"): "Emotion: Anxiety".

/// Tells assistive technology what `response` (a combo box labelled `label`) shows now: as its
/// value and as its description ("Emotion: Anxiety").
pub fn says_choice(ui: &egui::Ui, response: &egui::Response, label: &str, choice: &str) {
    let description = format!("{} {choice}", label.trim_end());
    let choice = choice.to_owned();
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_value(choice);
        node.set_description(description);
    });
}
