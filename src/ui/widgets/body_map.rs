//! The body map: a front and a back silhouette, side by side, on which the person clicks where
//! they feel tension and sets a 0–10 level per region.
//!
//! - [`BodyMap`] is the editing widget of the check-in.
//! - [`BodyMapPainter`] (and its shortcut [`paint_static`]) draws the same silhouettes read-only,
//!   each region filled with a colour and a text the caller chooses (heat maps, report preview).
//! - The colours (the level scale, text on fills, the silhouette's own) come from
//!   [`crate::ui::palette`]; this file only draws with them.
//!
//! The geometry comes from [`BodyOutlines`]; this file only paints and handles input. Every region
//! shape is its own interactive widget with an accessible name (the region's name, plus the view
//! when the region is also drawn on its primary view, e.g. "Neck (front)"), so screen readers and
//! egui_kittest tests can find it. Hover and clicks count only inside the true outline.

use egui::{
    Align2, AsIdSalt, Color32, CornerRadius, Event, FontId, Id, IdSalt, Key, Mesh, Modifiers, MouseWheelUnit, Pos2,
    Rect, Response, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo, accesskit, pos2, vec2,
};

use crate::model::outline::{BodyOutlines, RegionShape, VIEWS};
use crate::model::{Lang, Level, Region, View};
use crate::ui::palette::{BodyColors, level_color, text_color_on};

/// How long after typing "1" a "0" still turns the level into 10, in seconds.
const TEN_WINDOW_S: f64 = 1.0;

/// How long typed letters add up to one type-ahead prefix ("lo" for "Lower back"), in seconds.
const TYPE_AHEAD_S: f64 = 1.0;

/// Scroll distance in points that counts as one wheel notch (egui's usual line height for a
/// wheel step is 40–50 points).
const POINTS_PER_NOTCH: f32 = 50.0;

/// Default largest height of one silhouette, in points.
const DEFAULT_MAX_HEIGHT: f32 = 440.0;

/// Smallest height of one silhouette, in points (below this the labels no longer fit).
const MIN_HEIGHT: f32 = 200.0;

/// The accessible (and unique) name of a region's shape on `view`: the plain localised name on
/// the region's primary view ("Neck"), the name with the view on the other one
/// ("Neck (front)" / "Nek (voorkant)").
pub fn shape_accessible_name(region: Region, view: View, lang: Lang) -> String {
    if view == region.primary_view() {
        region.name(lang).to_owned()
    } else {
        format!("{} ({})", region.name(lang), view.name(lang).to_lowercase())
    }
}

/// "Neck: 6", or "Neck: not rated".
fn level_caption(region: Region, level: Option<Level>, lang: Lang) -> String {
    match level {
        Some(l) => format!("{}: {l}", region.name(lang)),
        None => format!("{}: {}", region.name(lang), lang.pick("not rated", "niet ingevuld")),
    }
}

/// "tension 6" / "spanning 6", or "not rated": a region's accessible value on the map.
pub fn level_value(level: Option<Level>, lang: Lang) -> String {
    match level {
        Some(l) => format!("{} {l}", lang.pick("tension", "spanning")),
        None => lang.pick("not rated", "niet ingevuld").to_owned(),
    }
}

/// "Neck, tension 6" / "Nek, spanning 6": a region's accessible description on the map.
pub fn level_description(region: Region, level: Option<Level>, lang: Lang) -> String {
    format!("{}, {}", region.name(lang), level_value(level, lang))
}

/// The region type-ahead jumps to from `from` after the letters `typed` (lowercase): the first
/// region in [`Region::ALL`] order, after `from` when `typed` is one letter (repeated letters cycle)
/// and from `from` itself otherwise, whose name in `lang` starts with them; failing that, in the
/// other language.
pub fn type_ahead(from: Option<Region>, typed: &str, lang: Lang) -> Option<Region> {
    let first = typed.chars().next()?;
    let cycling = typed.chars().all(|c| c == first);
    let prefix = if cycling { first.to_string() } else { typed.to_owned() };
    let start = from.map_or(0, |r| r.index() + usize::from(cycling));
    let order = (0..Region::COUNT).map(|i| Region::ALL[(start + i) % Region::COUNT]);
    let starts = |r: &Region, l: Lang| r.name(l).to_lowercase().starts_with(&prefix);
    let other = match lang {
        Lang::En => Lang::Nl,
        Lang::Nl => Lang::En,
    };
    order.clone().find(|r| starts(r, lang)).or_else(|| order.clone().find(|r| starts(r, other)))
}

/// "Neck level" / "Niveau nek": the accessible name of the selected region's slider.
fn slider_name(region: Region, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} level", region.name(lang)),
        Lang::Nl => format!("Niveau {}", lowercase_first(region.name(lang))),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn view_slot(view: View) -> usize {
    match view {
        View::Front => 0,
        View::Back => 1,
    }
}

