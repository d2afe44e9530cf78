//! After an emotion: a grid of region × time window coloured by how tension differs from the
//! usual level after events of one emotion (the adjusted difference and its verdict), a personal
//! bodily map, and the entries behind a cell. Every number comes from [`crate::analysis::lag`]
//! and carries its sample size.

use egui::{Align2, Color32, ComboBox, CornerRadius, FontId, RichText, Sense, Slider, Stroke, Ui, WidgetInfo, vec2};

use super::analysis::Analysis;
use super::{Cx, computing, computing_text};
use crate::analysis::common::{format_number, format_signed};
use crate::analysis::lag::{DEFAULT_MIN_INTENSITY, how_computed};
use crate::analysis::{CellEntries, LagCell, LagParams, LagTable, LagWindow, Verdict, cell_sentence, lag_analysis};
use crate::model::{Entry, Lang, Level, Region, emotion_name};
use crate::ui::palette::{VerdictColors, mix, text_color_on};
use crate::ui::widgets::body_map::BodyMapPainter;

/// A difference of this many points or more gets the strongest colour.
const FULL_COLOUR_POINTS: f64 = 2.0;
const CELL: egui::Vec2 = vec2(112.0, 22.0);

fn params(threshold: u8) -> LagParams {
    LagParams { min_intensity: Level::new(threshold).unwrap_or(Level::MAX), ..LagParams::default() }
}

fn compute_table(entries: &[Entry], threshold: &u8) -> LagTable {
    lag_analysis(entries, &params(*threshold))
}

/// Which cell's entries are listed: the data generation, the threshold, the emotion and the
/// window.
type DrillKey = (u64, u8, String, LagWindow);

/// State of the "after an emotion" view.
#[derive(Debug)]
pub(super) struct AfterEmotionView {
    /// Chosen emotion; `None`: the one with the most clear links (then the most events).
    emotion: Option<String>,
    threshold: u8,
    /// The window shown on the bodily map.
    map_window: LagWindow,
    /// The clicked cell.
    selected: Option<(Region, LagWindow)>,
    /// The lag table for an intensity threshold.
    table: Analysis<u8, LagTable>,
    /// The entries behind the clicked cell.
    /// Listed from the table's own prepared events and check-ins (no new pass over the journal).
    drill: Option<(DrillKey, CellEntries)>,
}

impl Default for AfterEmotionView {
    fn default() -> Self {
        AfterEmotionView {
            emotion: None,
            threshold: DEFAULT_MIN_INTENSITY,
            map_window: LagWindow::H0To6,
            selected: None,
            table: Analysis::new("lag-analysis", compute_table),
            drill: None,
        }
    }
}

