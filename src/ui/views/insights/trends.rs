//! Trends: tension over time for chosen regions (daily or weekly mean), with emotion events as
//! markers below the axis.

use chrono::{DateTime, FixedOffset, NaiveDate};
use egui::Ui;
use egui_plot::{Corner, HoverPosition, Legend, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points};

use super::analysis::Ranged;
use super::{Cx, Preset, axis_date, date_marks, range_text};
use crate::analysis::DateRange;
use crate::analysis::common::{days_since_epoch, format_number, format_signed};
use crate::analysis::lag::DEFAULT_MIN_INTENSITY;
use crate::analysis::trends::{PeriodPoint, trends};
use crate::model::{Entry, Lang, Level, Region, emotion_name};
use crate::ui::palette::{emotion_series_color, region_series_color};

/// How many regions are shown before the person picks.
const DEFAULT_REGIONS: usize = 3;
/// How many emotions get markers before the person picks.
const DEFAULT_EMOTIONS: usize = 2;
/// Vertical distance between marker rows below the axis.
const MARKER_ROW: f64 = 0.8;

/// One series of period means (daily or weekly), plot-ready.
#[derive(Debug, Default)]
struct Series {
    /// Start date of each period.
    starts: Vec<NaiveDate>,
    /// Check-ins in each period.
    n: Vec<usize>,
    /// Per region ([`Region::index`]), one point per period.
    points: Vec<Vec<PlotPoint>>,
}

impl Series {
    fn from_periods(periods: &[PeriodPoint]) -> Series {
        Series {
            starts: periods.iter().map(|p| p.start).collect(),
            n: periods.iter().map(|p| p.levels.n).collect(),
            points: Region::ALL
                .iter()
                .map(|&r| periods.iter().map(|p| PlotPoint::new(p.x, p.levels.mean_of(r).unwrap_or(0.0))).collect())
                .collect(),
        }
    }
}

/// The events of one emotion in the period.
#[derive(Debug)]
struct EmotionEvents {
    code: String,
    /// When, and how strongly.
    events: Vec<(DateTime<FixedOffset>, Level)>,
    /// Plot x of each event.
    xs: Vec<f64>,
}

/// Everything the chart needs, computed off the UI thread.
#[derive(Debug)]
struct TrendsData {
    /// Left and right end of the x axis; `None` without any data.
    x_range: Option<(f64, f64)>,
    daily: Series,
    weekly: Series,
    /// Every region, highest mean level over the period first.
    ranked: Vec<Region>,
    /// Emotions with events, most frequent first.
    emotions: Vec<EmotionEvents>,
    /// Check-ins in the period.
    n_checkins: usize,
}

fn compute(entries: &[Entry], range: &DateRange) -> TrendsData {
    let min = Level::new(DEFAULT_MIN_INTENSITY).unwrap_or(Level::MAX);
    let tr = trends(entries, *range, min);
    let daily = Series::from_periods(&tr.daily);
    let weekly = Series::from_periods(&tr.weekly);
    let n_checkins: usize = daily.n.iter().sum();
    // Mean per region over all check-ins of the period: weekly means weighted by their counts.
    let mut means: Vec<(Region, f64)> = Region::ALL
        .iter()
        .map(|&r| {
            let sum: f64 = tr.weekly.iter().map(|p| p.levels.mean_of(r).unwrap_or(0.0) * p.levels.n as f64).sum();
            (r, if n_checkins > 0 { sum / n_checkins as f64 } else { 0.0 })
        })
        .collect();
    means.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut emotions: Vec<EmotionEvents> = Vec::new();
    for m in &tr.markers {
        let slot = match emotions.iter().position(|e| e.code == m.emotion) {
            Some(i) => &mut emotions[i],
            None => {
                emotions.push(EmotionEvents { code: m.emotion.clone(), events: Vec::new(), xs: Vec::new() });
                let last = emotions.len() - 1;
                &mut emotions[last]
            }
        };
        slot.events.push((m.at, m.intensity));
        slot.xs.push(m.x);
    }
    emotions.sort_by(|a, b| b.events.len().cmp(&a.events.len()).then_with(|| a.code.cmp(&b.code)));
    let data_lo = tr.daily.first().map(|p| p.x).into_iter().chain(emotions.iter().flat_map(|e| e.xs.first().copied()));
    let data_hi =
        tr.daily.last().map(|p| p.x + 1.0).into_iter().chain(emotions.iter().flat_map(|e| e.xs.last().copied()));
    let lo = range.from.map(|d| days_since_epoch(d) as f64).or_else(|| data_lo.reduce(f64::min));
    let hi = range.to.map(|d| days_since_epoch(d) as f64 + 1.0).or_else(|| data_hi.reduce(f64::max));
    TrendsData {
        x_range: lo.zip(hi),
        daily,
        weekly,
        ranked: means.into_iter().map(|(r, _)| r).collect(),
        emotions,
        n_checkins,
    }
}