// ---------------------------------------------------------------------------------------------
// Layout, interaction and painting shared by the editor and the read-only painter.

/// Where the two silhouettes landed on screen.
struct Layout {
    /// The unit box of each silhouette, indexed by [`view_slot`].
    figures: [Rect; 2],
    /// Everything the map covers.
    response: Response,
}

impl Layout {
    fn allocate(ui: &mut Ui, max_height: f32) -> Layout {
        let aspect = BodyOutlines::get().aspect();
        let caption_h = 22.0;
        let marker_h = 18.0;
        let available = ui.available_width();
        let available = if available.is_finite() { available } else { 2.0 * max_height * aspect + 40.0 };
        // Two figures of width h·aspect and a gap of h·0.1 between them.
        let height = (available / (2.0 * aspect + 0.1)).clamp(MIN_HEIGHT.min(max_height), max_height);
        let width = height * aspect;
        let gap = height * 0.1;
        let block = vec2(2.0 * width + gap, caption_h + height + marker_h);
        let (rect, response) = ui.allocate_exact_size(vec2(available.max(block.x), block.y), Sense::hover());
        let left = rect.center().x - block.x / 2.0;
        let top = rect.top() + caption_h;
        let figure = |i: f32| Rect::from_min_size(pos2(left + i * (width + gap), top), vec2(width, height));
        Layout { figures: [figure(0.0), figure(1.0)], response }
    }

    fn figure(&self, view: View) -> Rect {
        self.figures[view_slot(view)]
    }

    fn to_screen(&self, view: View, p: [f32; 2]) -> Pos2 {
        let r = self.figure(view);
        pos2(r.left() + p[0] * r.width(), r.top() + p[1] * r.height())
    }

    /// The view and unit-box point under a screen position.
    fn to_unit(&self, pos: Pos2) -> Option<(View, [f32; 2])> {
        VIEWS.into_iter().find_map(|view| {
            let r = self.figure(view);
            r.contains(pos).then(|| (view, [(pos.x - r.left()) / r.width(), (pos.y - r.top()) / r.height()]))
        })
    }

    fn shape_rect(&self, shape: &RegionShape) -> Rect {
        let [min, max] = shape.bounds();
        Rect::from_min_max(self.to_screen(shape.view, min), self.to_screen(shape.view, max))
    }
}

/// One interactive region shape.
struct ShapeWidget {
    shape: &'static RegionShape,
    response: Response,
}

/// The result of hit-testing the pointer against the true outlines.
struct Hits {
    widgets: Vec<ShapeWidget>,
    /// The region under the pointer and the index of the widget egui considers hovered.
    hovered: Option<(Region, usize)>,
    /// The region clicked this frame (by the pointer inside its outline, or by keyboard /
    /// assistive technology on its widget).
    clicked: Option<Region>,
}

/// Whether `shape` is its region's one keyboard stop: the shape on the region's primary view
/// (or the first one drawn, should the region not be on its primary view).
fn is_tab_stop(shape: &RegionShape) -> bool {
    let outlines = BodyOutlines::get();
    let primary = shape.region.primary_view();
    shape.view == primary || !outlines.shapes(primary).any(|s| s.region == shape.region)
}

fn interact_shapes(ui: &Ui, layout: &Layout, base: Id) -> Hits {
    let outlines = BodyOutlines::get();
    let widgets: Vec<ShapeWidget> = VIEWS
        .into_iter()
        .flat_map(|view| outlines.shapes(view))
        .map(|shape| {
            let id = shape_id(base, shape.region, shape.view);
            // One Tab stop per region; the region's other shape is still clickable (also by
            // assistive technology), just not a second stop.
            let sense = if is_tab_stop(shape) { Sense::click() } else { Sense::CLICK };
            ShapeWidget { shape, response: ui.interact(layout.shape_rect(shape), id, sense) }
        })
        .collect();
    // egui hands the hover and the click to the top-most rectangle; several rectangles overlap,
    // so decide by the true outline under the pointer instead.
    let outline_hit = |pos: Pos2| layout.to_unit(pos).and_then(|(view, p)| outlines.hit(view, p));
    let hovered = widgets.iter().position(|w| w.response.hovered()).and_then(|i| {
        let pos = ui.input(|inp| inp.pointer.hover_pos())?;
        outline_hit(pos).map(|r| (r, i))
    });
    let clicked = widgets.iter().find_map(|w| {
        if w.response.clicked_by(egui::PointerButton::Primary) {
            w.response.interact_pointer_pos().and_then(outline_hit)
        } else if w.response.clicked() {
            // Space/Enter on the focused shape, or a click action from assistive technology.
            Some(w.shape.region)
        } else {
            None
        }
    });
    Hits { widgets, hovered, clicked }
}