impl AfterEmotionView {
    pub(super) fn is_busy(&self) -> bool {
        self.table.is_busy()
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let lang = cx.lang;
        self.table.request(ui, cx, &self.threshold);
        let Some((_, table)) = self.table.latest() else {
            computing(ui, computing_text(lang));
            return;
        };
        let emotion = self
            .emotion
            .clone()
            .filter(|e| table.emotions.iter().any(|x| &x.emotion == e))
            .or_else(|| default_emotion(table));
        controls_ui(ui, lang, table, emotion.as_deref(), &mut self.emotion, &mut self.threshold);
        self.table.status(ui, lang);
        ui.label(
            RichText::new(lang.pick(
                "These are associations in your own data, not proof that an emotion causes tension.",
                "Dit zijn verbanden in je eigen gegevens, geen bewijs dat een emotie spanning veroorzaakt.",
            ))
            .italics(),
        );
        let Some(emotion) = emotion else {
            ui.label(lang.pick(
                "No emotion reached this intensity yet. Try a lower threshold.",
                "Nog geen emotie bereikte deze intensiteit. Probeer een lagere drempel.",
            ));
            return;
        };
        let cells = table.cells_for(&emotion);
        ui.add_space(6.0);
        let usual = table.emotions.iter().find(|e| e.emotion == emotion).map(|e| e.baseline_mean);
        // The map beside the table when both fit at full size, else below it (the table's cells
        // narrower if need be): nothing runs out of the window.
        let full = grid_width(ui, lang, cells, CELL.x);
        let beside = ui.available_width() - full - 16.0;
        if beside >= MAP_MIN_WIDTH {
            ui.horizontal_top(|ui| {
                ui.allocate_ui_with_layout(vec2(full, 0.0), egui::Layout::top_down(egui::Align::Min), |ui| {
                    // The legend wraps within the table's width.
                    ui.set_max_width(full);
                    if let Some(clicked) = grid_ui(ui, lang, &emotion, cells, usual.as_ref(), self.selected) {
                        self.selected = Some(clicked);
                    }
                    legend_ui(ui, lang);
                });
                ui.add_space(16.0);
                ui.allocate_ui_with_layout(vec2(beside, 0.0), egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.set_max_width(beside);
                    map_ui(ui, lang, &emotion, cells, &mut self.map_window);
                });
            });
        } else {
            if let Some(clicked) = grid_ui(ui, lang, &emotion, cells, usual.as_ref(), self.selected) {
                self.selected = Some(clicked);
            }
            legend_ui(ui, lang);
            ui.add_space(12.0);
            map_ui(ui, lang, &emotion, cells, &mut self.map_window);
        }
        egui::CollapsingHeader::new(lang.pick("How is this computed?", "Hoe wordt dit berekend?"))
            .id_salt("lag_how_computed")
            .show(ui, |ui| {
                let text = how_computed(lang);
                // The text starts with its own title, which the header already shows.
                ui.label(text.split_once("\n\n").map_or(text, |(_, rest)| rest));
            });
        if let Some((region, window)) = self.selected {
            ui.add_space(8.0);
            ui.separator();
            // The table on screen may still be the one for the previous data or threshold: the
            // list waits for the current one, whose indices point into the entries on screen.
            match self.table.get(cx, self.threshold) {
                Some(current) => {
                    let key = (cx.data.generation, self.threshold, emotion.clone(), window);
                    if self.drill.as_ref().map(|(k, _)| k) != Some(&key) {
                        self.drill = Some((key, current.cell_entries(&emotion, window)));
                    }
                    if let Some((_, found)) = &self.drill {
                        let cell = cells.get(region.index() * LagWindow::ALL.len() + window.index());
                        // This cell as a topic to discuss, in the words a screen reader reads.
                        if let Some(cell) = cell {
                            let text = format!(
                                "{} {}: {}",
                                lang.pick("After", "Na"),
                                emotion_name(&emotion, lang).to_lowercase(),
                                cell_description(cell, lang)
                            );
                            let label = lang
                                .pick("Add to the topics to discuss", "Toevoegen aan de onderwerpen om te bespreken");
                            if ui.button(label).on_hover_text(&text).clicked() {
                                let key = format!("{emotion}/{}/{}", region.code(), window.label(Lang::En));
                                cx.add_topic(&text, crate::model::prep::TopicSource::Insight(key));
                            }
                        }
                        drill_ui(
                            ui,
                            (lang, cx.zone),
                            cx.data.entries.as_slice(),
                            &emotion,
                            cell,
                            region,
                            window,
                            found,
                        );
                    }
                }
                None => computing(ui, computing_text(lang)),
            }
        }
    }
}

/// The emotion with the most cells that show a clear link; on a tie, the one with more events.
fn default_emotion(table: &LagTable) -> Option<String> {
    let clear = |code: &str| table.cells_for(code).iter().filter(|c| c.verdict.is_link()).count();
    table.emotions.iter().max_by_key(|e| (clear(&e.emotion), e.n_events)).map(|e| e.emotion.clone())
}

fn controls_ui(
    ui: &mut Ui,
    lang: Lang,
    table: &LagTable,
    shown: Option<&str>,
    emotion: &mut Option<String>,
    threshold: &mut u8,
) {
    ui.horizontal_wrapped(|ui| {
        let emotion_label = lang.pick("Emotion:", "Emotie:");
        let l = ui.label(emotion_label);
        let events = lang.pick("events", "keer");
        let combo = ComboBox::from_id_salt("lag_emotion")
            .selected_text(shown.map_or("–", |c| emotion_name(c, lang)))
            .show_ui(ui, |ui| {
                for e in &table.emotions {
                    let text = format!("{} ({} {events})", emotion_name(&e.emotion, lang), e.n_events);
                    if ui.selectable_label(shown == Some(e.emotion.as_str()), text).clicked() {
                        *emotion = Some(e.emotion.clone());
                    }
                }
            })
            .response
            .labelled_by(l.id);
        // The combo box says what is chosen, not only its label.
        crate::ui::widgets::combo::says_choice(ui, &combo, emotion_label, shown.map_or("–", |c| emotion_name(c, lang)));
        ui.add_space(12.0);
        let l = ui.label(lang.pick("Counts from intensity:", "Telt vanaf intensiteit:"));
        ui.add(Slider::new(threshold, 1..=10)).labelled_by(l.id);
    });
}