/// The marker rows for the chosen emotions, cached until the data or the choice changes.
#[derive(Debug, Default)]
struct MarkerRows {
    key: Option<((u64, DateRange), Vec<String>)>,
    /// Per chosen emotion: its code and points on its row.
    rows: Vec<(String, Vec<PlotPoint>)>,
}

/// State of the trends view.
#[derive(Debug)]
pub(super) struct TrendsView {
    /// The period and the analysis over it.
    data: Ranged<TrendsData>,
    weekly: bool,
    /// Chosen regions; `None` until the person picks (then the highest ones are shown).
    regions: Option<[bool; Region::COUNT]>,
    /// Emotions with markers; `None` until the person picks (then the most frequent ones).
    emotions: Option<Vec<String>>,
    markers: MarkerRows,
}

impl Default for TrendsView {
    fn default() -> Self {
        TrendsView {
            data: Ranged::new(Preset::Days90, "trends", compute),
            weekly: false,
            regions: None,
            emotions: None,
            markers: MarkerRows::default(),
        }
    }
}

impl TrendsView {
    pub(super) fn is_busy(&self) -> bool {
        self.data.is_busy()
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let lang = cx.lang;
        self.data.choice_ui(ui, lang);
        ui.horizontal(|ui| {
            ui.label(lang.pick("Mean per:", "Gemiddelde per:"));
            if ui.selectable_label(!self.weekly, lang.pick("Day", "Dag")).clicked() {
                self.weekly = false;
            }
            if ui.selectable_label(self.weekly, lang.pick("Week", "Week")).clicked() {
                self.weekly = true;
            }
        });
        let Some((&key, data)) = self.data.show(ui, cx) else { return };
        let regions = self.regions.unwrap_or_else(|| {
            let mut on = [false; Region::COUNT];
            for r in data.ranked.iter().take(DEFAULT_REGIONS) {
                on[r.index()] = true;
            }
            on
        });
        let emotions: Vec<String> = self
            .emotions
            .clone()
            .unwrap_or_else(|| data.emotions.iter().take(DEFAULT_EMOTIONS).map(|e| e.code.clone()).collect());
        choices_ui(ui, lang, data, (&mut self.regions, regions), (&mut self.emotions, &emotions));
        if self.markers.key.as_ref().is_none_or(|(k, e)| *k != key || *e != emotions) {
            self.markers.rows = marker_rows(data, &emotions);
            self.markers.key = Some((key, emotions));
        }
        ui.weak(format!("{} · {} {}", range_text(key.1, lang), data.n_checkins, lang.pick("check-ins", "metingen")));
        if data.x_range.is_none() {
            ui.label(lang.pick("No check-ins in this period.", "Geen metingen in deze periode."));
            return;
        }
        let series = if self.weekly { &data.weekly } else { &data.daily };
        let summary = summary(series, &regions, self.weekly, lang);
        chart(ui, (lang, cx.zone), data, series, &regions, &self.markers.rows, self.weekly, summary.as_deref());
        // The chart as text: what a screen reader reads, and a quick answer for everyone.
        if let Some(summary) = &summary {
            ui.label(summary);
        }
        // A region's trend as a topic to discuss.
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("Add to the topics to discuss:", "Toevoegen aan de onderwerpen om te bespreken:"));
            for r in Region::ALL.into_iter().filter(|r| regions[r.index()]) {
                let mut only = [false; Region::COUNT];
                only[r.index()] = true;
                let Some(text) = summary_of(series, &only, self.weekly, lang) else { continue };
                let name = format!("{} {}", lang.pick("Topic to discuss:", "Onderwerp om te bespreken:"), r.name(lang));
                let resp = ui.button(r.name(lang)).on_hover_text(&text);
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name));
                if resp.clicked() {
                    cx.add_topic(&text, crate::model::prep::TopicSource::Region(r));
                }
            }
        });
        ui.weak(lang.pick(
            "Lines: mean tension (0–10) of the check-ins. Diamonds below the axis: emotions felt at intensity 5 or more. Hover for the values.",
            "Lijnen: gemiddelde spanning (0–10) van de metingen. Ruitjes onder de as: emoties met intensiteit 5 of meer. Wijs aan voor de waarden.",
        ));
    }
}