fn shape_id(base: Id, region: Region, view: View) -> Id {
    base.with(("shape", view_slot(view), region.index()))
}

/// What to draw in each region.
struct Look<'a> {
    fill: &'a dyn Fn(Region) -> Option<Color32>,
    label: &'a dyn Fn(Region) -> Option<String>,
    selected: Option<Region>,
    hovered: Option<Region>,
    focused: Option<(Region, View)>,
    lang: Lang,
}

fn paint(ui: &Ui, layout: &Layout, look: &Look<'_>) {
    let outlines = BodyOutlines::get();
    let painter = ui.painter_at(layout.response.rect.expand(4.0));
    let visuals = ui.visuals();
    let BodyColors { fill: body_fill, edge: body_edge, seam, hover: hover_tint, accent, halo } =
        BodyColors::new(visuals.dark_mode);
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let height = layout.figures[0].height();
    let number_font = FontId::proportional((height / 30.0).clamp(11.0, 16.0));

    for view in VIEWS {
        let to_screen = |p: &[f32; 2]| layout.to_screen(view, *p);
        let fig = layout.figure(view);

        // Caption above, the person's own sides below.
        painter.text(
            pos2(fig.center().x, fig.top() - 4.0),
            Align2::CENTER_BOTTOM,
            view.name(look.lang),
            FontId::proportional(15.0),
            text,
        );
        let (viewer_left, viewer_right) = match view {
            View::Front => (lang_right(look.lang), lang_left(look.lang)),
            View::Back => (lang_left(look.lang), lang_right(look.lang)),
        };
        // Shrink, then abbreviate, the markers when the figure is too narrow for both.
        let room = fig.width() / 2.0 - 4.0;
        let fits = |t: &str, f: &FontId| painter.layout_no_wrap(t.to_owned(), f.clone(), weak).size().x <= room;
        let (viewer_left, viewer_right, small) = [12.0, 10.0]
            .into_iter()
            .map(FontId::proportional)
            .find(|f| fits(viewer_left, f) && fits(viewer_right, f))
            .map_or_else(
                || {
                    (
                        short_side(viewer_left, look.lang),
                        short_side(viewer_right, look.lang),
                        FontId::proportional(11.0),
                    )
                },
                |f| (viewer_left, viewer_right, f),
            );
        let marker_y = fig.bottom() + 3.0;
        painter.text(pos2(fig.left(), marker_y), Align2::LEFT_TOP, viewer_left, small.clone(), weak);
        painter.text(pos2(fig.right(), marker_y), Align2::RIGHT_TOP, viewer_right, small, weak);

        // The body.
        let silhouette: Vec<Pos2> = outlines.silhouette(view).iter().map(to_screen).collect();
        painter.add(fill_mesh(&silhouette, outlines.silhouette_triangles(view), body_fill));

        // Region fills, then seams, then the outline, then highlights and numbers on top.
        let shapes: Vec<(&RegionShape, Vec<Pos2>)> =
            outlines.shapes(view).map(|s| (s, s.points.iter().map(to_screen).collect())).collect();
        for (shape, pts) in &shapes {
            if let Some(fill) = (look.fill)(shape.region).filter(|c| *c != Color32::TRANSPARENT) {
                painter.add(fill_mesh(pts, shape.triangles(), fill));
            }
            if look.hovered == Some(shape.region) {
                painter.add(fill_mesh(pts, shape.triangles(), hover_tint));
            }
        }
        for (_, pts) in &shapes {
            painter.add(Shape::closed_line(pts.clone(), Stroke::new(1.0, seam)));
        }
        painter.add(Shape::closed_line(silhouette, Stroke::new(1.5, body_edge)));
        for (shape, pts) in &shapes {
            if look.focused == Some((shape.region, view)) {
                painter.add(Shape::closed_line(pts.clone(), Stroke::new(2.0, visuals.selection.stroke.color)));
            }
            if look.selected == Some(shape.region) {
                painter.add(Shape::closed_line(pts.clone(), Stroke::new(5.0, halo)));
                painter.add(Shape::closed_line(pts.clone(), Stroke::new(2.5, accent)));
            }
        }
        for (shape, _) in &shapes {
            if let Some(label) = (look.label)(shape.region) {
                let fill = (look.fill)(shape.region).filter(|c| c.a() > 0).unwrap_or(body_fill);
                painter.text(
                    to_screen(&shape.label),
                    Align2::CENTER_CENTER,
                    label,
                    number_font.clone(),
                    text_color_on(fill),
                );
            }
        }
    }
}

fn lang_left(lang: Lang) -> &'static str {
    lang.pick("Your left", "Jouw links")
}

fn lang_right(lang: Lang) -> &'static str {
    lang.pick("Your right", "Jouw rechts")
}