/// Fill for a cell: warm when clearly higher after the emotion, cool when clearly lower, a pale
/// tint of those when it was already so before the emotion, grey otherwise (no clear link, or not
/// enough data).
fn cell_color(cell: &LagCell, dark: bool) -> Color32 {
    let colors = VerdictColors::new(dark);
    let (target, pale) = match cell.verdict {
        Verdict::Higher => (colors.higher, false),
        Verdict::Lower => (colors.lower, false),
        Verdict::AlreadyHigherBefore => (colors.higher, true),
        Verdict::AlreadyLowerBefore => (colors.lower, true),
        Verdict::CannotSeparate | Verdict::NoClearLink | Verdict::NotEnoughData => return colors.unclear,
    };
    let t = if pale {
        0.2
    } else {
        cell.diff_points.map_or(0.0, |d| (d.abs() / FULL_COLOUR_POINTS).clamp(0.3, 1.0)) as f32
    };
    mix(colors.neutral, target, t)
}

/// "+1.2 · n 140"; "(+1.0) · n 140" when it was already so before the emotion (the fonts have
/// no triangles: the colour and the legend say which); "few · n 4" with not enough data;
/// "≈ · n 40" when it cannot be told apart from the day as a whole; "– · n 0" without an
/// estimate.
fn cell_text(cell: &LagCell, lang: Lang) -> String {
    if cell.verdict == Verdict::NotEnoughData {
        return format!("{} · n {}", lang.pick("few", "weinig"), cell.n_checkins);
    }
    if cell.verdict == Verdict::CannotSeparate {
        return format!("≈ · n {}", cell.n_checkins);
    }
    let d = cell.diff_points.map_or_else(|| "–".to_owned(), |d| format_signed(d, 1, lang));
    let d = if cell.verdict.is_before() { format!("({d})") } else { d };
    format!("{d} · n {}", cell.n_checkins)
}

/// The short name of a grid cell: "Neck, 0–6 h".
fn cell_name(region: Region, window: LagWindow, lang: Lang) -> String {
    format!("{}, {}", region.name(lang), window.label(lang))
}

/// What a screen reader reads for a grid cell: its name, the adjusted difference, the verdict
/// and the sample sizes, e.g. "Neck, 6–12 h: +1.2 points, higher; 40 check-ins after 12 events".
fn cell_description(cell: &LagCell, lang: Lang) -> String {
    let d = cell.diff_points.map_or_else(
        || lang.pick("no estimate", "geen schatting").to_owned(),
        |d| format!("{} {}", format_signed(d, 1, lang), lang.pick("points", "punten")),
    );
    format!(
        "{}: {d}, {}; {} {} {} {} {} {} {}",
        cell_name(cell.region, cell.window, lang),
        cell.verdict.label(lang),
        cell.n_checkins,
        lang.pick("check-ins after", "metingen na"),
        cell.n_events,
        lang.pick("events", "gebeurtenissen"),
        lang.pick("on", "op"),
        cell.n_days,
        lang.pick("days", "dagen"),
    )
}

fn cell_tooltip(ui: &mut Ui, cell: &LagCell, lang: Lang) {
    ui.strong(format!(
        "{}, {} {} {}",
        cell.region.name(lang),
        cell.window.label(lang),
        lang.pick("after", "na"),
        emotion_name(&cell.emotion, lang)
    ));
    cell_numbers(ui, cell, lang);
    ui.weak(lang.pick(
        "Click or press Enter to see the entries behind it.",
        "Klik of druk op Enter om de metingen erachter te zien.",
    ));
}