/// Region and emotion toggles: each pair is the stored choice and the choice in effect.
fn choices_ui(
    ui: &mut Ui,
    lang: Lang,
    data: &TrendsData,
    (chosen_regions, mut regions): (&mut Option<[bool; Region::COUNT]>, [bool; Region::COUNT]),
    (chosen_emotions, emotions): (&mut Option<Vec<String>>, &[String]),
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("Regions:", "Gebieden:"));
        for r in Region::ALL {
            if ui.toggle_value(&mut regions[r.index()], r.name(lang)).clicked() {
                *chosen_regions = Some(regions);
            }
        }
    });
    if data.emotions.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("Emotions:", "Emoties:"));
        for e in &data.emotions {
            let mut on = emotions.contains(&e.code);
            let text = format!("{} ({})", emotion_name(&e.code, lang), e.events.len());
            if ui.toggle_value(&mut on, text).clicked() {
                let chosen = data
                    .emotions
                    .iter()
                    .map(|x| x.code.clone())
                    .filter(|c| if *c == e.code { on } else { emotions.contains(c) })
                    .collect();
                *chosen_emotions = Some(chosen);
            }
        }
    });
}

/// Points for each chosen emotion, one row per emotion below the axis.
fn marker_rows(data: &TrendsData, chosen: &[String]) -> Vec<(String, Vec<PlotPoint>)> {
    data.emotions
        .iter()
        .filter(|e| chosen.contains(&e.code))
        .enumerate()
        .map(|(k, e)| {
            let y = -MARKER_ROW * (k as f64 + 1.0);
            (e.code.clone(), e.xs.iter().map(|&x| PlotPoint::new(x, y)).collect())
        })
        .collect()
}

/// The summary of the shown regions (see [`summary`]), for a topic.
fn summary_of(series: &Series, regions: &[bool; Region::COUNT], weekly: bool, lang: Lang) -> Option<String> {
    summary(series, regions, weekly, lang)
}