/// "R" or "L" for a side marker that does not fit.
fn short_side(marker: &str, lang: Lang) -> &'static str {
    if marker == lang_left(lang) { "L" } else { "R" }
}

fn fill_mesh(points: &[Pos2], triangles: &[[u32; 3]], color: Color32) -> Mesh {
    let mut mesh = Mesh::default();
    for p in points {
        mesh.colored_vertex(*p, color);
    }
    for t in triangles {
        mesh.add_triangle(t[0], t[1], t[2]);
    }
    mesh
}

/// Gives each shape widget its accessible name and state, its tooltip, and accessibility bounds
/// centred on a point inside the outline (the centre of a shape's bounding box may lie outside
/// it, e.g. for an arm; assistive technology and test drivers click at the centre of the bounds).
/// The accessible value and description of a region's shapes (the editor's level).
type LevelText<'a> = &'a dyn Fn(Region) -> (String, String);

fn describe(
    ui: &Ui,
    layout: &Layout,
    hits: Hits,
    selected: Option<Region>,
    name: &dyn Fn(Region, View) -> String,
    tooltip: &dyn Fn(Region) -> String,
    level_text: Option<LevelText<'_>>,
) -> Response {
    let mut union = layout.response.clone();
    for (i, w) in hits.widgets.into_iter().enumerate() {
        let (region, view) = (w.shape.region, w.shape.view);
        let response = w.response;
        let label = name(region, view);
        let is_selected = selected == Some(region);
        let text = level_text.map(|f| f(region));
        response.widget_info(|| {
            let mut info = WidgetInfo::selected(accesskit::Role::Button, true, is_selected, &label);
            info.current_text_value = text.as_ref().map(|(value, _)| value.clone());
            info
        });
        if let Some((_, description)) = &text {
            ui.ctx().accesskit_node_builder(response.id, |node| node.set_description(description.clone()));
        }
        let rect = response.rect;
        let c = layout.to_screen(view, w.shape.label);
        let half = vec2((c.x - rect.left()).min(rect.right() - c.x), (c.y - rect.top()).min(rect.bottom() - c.y));
        let bounds = Rect::from_center_size(c, 2.0 * half.max(Vec2::splat(1.0)));
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_bounds(accesskit::Rect {
                x0: f64::from(bounds.min.x),
                y0: f64::from(bounds.min.y),
                x1: f64::from(bounds.max.x),
                y1: f64::from(bounds.max.y),
            });
        });
        let response = match hits.hovered {
            Some((hovered, idx)) if idx == i => response.on_hover_text(tooltip(hovered)),
            _ => response,
        };
        union |= response;
    }
    union
}

// ---------------------------------------------------------------------------------------------
// The editor.

/// What [`BodyMap::show`] reports.
#[derive(Debug)]
pub struct BodyMapResponse {
    /// Whether any level changed this frame (selection changes alone do not count).
    pub changed: bool,
    /// The whole widget (map and the panel below it).
    pub response: Response,
    /// Each region's keyboard stop, indexed by [`Region::index`] (for moving focus into the map).
    pub focus_ids: [Option<Id>; Region::COUNT],
}

impl BodyMapResponse {
    /// Whether a region of the map has keyboard focus.
    pub fn has_focus(&self, ui: &Ui) -> bool {
        let focused = ui.memory(|m| m.focused());
        focused.is_some() && self.focus_ids.contains(&focused)
    }
}

/// The editing body map of a check-in.
///
/// Clicking an unrated region selects it and rates it 5; clicking a rated region selects it;
/// clicking the selected region again clears it. While a region is selected, the keys 0–9 set
/// its level ("1" then "0" within a second sets 10), Delete or Backspace clears it, and Escape
/// deselects; these keys are left alone while a text field (or any widget outside the map) has
/// keyboard focus. Scrolling over a region selects it and moves its level by one per notch.
/// Below the map, the selected region gets a slider and a Clear button.
///
/// Keyboard: each region is one Tab stop (its shape on its primary view); focusing a region
/// selects it; with the map focused, a letter jumps to the next region whose name starts with it
/// (letters typed within a second add up: "lo" for "Lower back"). For assistive technology every
/// shape carries its level as value ("tension 6") and description ("Neck, tension 6"), and a level
/// change is a value change of the region's widgets.
pub struct BodyMap<'a> {
    levels: &'a mut [Option<Level>; Region::COUNT],
    selected: &'a mut Option<Region>,
    lang: Lang,
    id_salt: IdSalt,
    max_height: f32,
}