/// The numbers of a cell, in words: the sentence for its verdict, the adjusted difference with
/// its interval, the estimate for the 6 h before, the plain means and the sample sizes.
/// Shown in the drill-down and the cell's tooltip, and read as the cell's accessible description.
fn cell_number_lines(cell: &LagCell, lang: Lang) -> Vec<String> {
    let pts = lang.pick("points", "punten");
    let mut lines =
        vec![format!("{} {}", lang.pick("Verdict:", "Oordeel:"), cell.verdict.label(lang)), cell_sentence(cell, lang)];
    if let Some(d) = cell.diff_points {
        let interval = match (cell.ci95_low, cell.ci95_high) {
            (Some(lo), Some(hi)) => format!(
                " ({} {} {} {})",
                lang.pick("95 % interval", "95%-interval"),
                format_signed(lo, 1, lang),
                lang.pick("to", "tot"),
                format_signed(hi, 1, lang)
            ),
            _ => String::new(),
        };
        lines.push(format!(
            "{} {} {pts}{interval}",
            lang.pick("Adjusted difference from your usual level:", "Gecorrigeerd verschil met je gewone niveau:"),
            format_signed(d, 1, lang)
        ));
    }
    if cell.method == crate::analysis::lag::METHOD_WITHIN_DAY {
        lines.push(
            lang.pick(
                "Estimated within days (each check-in compared with others of the same day), because tension before this emotion differs from usual: a tense day as a whole cannot explain it.",
                "Geschat binnen dagen (elke meting vergeleken met andere van dezelfde dag), omdat de spanning vóór deze emotie anders is dan gewoonlijk: een gespannen dag als geheel kan het niet verklaren.",
            )
            .to_owned(),
        );
    }
    if let Some(b) = cell.before_points {
        let when = if cell.before_window == Some("6-36h") {
            lang.pick("6 to 36 h before the emotion:", "6 tot 36 uur vóór de emotie:")
        } else {
            lang.pick("In the 6 h before the emotion:", "In de 6 uur vóór de emotie:")
        };
        lines.push(format!(
            "{} {} {pts} ({} {})",
            when,
            format_signed(b, 1, lang),
            cell.n_before,
            lang.pick("check-ins", "metingen")
        ));
    }
    if let (Some(b), Some(r)) = (cell.baseline, cell.response) {
        lines.push(format!(
            "{} {} {} {} ({})",
            lang.pick("Plain means: after", "Ruwe gemiddelden: erna"),
            format_number(r, 1, lang),
            lang.pick("against usual", "tegenover gewoonlijk"),
            format_number(b, 1, lang),
            lang.pick("not adjusted", "niet gecorrigeerd")
        ));
    }
    lines.push(format!(
        "{} {} {} {}, {} {} {}; {} {} {}",
        cell.n_events,
        lang.pick("events on", "gebeurtenissen op"),
        cell.n_days,
        lang.pick("days", "dagen"),
        lang.pick("followed by", "gevolgd door"),
        cell.n_checkins,
        lang.pick("check-ins", "metingen"),
        lang.pick("usual level from", "gebruikelijk niveau uit"),
        cell.n_baseline,
        lang.pick("check-ins", "metingen")
    ));
    lines
}

fn cell_numbers(ui: &mut Ui, cell: &LagCell, lang: Lang) {
    for line in cell_number_lines(cell, lang) {
        ui.label(line);
    }
}

/// The region × window grid; returns the clicked cell.
///
/// For assistive technology it is a table (AccessKit `Table` → `Row` → `ColumnHeader` /
/// `RowHeader` / `Cell`), each cell named with its numbers in words ([`cell_description`]) and
/// described with the details of its tooltip. A cell shows those details on hover and when it
/// has the keyboard (Tab or the arrow keys); Enter or a click lists the entries behind it.
#[allow(clippy::too_many_arguments)]
/// The narrowest the bodily map beside the table may be.
const MAP_MIN_WIDTH: f32 = 320.0;
/// The narrowest a cell of the table may be.
const CELL_MIN_WIDTH: f32 = 72.0;
/// The space between the table's cells.
const GRID_GAP: f32 = 4.0;

/// The widths of the table's region column and its "usual" column.
fn first_columns(ui: &Ui, lang: Lang, cells: &[LagCell]) -> (f32, f32) {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let width_of = |s: &str| {
        ui.ctx().fonts_mut(|f| f.layout_no_wrap(s.to_owned(), body.clone(), egui::Color32::PLACEHOLDER).size().x)
    };
    let name_w = Region::ALL.iter().map(|r| width_of(r.name(lang))).fold(0.0, f32::max) + 8.0;
    let usual_n = format!("n {}", cells.first().map_or(0, |c| c.n_baseline));
    let usual_w = width_of(lang.pick("Usual", "Gewoonlijk")).max(width_of(&usual_n)) + 8.0;
    (name_w, usual_w)
}