/// "Latest, week of Mon 16 Nov 2026 (change since the week before): Neck 4.2 (+0.8), Jaw 3.0":
/// each shown region's latest mean and its change since the period before; `None` without data.
fn summary(series: &Series, regions: &[bool; Region::COUNT], weekly: bool, lang: Lang) -> Option<String> {
    let periods: Vec<usize> = (0..series.n.len()).filter(|&i| series.n[i] > 0).collect();
    let &last = periods.last()?;
    let previous = periods.len().checked_sub(2).map(|k| periods[k]);
    let when = if weekly {
        format!("{} {}", lang.pick("week of", "week van"), lang.format_date(*series.starts.get(last)?))
    } else {
        lang.format_date(*series.starts.get(last)?)
    };
    let since = match (previous.is_some(), weekly) {
        (false, _) => String::new(),
        (true, true) => lang.pick(" (change since the week before)", " (verschil met de week ervoor)").to_owned(),
        (true, false) => lang.pick(" (change since the day before)", " (verschil met de dag ervoor)").to_owned(),
    };
    let parts: Vec<String> = Region::ALL
        .iter()
        .filter(|r| regions[r.index()])
        .filter_map(|r| {
            let points = series.points.get(r.index())?;
            let now = points.get(last)?.y;
            let change = previous
                .and_then(|p| points.get(p))
                .map(|p| format!(" ({})", format_signed(now - p.y, 1, lang)))
                .unwrap_or_default();
            Some(format!("{} {}{change}", r.name(lang), format_number(now, 1, lang)))
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(format!("{}, {when}{since}: {}", lang.pick("Latest", "Laatste"), parts.join(", ")))
}

#[allow(clippy::too_many_arguments)]
fn chart(
    ui: &mut Ui,
    (lang, zone): (Lang, crate::model::text::time::Zone),
    data: &TrendsData,
    series: &Series,
    regions: &[bool; Region::COUNT],
    markers: &[(String, Vec<PlotPoint>)],
    weekly: bool,
    summary: Option<&str>,
) {
    let Some((x0, x1)) = data.x_range else { return };
    let dark = ui.visuals().dark_mode;
    let bottom = -MARKER_ROW * (markers.len() as f64 + 0.6);
    let hover = |pos: &HoverPosition<'_>| -> Option<String> {
        let HoverPosition::NearDataPoint { plot_name, position, index } = *pos else { return None };
        if let Some(r) = Region::ALL.into_iter().find(|r| r.name(lang) == plot_name) {
            let (start, n) = (series.starts.get(index)?, series.n.get(index)?);
            let when = if weekly {
                format!("{} {}", lang.pick("week of", "week van"), lang.format_date(*start))
            } else {
                lang.format_date(*start)
            };
            let checkins = lang.pick("check-ins", "metingen");
            return Some(format!("{}\n{when}\n{} ({n} {checkins})", r.name(lang), format_number(position.y, 1, lang)));
        }
        let (code, _) = markers.iter().find(|(c, _)| emotion_name(c, lang) == plot_name)?;
        let e = data.emotions.iter().find(|e| &e.code == code)?;
        let (at, intensity) = e.events.get(index)?;
        Some(format!("{} {intensity}\n{}", emotion_name(code, lang), crate::model::text::time::when(at, zone, lang)))
    };
    let plot = Plot::new("insights_trends")
        .height((ui.available_height() - 40.0).clamp(300.0, 520.0))
        .legend(Legend::default().position(Corner::LeftTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(x0)
        .include_x(x1)
        .include_y(10.0)
        .include_y(bottom)
        .x_grid_spacer(date_marks)
        .x_axis_formatter(move |mark, range| axis_date(mark.value, range.end() - range.start(), lang))
        .y_axis_formatter(|mark, _| if mark.value < -0.01 { String::new() } else { format!("{:.0}", mark.value) })
        .label_formatter(hover)
        .show(ui, |plot| {
            for r in Region::ALL.into_iter().filter(|r| regions[r.index()]) {
                let points = PlotPoints::Borrowed(&series.points[r.index()]);
                plot.line(Line::new(r.name(lang), points).color(region_series_color(r, dark)).width(2.0));
                if weekly {
                    let points = PlotPoints::Borrowed(&series.points[r.index()]);
                    plot.points(Points::new(r.name(lang), points).color(region_series_color(r, dark)).radius(2.5));
                }
            }
            for (code, points) in markers {
                plot.points(
                    Points::new(emotion_name(code, lang), PlotPoints::Borrowed(points))
                        .color(emotion_series_color(code, dark))
                        .shape(MarkerShape::Diamond)
                        .filled(true)
                        .radius(3.5),
                );
            }
        });
    // A named figure for assistive technology, with the summary as its description.
    let name = lang.pick("Tension trends chart", "Grafiek spanningsverloop");
    ui.ctx().accesskit_node_builder(plot.response.id, |node| {
        node.set_role(egui::accesskit::Role::Figure);
        node.set_label(name);
        if let Some(summary) = summary {
            node.set_description(summary);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .and_then(|o| o.with_ymd_and_hms(2026, 3, day, hour, 0, 0).single())
            .expect("valid time")
    }

    #[test]
    fn series_regions_and_markers_by_hand() {
        let mut a = Entry::new(at(2, 9));
        a.set_tension(Region::Neck, Level::new(4));
        a.set_tension(Region::Jaw, Level::new(1));
        let mut b = Entry::new(at(2, 20));
        b.set_tension(Region::Neck, Level::new(6));
        b.set_emotion("anxiety", Level::new(7));
        let mut c = Entry::new(at(4, 8));
        c.set_tension(Region::Belly, Level::new(9));
        c.set_emotion("joy", Level::new(6));
        c.set_emotion("anxiety", Level::new(5));
        let mut d = Entry::new(at(5, 8));
        d.set_emotion("anxiety", Level::new(4));
        let data = compute(&[a, b, c, d], &DateRange::ALL);
        // Monday 2 March: neck (4 + 6) / 2 = 5; Wednesday 4 March: belly 9.
        assert_eq!(data.daily.n, [2, 1]);
        assert_eq!(data.daily.points[Region::Neck.index()][0].y, 5.0);
        assert_eq!(data.daily.points[Region::Belly.index()][1].y, 9.0);
        assert_eq!(data.weekly.n, [3]);
        // Over the three check-ins: belly 9 / 3 = 3, neck 10 / 3, jaw 1 / 3.
        assert_eq!(&data.ranked[..3], &[Region::Neck, Region::Belly, Region::Jaw]);
        // Anxiety twice at 5 or more (the 4 is below), joy once.
        let codes: Vec<(&str, usize)> = data.emotions.iter().map(|e| (e.code.as_str(), e.events.len())).collect();
        assert_eq!(codes, [("anxiety", 2), ("joy", 1)]);
        // The axis runs from the first day to the end of the last one with data.
        let first = days_since_epoch(at(2, 0).date_naive()) as f64;
        assert_eq!(data.x_range, Some((first, first + 3.0)));
        let rows = marker_rows(&data, &["joy".to_owned()]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1, [PlotPoint::new(first + 2.0 + 8.0 / 24.0, -MARKER_ROW)]);

        // The chart as text: each shown region's latest mean and its change since the day before.
        let mut shown = [false; Region::COUNT];
        shown[Region::Neck.index()] = true;
        shown[Region::Belly.index()] = true;
        assert_eq!(
            summary(&data.daily, &shown, false, Lang::En).as_deref(),
            Some(
                "Latest, Wed 4 Mar 2026 (change since the day before): Neck 0.0 (−5.0), Belly and diaphragm 9.0 (+9.0)"
            )
        );
        assert_eq!(
            summary(&data.weekly, &shown, true, Lang::Nl).as_deref(),
            Some("Laatste, week van ma 2 mrt 2026: Nek 3,3, Buik en middenrif 3,0")
        );
        assert_eq!(summary(&data.daily, &[false; Region::COUNT], false, Lang::En), None);
    }
}