/// Remembered between frames: the "1" that may become a "10", scroll remainder, own widgets.
#[derive(Clone, Debug, Default)]
struct EditorMemory {
    /// A "1" typed for this region at this input time.
    pending_one: Option<(Region, f64)>,
    /// Scroll distance not yet worth a notch, in notches.
    scroll_rest: f32,
    /// Ids of the panel's own widgets (slider, button) from the last frame.
    panel_ids: Vec<Id>,
    /// Letters typed for type-ahead, and when the last one came.
    typed: String,
    typed_at: f64,
}

impl<'a> BodyMap<'a> {
    /// A body map editing `levels` (indexed by [`Region::index`]) with `selected` as the region
    /// the keyboard and the slider act on.
    pub fn new(levels: &'a mut [Option<Level>; Region::COUNT], selected: &'a mut Option<Region>, lang: Lang) -> Self {
        BodyMap { levels, selected, lang, id_salt: IdSalt::new("feltsense_body_map"), max_height: DEFAULT_MAX_HEIGHT }
    }

    /// Distinguishes two body maps in the same window (default: one fixed id).
    #[must_use]
    pub fn id_salt(mut self, salt: impl AsIdSalt) -> Self {
        self.id_salt = IdSalt::new(salt);
        self
    }

    /// The largest height of one silhouette in points (default 440); the map shrinks to the
    /// available width.
    #[must_use]
    pub fn max_height(mut self, max_height: f32) -> Self {
        self.max_height = max_height.max(MIN_HEIGHT);
        self
    }

    /// Shows the map and, below it, the selected region's slider (or a hint).
    pub fn show(self, ui: &mut Ui) -> BodyMapResponse {
        let BodyMap { levels, selected, lang, id_salt, max_height } = self;
        let base = ui.make_persistent_id(id_salt);
        let mem_id = base.with("memory");
        let mut memory: EditorMemory = ui.data_mut(|d| d.get_temp(mem_id)).unwrap_or_default();
        let mut changed = false;

        let before = *levels;
        let mut focus_ids = [None; Region::COUNT];
        let inner = ui.vertical(|ui| {
            let layout = Layout::allocate(ui, max_height);
            let mut hits = interact_shapes(ui, &layout, base);
            for w in &hits.widgets {
                if is_tab_stop(w.shape) {
                    focus_ids[w.shape.region.index()] = Some(w.response.id);
                }
            }

            // 0. Keyboard focus on a region selects it, so that digits act on it.
            let focused = ui.memory(|m| m.focused());
            let map_focused = hits.widgets.iter().find(|w| Some(w.response.id) == focused);
            if let Some(w) = map_focused
                && w.response.gained_focus()
            {
                *selected = Some(w.shape.region);
            }
            let map_focused = map_focused.is_some();

            // 1. Clicks.
            if let Some(region) = hits.clicked {
                let level = &mut levels[region.index()];
                if level.is_none() {
                    *level = Level::new(5);
                    *selected = Some(region);
                    changed = true;
                } else if *selected != Some(region) {
                    *selected = Some(region);
                } else {
                    *level = None;
                    *selected = None;
                    changed = true;
                }
                memory.pending_one = None;
            }

            // 2. The wheel over a region.
            if let Some((region, _)) = hits.hovered {
                let notches = wheel_notches(ui);
                if notches != 0.0 {
                    memory.scroll_rest += notches;
                    let steps = memory.scroll_rest.trunc();
                    memory.scroll_rest -= steps;
                    if steps != 0.0 {
                        *selected = Some(region);
                        let level = &mut levels[region.index()];
                        let from = i64::from(level.map_or(0, Level::get));
                        // Rolling down from "not rated" rates it 0.
                        let to = if level.is_none() && steps < 0.0 {
                            Level::ZERO
                        } else {
                            Level::clamped(from + steps as i64)
                        };
                        if *level != Some(to) {
                            *level = Some(to);
                            changed = true;
                        }
                    }
                }
                // Over a region the wheel edits the map: keep an enclosing scroll area still
                // (also during egui's smoothing of earlier wheel steps).
                ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
            } else {
                memory.scroll_rest = 0.0;
            }

            // 3. Keys, in the order they were typed: digits and Delete act on the selected region;
            // with the map focused, a letter jumps to the next region whose name starts with it.
            if selected.is_some() || map_focused {
                let focused = ui.memory(|m| m.focused());
                let own = |id: Id| memory.panel_ids.contains(&id) || hits.widgets.iter().any(|w| w.response.id == id);
                // The keys are the map's while nothing else has the keyboard: not a text field, and
                // not another widget that takes digits (an emotion chip).
                let keyboard_free = focused.is_none_or(own);
                if keyboard_free {
                    let keys = Keys { levels, selected, memory: &mut memory, type_ahead: map_focused, lang };
                    let (level_changed, jump) = apply_keys(ui, keys);
                    changed |= level_changed;
                    if let Some(id) = jump.and_then(|r| focus_ids[r.index()]) {
                        ui.memory_mut(|m| m.request_focus(id));
                    }
                }
            }

            // 4. The panel below the map.
            let panel = panel(ui, levels, selected, lang);
            changed |= panel.changed;
            memory.panel_ids = panel.ids;

            // A level that changed is a value change of that region's widgets (for screen readers).
            for w in &mut hits.widgets {
                if levels[w.shape.region.index()] != before[w.shape.region.index()] {
                    w.response.mark_changed();
                }
            }

            // 5. Paint with the state as it is now, so that this frame already shows it.
            let shown = |r: Region| levels[r.index()];
            let fill = |r: Region| shown(r).map(|l| level_color(Some(l), ui.visuals().dark_mode));
            let label = |r: Region| shown(r).map(|l| l.to_string());
            let focused = ui.memory(|m| m.focused());
            let focused =
                hits.widgets.iter().find(|w| Some(w.response.id) == focused).map(|w| (w.shape.region, w.shape.view));
            let look = Look {
                fill: &fill,
                label: &label,
                selected: *selected,
                hovered: hits.hovered.map(|h| h.0),
                focused,
                lang,
            };
            paint(ui, &layout, &look);
            let name = |r: Region, v: View| shape_accessible_name(r, v, lang);
            let tooltip = |r: Region| level_caption(r, shown(r), lang);
            let level_text = |r: Region| (level_value(shown(r), lang), level_description(r, shown(r), lang));
            describe(ui, &layout, hits, *selected, &name, &tooltip, Some(&level_text)) | panel.response
        });

        ui.data_mut(|d| d.insert_temp(mem_id, memory));
        let mut response = inner.inner | inner.response;
        if changed {
            response.mark_changed();
        }
        BodyMapResponse { changed, response, focus_ids }
    }
}