/// The table's width with cells `cell` wide.
fn grid_width(ui: &Ui, lang: Lang, cells: &[LagCell], cell: f32) -> f32 {
    let (name_w, usual_w) = first_columns(ui, lang, cells);
    let windows = LagWindow::ALL.len();
    name_w + usual_w + windows as f32 * cell + (windows + 1) as f32 * GRID_GAP
}

fn grid_ui(
    ui: &mut Ui,
    lang: Lang,
    emotion: &str,
    cells: &[LagCell],
    usual: Option<&[Option<f64>; Region::COUNT]>,
    selected: Option<(Region, LagWindow)>,
) -> Option<(Region, LagWindow)> {
    use egui::accesskit::Role;
    let mut clicked = None;
    let dark = ui.visuals().dark_mode;
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    let text = ui.visuals().text_color();
    let windows = LagWindow::ALL.len();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let (name_w, usual_w) = first_columns(ui, lang, cells);
    let usual_head = lang.pick("Usual", "Gewoonlijk");
    let usual_n = format!("n {}", cells.first().map_or(0, |c| c.n_baseline));
    // The cells as wide as they may be within the view, from CELL_MIN_WIDTH up to CELL's.
    let spare = ui.available_width() - grid_width(ui, lang, cells, 0.0);
    let cell_w = (spare / windows as f32).clamp(CELL_MIN_WIDTH, CELL.x);
    let cell_size = vec2(cell_w, CELL.y);
    let line_h = ui.text_style_height(&egui::TextStyle::Body);
    let head_h = 2.0 * line_h + 2.0;
    // A painted text with its own accessible node (role and name).
    let text_cell = |ui: &mut Ui, w: f32, h: f32, lines: &[(String, Color32)], role: Role, name: String| {
        let (rect, resp) = ui.allocate_exact_size(vec2(w, h), Sense::hover());
        let mut y = rect.center().y - lines.len() as f32 * line_h / 2.0;
        for (line, color) in lines {
            ui.painter().text(egui::pos2(rect.left(), y), Align2::LEFT_TOP, line, body.clone(), *color);
            y += line_h;
        }
        resp.widget_info(|| WidgetInfo::labeled(role, true, &name));
    };
    let title = format!("{} {}", lang.pick("Tension after", "Spanning na"), emotion_name(emotion, lang));
    let row_ui = |ui: &mut Ui, add: &mut dyn FnMut(&mut Ui)| {
        ui.scope_builder(
            egui::UiBuilder::new().accessibility_role(Role::Row).layout(egui::Layout::left_to_right(egui::Align::Min)),
            |ui| {
                ui.spacing_mut().item_spacing = vec2(4.0, 3.0);
                add(ui);
            },
        );
    };
    ui.scope_builder(egui::UiBuilder::new().accessibility_role(Role::Table).accessibility_label(title), |ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 3.0);
        ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
            node.set_row_count(Region::COUNT + 1);
            node.set_column_count(windows + 2);
        });
        // Header: the windows, each with how many events it follows.
        row_ui(ui, &mut |ui| {
            text_cell(ui, name_w, head_h, &[], Role::ColumnHeader, lang.pick("Region", "Gebied").to_owned());
            text_cell(
                ui,
                usual_w,
                head_h,
                &[(usual_head.to_owned(), weak), (usual_n.clone(), weak)],
                Role::ColumnHeader,
                format!("{usual_head}, {usual_n}"),
            );
            for (w, c) in LagWindow::ALL.iter().zip(cells.iter().take(windows)) {
                let events = format!("{} {}", c.n_events, lang.pick("events", "keer"));
                text_cell(
                    ui,
                    cell_w,
                    head_h,
                    &[(w.label(lang).to_owned(), strong), (events.clone(), weak)],
                    Role::ColumnHeader,
                    format!("{}, {events}", w.label(lang)),
                );
            }
        });
        for (region, row) in Region::ALL.iter().zip(cells.chunks(windows)) {
            row_ui(ui, &mut |ui| {
                text_cell(
                    ui,
                    name_w,
                    CELL.y,
                    &[(region.name(lang).to_owned(), text)],
                    Role::RowHeader,
                    region.name(lang).to_owned(),
                );
                // The region's usual level (its plain baseline); each cell's difference is
                // adjusted (see "How is this computed?").
                let usual = usual.and_then(|u| u[region.index()]).or_else(|| row.first().and_then(|c| c.baseline));
                let usual = usual.map_or_else(|| "–".to_owned(), |b| format_number(b, 1, lang));
                let name =
                    format!("{}, {}: {usual}", region.name(lang), lang.pick("usual level", "gebruikelijk niveau"));
                text_cell(ui, usual_w, CELL.y, &[(usual, weak)], Role::Cell, name);
                for cell in row {
                    if lag_cell_ui(ui, cell_size, lang, cell, selected == Some((cell.region, cell.window)), dark) {
                        clicked = Some((cell.region, cell.window));
                    }
                }
            });
        }
    });
    clicked
}