/// Wheel movement this frame in notches, positive for "up" (away from the person).
fn wheel_notches(ui: &Ui) -> f32 {
    ui.input(|i| {
        i.events
            .iter()
            .map(|e| match e {
                Event::MouseWheel { unit, delta, modifiers, .. } if !modifiers.command && !modifiers.ctrl => match unit
                {
                    MouseWheelUnit::Line => delta.y,
                    MouseWheelUnit::Page => delta.y * 3.0,
                    MouseWheelUnit::Point => delta.y / POINTS_PER_NOTCH,
                },
                _ => 0.0,
            })
            .sum()
    })
}

fn digit(key: Key) -> Option<u8> {
    Some(match key {
        Key::Num0 => 0,
        Key::Num1 => 1,
        Key::Num2 => 2,
        Key::Num3 => 3,
        Key::Num4 => 4,
        Key::Num5 => 5,
        Key::Num6 => 6,
        Key::Num7 => 7,
        Key::Num8 => 8,
        Key::Num9 => 9,
        _ => return None,
    })
}

/// What [`apply_keys`] works on.
struct Keys<'a> {
    levels: &'a mut [Option<Level>; Region::COUNT],
    selected: &'a mut Option<Region>,
    memory: &'a mut EditorMemory,
    /// Whether letters jump between regions (the map has keyboard focus).
    type_ahead: bool,
    lang: Lang,
}

/// One key the map handles.
enum MapKey {
    Key(Key),
    Letter(char),
}

/// Applies this frame's digit, Delete/Backspace and Escape presses to the selected region and
/// type-ahead letters to the selection, in the order they came, and removes them from the input.
/// Returns whether a level changed and the region type-ahead moved to.
fn apply_keys(ui: &Ui, k: Keys<'_>) -> (bool, Option<Region>) {
    let Keys { levels, selected, memory, type_ahead: letters_jump, lang } = k;
    let plain = |m: &Modifiers| !m.ctrl && !m.command && !m.alt && !m.mac_cmd;
    let handled = |key: Key| digit(key).is_some() || matches!(key, Key::Delete | Key::Backspace | Key::Escape);
    let letter = |t: &str| {
        let mut chars = t.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => Some(c),
            _ => None,
        }
    };
    let (now, keys): (f64, Vec<MapKey>) = ui.input_mut(|i| {
        let ours = |e: &Event| match e {
            Event::Key { key, modifiers, .. } => plain(modifiers) && handled(*key),
            Event::Text(t) => letters_jump && plain(&i.modifiers) && letter(t).is_some(),
            _ => false,
        };
        let keys = i
            .events
            .iter()
            .filter(|e| ours(e))
            .filter_map(|e| match e {
                Event::Key { key, pressed: true, .. } => Some(MapKey::Key(*key)),
                Event::Text(t) => letter(t).map(|c| MapKey::Letter(c.to_lowercase().next().unwrap_or(c))),
                _ => None,
            })
            .collect();
        let modifiers = i.modifiers;
        i.events.retain(|e| match e {
            Event::Key { key, modifiers, .. } => !(plain(modifiers) && handled(*key)),
            Event::Text(t) => !(letters_jump && plain(&modifiers) && letter(t).is_some()),
            _ => true,
        });
        (i.time, keys)
    });
    let before = *levels;
    let mut jump = None;
    for key in keys {
        let key = match key {
            MapKey::Letter(c) => {
                if now - memory.typed_at > TYPE_AHEAD_S {
                    memory.typed.clear();
                }
                memory.typed_at = now;
                memory.typed.push(c);
                if let Some(target) = type_ahead(*selected, &memory.typed, lang) {
                    *selected = Some(target);
                    memory.pending_one = None;
                    jump = Some(target);
                }
                continue;
            }
            MapKey::Key(key) => key,
        };
        // Any other key ends a type-ahead prefix.
        memory.typed.clear();
        let Some(region) = *selected else {
            continue;
        };
        let level = &mut levels[region.index()];
        match (key, digit(key)) {
            (_, Some(0)) if memory.pending_one.is_some_and(|(r, t)| r == region && now - t <= TEN_WINDOW_S) => {
                *level = Some(Level::MAX);
                memory.pending_one = None;
            }
            (_, Some(d)) => {
                *level = Level::new(d);
                memory.pending_one = (d == 1).then_some((region, now));
            }
            (Key::Escape, None) => {
                *selected = None;
                memory.pending_one = None;
            }
            (_, None) => {
                *level = None;
                *selected = None;
                memory.pending_one = None;
            }
        }
    }
    (*levels != before, jump)
}

struct Panel {
    changed: bool,
    ids: Vec<Id>,
    response: Response,
}

/// The selected region's name, slider and Clear button; or a hint when nothing is selected.
fn panel(ui: &mut Ui, levels: &mut [Option<Level>; Region::COUNT], selected: &mut Option<Region>, lang: Lang) -> Panel {
    let mut changed = false;
    let mut ids = Vec::new();
    let inner = ui.vertical(|ui| {
        ui.add_space(4.0);
        match *selected {
            None => {
                ui.label(lang.pick("Click where you feel tension", "Klik waar je spanning voelt"));
                ui.weak(lang.pick(
                    "Click again to change it; click a selected place once more to clear it.",
                    "Klik nog eens om te kiezen; klik een gekozen plek nog eens om hem te wissen.",
                ));
            }
            Some(region) => {
                let level = &mut levels[region.index()];
                ui.strong(level_caption(region, *level, lang));
                ui.horizontal(|ui| {
                    ui.label(lang.pick("0 none", "0 geen"));
                    let mut v = level.map_or(0, Level::get);
                    let slider = ui
                        .add(egui::Slider::new(&mut v, 0..=10).show_value(false))
                        .accessible_name(slider_name(region, lang));
                    ui.label(lang.pick("10 worst", "10 ergst"));
                    if slider.changed() && *level != Level::new(v) {
                        *level = Level::new(v);
                        changed = true;
                    }
                    ids.push(slider.id);
                    let clear = ui.button(lang.pick("Clear", "Wissen"));
                    ids.push(clear.id);
                    if clear.clicked() {
                        changed |= level.is_some();
                        *level = None;
                        *selected = None;
                    }
                });
                ui.weak(lang.pick(
                    "Keys 0–9 set the level (1 then 0 for 10), Delete clears, Esc deselects.",
                    "Toetsen 0–9 zetten het niveau (1 en dan 0 voor 10), Delete wist, Esc stopt.",
                ));
            }
        }
    });
    Panel { changed, ids, response: inner.response }
}

// ---------------------------------------------------------------------------------------------
// The read-only painter.

/// What [`BodyMapPainter::show`] reports.
#[derive(Debug)]
pub struct BodyMapPainterResponse {
    /// The region under the pointer (inside its outline), if any.
    pub hovered: Option<Region>,
    /// The region clicked this frame, if any.
    pub clicked: Option<Region>,
    /// The whole map.
    pub response: Response,
}

/// Paints both silhouettes with each region filled and labelled as the caller says, for heat
/// maps and previews. Regions can be hovered (tooltip) and clicked, but nothing is edited.
///
/// ```ignore
/// let avg = |r: Region| averages[r.index()];
/// BodyMapPainter::new(&|r| avg(r).map(|a| level_color(Level::new(a.round() as u8), dark)),
///                     &|r| avg(r).map(|a| format!("{a:.1}")), lang)
///     .id_salt("heat map")
///     .accessible_prefix("Heat map")
///     .show(ui);
/// ```
pub struct BodyMapPainter<'a> {
    fill: &'a dyn Fn(Region) -> Option<Color32>,
    label: &'a dyn Fn(Region) -> Option<String>,
    lang: Lang,
    id_salt: IdSalt,
    max_height: f32,
    selected: Option<Region>,
    prefix: Option<String>,
}