/// One painted cell of the grid; returns true when it was clicked (or Enter was pressed on it).
fn lag_cell_ui(ui: &mut Ui, size: egui::Vec2, lang: Lang, cell: &LagCell, selected: bool, dark: bool) -> bool {
    let weak = ui.visuals().weak_text_color();
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    let fill = cell_color(cell, dark);
    let clear = cell.verdict.is_link() || cell.verdict.is_before();
    let painter = ui.painter();
    painter.rect_filled(rect, CornerRadius::same(3), fill);
    if selected {
        painter.rect_stroke(
            rect,
            CornerRadius::same(3),
            Stroke::new(2.0, ui.visuals().strong_text_color()),
            egui::StrokeKind::Inside,
        );
    } else if resp.hovered() || resp.has_focus() {
        painter.rect_stroke(rect, CornerRadius::same(3), Stroke::new(1.0, weak), egui::StrokeKind::Inside);
    }
    let color = if clear { text_color_on(fill) } else { weak };
    painter.text(rect.center(), Align2::CENTER_CENTER, cell_text(cell, lang), FontId::proportional(12.0), color);
    resp.widget_info(|| WidgetInfo::labeled(egui::accesskit::Role::Cell, true, cell_description(cell, lang)));
    // The tooltip's details, for a screen reader to read on request.
    let details = cell_number_lines(cell, lang)
        .into_iter()
        .map(|l| if l.ends_with('.') { l } else { format!("{l}.") })
        .collect::<Vec<_>>()
        .join(" ");
    ui.ctx().accesskit_node_builder(resp.id, |node| node.set_description(details));
    // Details on focus as on hover, unless the focus came from a click (then the pointer
    // decides, and the drill-down below shows the same numbers).
    let pointer_focus = egui::Id::unique("feltsense_lag_grid_pointer_focus");
    if resp.clicked_by(egui::PointerButton::Primary) {
        ui.data_mut(|d| d.insert_temp(pointer_focus, resp.id));
    } else if resp.gained_focus() {
        ui.data_mut(|d| d.remove::<egui::Id>(pointer_focus));
        // The details appear in the next frame; an idle window would not draw one.
        ui.ctx().request_repaint();
    }
    let by_pointer = ui.data(|d| d.get_temp::<egui::Id>(pointer_focus)) == Some(resp.id);
    if resp.has_focus() && !by_pointer && !resp.hovered() {
        resp.show_tooltip_ui(|ui| cell_tooltip(ui, cell, lang));
    }
    let resp = resp.on_hover_ui(|ui| cell_tooltip(ui, cell, lang));
    resp.clicked()
}

fn legend_ui(ui: &mut Ui, lang: Lang) {
    let dark = ui.visuals().dark_mode;
    let sample = |verdict, d| LagCell { verdict, diff_points: Some(d), ..legend_cell() };
    ui.horizontal_wrapped(|ui| {
        for (verdict, d) in [
            (Verdict::Higher, 2.0),
            (Verdict::Lower, -2.0),
            (Verdict::AlreadyHigherBefore, 2.0),
            (Verdict::AlreadyLowerBefore, -2.0),
            (Verdict::NoClearLink, 0.0),
        ] {
            let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
            ui.painter().rect_filled(rect, CornerRadius::same(2), cell_color(&sample(verdict, d), dark));
            ui.weak(verdict.label(lang));
            ui.add_space(6.0);
        }
        ui.weak(format!("≈: {}", Verdict::CannotSeparate.label(lang)));
        ui.add_space(6.0);
        ui.weak(format!("{}: {}", lang.pick("few", "weinig"), Verdict::NotEnoughData.label(lang)));
    });
    ui.weak(lang.pick(
        "Each cell: adjusted difference from your usual level in points · n check-ins in that window.",
        "Elk vak: gecorrigeerd verschil met je gewone niveau in punten · n metingen in dat tijdvak.",
    ));
}

/// An empty cell, for the legend's colour samples.
fn legend_cell() -> LagCell {
    LagCell {
        emotion: String::new(),
        region: Region::Neck,
        window: LagWindow::H0To6,
        baseline: None,
        response: None,
        diff_points: None,
        diff_percent: None,
        n_events: 0,
        n_days: 0,
        n_checkins: 0,
        n_baseline: 0,
        ci95_low: None,
        ci95_high: None,
        p_value: None,
        q_value: None,
        before_points: None,
        before_ci95_low: None,
        before_ci95_high: None,
        n_before: 0,
        before_window: None,
        more_events_needed: 0,
        more_days_needed: 0,
        verdict: Verdict::NoClearLink,
        method: crate::analysis::lag::METHOD,
    }
}

/// The personal bodily map for one window.
fn map_ui(ui: &mut Ui, lang: Lang, emotion: &str, cells: &[LagCell], window: &mut LagWindow) {
    // "Where stress shows in your body" / "Waar stress zich toont in je lichaam".
    let emotion_lower = emotion_name(emotion, lang).to_lowercase();
    ui.strong(match lang {
        Lang::En => format!("Where {emotion_lower} shows in your body"),
        Lang::Nl => format!("Waar {emotion_lower} zich toont in je lichaam"),
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("Window:", "Tijdvak:"));
        for w in LagWindow::ALL {
            if ui.selectable_label(*window == w, w.label(lang)).clicked() {
                *window = w;
            }
        }
    });
    let w = *window;
    let cell = |r: Region| cells.get(r.index() * LagWindow::ALL.len() + w.index());
    let dark = ui.visuals().dark_mode;
    let fill = |r: Region| cell(r).map(|c| cell_color(c, dark));
    let label = |r: Region| {
        let c = cell(r)?;
        c.diff_points.filter(|_| c.verdict.is_link() || c.verdict.is_before()).map(|d| {
            let d = format_signed(d, 1, lang);
            if c.verdict.is_before() { format!("({d})") } else { d }
        })
    };
    BodyMapPainter::new(&fill, &label, lang)
        .id_salt("lag_bodily_map")
        .accessible_prefix(lang.pick("Bodily map", "Lichaamsbeeld"))
        .max_height(380.0)
        .show(ui);
    if let Some(c) = cells.get(w.index()) {
        ui.weak(format!(
            "{} {} {}: {} {}, {} {}; {} {} {}.",
            w.label(lang),
            lang.pick("after", "na"),
            emotion_name(emotion, lang),
            c.n_events,
            lang.pick("events", "gebeurtenissen"),
            c.n_checkins,
            lang.pick("check-ins", "metingen"),
            lang.pick("usual level from", "gebruikelijk niveau uit"),
            c.n_baseline,
            lang.pick("check-ins", "metingen")
        ));
    }
    ui.weak(lang.pick(
        "Warm: higher after the emotion. Cool: lower. Pale, in brackets: already so before it. Grey: not enough data, no clear link, or cannot tell apart from the day as a whole.",
        "Warm: hoger na de emotie. Koel: lager. Licht, tussen haakjes: al zo vooraf. Grijs: te weinig gegevens, geen duidelijk verband, of niet te onderscheiden van de dag als geheel.",
    ));
}