impl<'a> BodyMapPainter<'a> {
    /// A painter filling each region with `fill(region)` (`None`: left unfilled) and writing
    /// `label(region)` in it (`None`: nothing).
    pub fn new(
        fill: &'a dyn Fn(Region) -> Option<Color32>,
        label: &'a dyn Fn(Region) -> Option<String>,
        lang: Lang,
    ) -> Self {
        BodyMapPainter {
            fill,
            label,
            lang,
            id_salt: IdSalt::new("feltsense_body_map_painter"),
            max_height: DEFAULT_MAX_HEIGHT,
            selected: None,
            prefix: None,
        }
    }

    /// Distinguishes several painted maps in one window.
    #[must_use]
    pub fn id_salt(mut self, salt: impl AsIdSalt) -> Self {
        self.id_salt = IdSalt::new(salt);
        self
    }

    /// The largest height of one silhouette in points (default 440).
    #[must_use]
    pub fn max_height(mut self, max_height: f32) -> Self {
        self.max_height = max_height.max(MIN_HEIGHT);
        self
    }

    /// Outlines this region as selected.
    #[must_use]
    pub fn selected(mut self, region: Option<Region>) -> Self {
        self.selected = region;
        self
    }

    /// Puts `prefix` before every accessible name ("Heat map: Neck: 4.2"), so that the names stay
    /// unique when this map is shown next to the editing map.
    #[must_use]
    pub fn accessible_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Paints the map.
    pub fn show(self, ui: &mut Ui) -> BodyMapPainterResponse {
        let base = ui.make_persistent_id(self.id_salt);
        let layout = Layout::allocate(ui, self.max_height);
        let hits = interact_shapes(ui, &layout, base);
        let (hovered, clicked) = (hits.hovered.map(|h| h.0), hits.clicked);
        let look = Look {
            fill: self.fill,
            label: self.label,
            selected: self.selected,
            hovered,
            focused: None,
            lang: self.lang,
        };
        paint(ui, &layout, &look);
        let lang = self.lang;
        let caption = |r: Region| match (self.label)(r) {
            Some(text) => format!("{}: {text}", r.name(lang)),
            None => r.name(lang).to_owned(),
        };
        let name = |r: Region, v: View| {
            let base = shape_accessible_name(r, v, lang);
            let base = match (self.label)(r) {
                Some(text) => format!("{base}: {text}"),
                None => base,
            };
            match &self.prefix {
                Some(p) => format!("{p}: {base}"),
                None => base,
            }
        };
        let response = describe(ui, &layout, hits, self.selected, &name, &caption, None);
        BodyMapPainterResponse { hovered, clicked, response }
    }
}

/// Shortcut for [`BodyMapPainter`]: paints both silhouettes (each at most `max_height` points
/// tall) with the given fills and labels, and returns the region clicked this frame.
pub fn paint_static(
    ui: &mut Ui,
    max_height: f32,
    fill: &dyn Fn(Region) -> Option<Color32>,
    label: &dyn Fn(Region) -> Option<String>,
    lang: Lang,
) -> Option<Region> {
    BodyMapPainter::new(fill, label, lang).max_height(max_height).show(ui).clicked
}

/// A small legend of the level scale: eleven swatches 0–10 with their numbers.
pub fn level_legend(ui: &mut Ui, lang: Lang) -> Response {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.weak(lang.pick("Tension", "Spanning"));
        ui.spacing_mut().item_spacing.x = 2.0;
        for v in 0..=10u8 {
            let fill = level_color(Level::new(v), dark);
            let (rect, _) = ui.allocate_exact_size(vec2(20.0, 18.0), Sense::hover());
            ui.painter().rect_filled(rect, CornerRadius::same(2), fill);
            ui.painter().text(rect.center(), Align2::CENTER_CENTER, v, FontId::proportional(11.0), text_color_on(fill));
        }
    })
    .response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessible_names_are_unique_per_shape() {
        let outlines = BodyOutlines::get();
        for lang in Lang::ALL {
            let mut names: Vec<String> = VIEWS
                .into_iter()
                .flat_map(|v| outlines.shapes(v))
                .map(|s| shape_accessible_name(s.region, s.view, lang))
                .collect();
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{lang:?}");
        }
        assert_eq!(shape_accessible_name(Region::Neck, View::Back, Lang::En), "Neck");
        assert_eq!(shape_accessible_name(Region::Neck, View::Front, Lang::En), "Neck (front)");
        assert_eq!(shape_accessible_name(Region::Head, View::Back, Lang::Nl), "Hoofd (achterkant)");
        assert_eq!(slider_name(Region::ShoulderLeft, Lang::Nl), "Niveau linkerschouder");
        assert_eq!(slider_name(Region::Neck, Lang::En), "Neck level");
    }
}