/// The events and check-ins behind the clicked cell.
#[allow(clippy::too_many_arguments)]
fn drill_ui(
    ui: &mut Ui,
    (lang, zone): (Lang, crate::model::text::time::Zone),
    entries: &[Entry],
    emotion: &str,
    cell: Option<&LagCell>,
    region: Region,
    window: LagWindow,
    found: &CellEntries,
) {
    ui.strong(format!(
        "{} {} {} {}",
        lang.pick("Behind", "Achter"),
        cell_name(region, window, lang),
        lang.pick("after", "na"),
        emotion_name(emotion, lang)
    ));
    if let Some(cell) = cell {
        cell_numbers(ui, cell, lang);
        ui.add_space(4.0);
    }
    let when = |e: &Entry| crate::model::text::time::when(&e.at, zone, lang);
    let row_h = ui.text_style_height(&egui::TextStyle::Body);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.label(format!("{}: {}", lang.pick("Events", "Gebeurtenissen"), found.events.len()));
            egui::ScrollArea::vertical().id_salt("lag_drill_events").max_height(200.0).show_rows(
                ui,
                row_h,
                found.events.len(),
                |ui, rows| {
                    for &i in &found.events[rows] {
                        let Some(e) = entries.get(i) else { continue };
                        let level = e.intensity_of(emotion).map_or_else(String::new, |l| l.to_string());
                        ui.label(format!("{} · {} {level}", when(e), emotion_name(emotion, lang)));
                    }
                },
            );
        });
        ui.add_space(24.0);
        ui.vertical(|ui| {
            ui.label(format!(
                "{} ({}): {}",
                lang.pick("Check-ins", "Metingen"),
                region.name(lang),
                found.check_ins.len()
            ));
            egui::ScrollArea::vertical().id_salt("lag_drill_checkins").max_height(200.0).show_rows(
                ui,
                row_h,
                found.check_ins.len(),
                |ui, rows| {
                    for &i in &found.check_ins[rows] {
                        let Some(e) = entries.get(i) else { continue };
                        let level = e.level_of(region).map_or(0, Level::get);
                        ui.label(format!("{} · {} {level}", when(e), region.name(lang)));
                    }
                },
            );
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(verdict: Verdict, d: Option<f64>) -> LagCell {
        LagCell {
            emotion: "anxiety".into(),
            window: LagWindow::H6To12,
            baseline: Some(2.0),
            response: d.map(|d| 2.0 + d),
            diff_points: d,
            diff_percent: d.map(|d| d / 2.0 * 100.0),
            n_events: 12,
            n_days: 9,
            n_checkins: 40,
            n_baseline: 300,
            verdict,
            ..legend_cell()
        }
    }

    #[test]
    fn colours_follow_the_verdict() {
        let higher = cell_color(&cell(Verdict::Higher, Some(1.0)), false);
        let lower = cell_color(&cell(Verdict::Lower, Some(-1.0)), false);
        // Warm: more red than blue; cool: more blue than red.
        assert!(higher.r() > higher.b(), "{higher:?}");
        assert!(lower.b() > lower.r(), "{lower:?}");
        // A large difference is a stronger colour than a small one (further from the neutral).
        let strong = cell_color(&cell(Verdict::Higher, Some(3.0)), false);
        assert!(strong.g() < higher.g());
        // No clear link is grey however large the difference.
        let grey = cell_color(&cell(Verdict::NoClearLink, Some(3.0)), false);
        assert_eq!((grey.r(), grey.g()), (grey.g(), grey.b()));
        assert_eq!(cell_color(&cell(Verdict::NotEnoughData, Some(3.0)), false), grey);
        // Already higher before: a pale warm, paler than a link.
        let before = cell_color(&cell(Verdict::AlreadyHigherBefore, Some(3.0)), false);
        assert!(before.r() > before.b() && before.g() > strong.g(), "{before:?}");
    }

    #[test]
    fn cells_show_the_difference_and_n() {
        // Ties round away from zero, as everywhere (`model::text`).
        assert_eq!(cell_text(&cell(Verdict::Higher, Some(1.25)), Lang::En), "+1.3 · n 40");
        assert_eq!(cell_text(&cell(Verdict::AlreadyHigherBefore, Some(1.0)), Lang::En), "(+1.0) · n 40");
        assert_eq!(cell_text(&cell(Verdict::NotEnoughData, Some(1.0)), Lang::Nl), "weinig · n 40");
        assert_eq!(
            cell_description(&cell(Verdict::Higher, Some(1.25)), Lang::En),
            "Neck, 6–12 h: +1.3 points, higher; 40 check-ins after 12 events on 9 days"
        );
        assert_eq!(cell_text(&cell(Verdict::NoClearLink, Some(-0.5)), Lang::Nl), "\u{2212}0,5 · n 40");
        assert_eq!(cell_text(&cell(Verdict::NoClearLink, None), Lang::En), "– · n 40");
        // Cannot tell apart: no size is claimed, grey like "no clear link", said in words.
        let apart = cell(Verdict::CannotSeparate, None);
        assert_eq!(cell_text(&apart, Lang::En), "≈ · n 40");
        assert_eq!(cell_color(&apart, false), cell_color(&cell(Verdict::NoClearLink, Some(3.0)), false));
        assert!(cell_description(&apart, Lang::Nl).contains("geen schatting, niet te onderscheiden;"));
        assert_eq!(cell_name(Region::Neck, LagWindow::H6To12, Lang::Nl), "Nek, 6–12 uur");
    }
}
