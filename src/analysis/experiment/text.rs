//! The words of an experiment's result, in English and Dutch: the one sentence with size,
//! interval and days, the verdict, the control region, the plain before/after, the caveats and
//! the details. The window, the PDF and the command line all take their text from here; numbers
//! go through [`crate::model::text`]. Never "works" or "doesn't work".

use super::{ControlCheck, ExperimentResult, Numbers, Stage, Verdict};
use chrono::NaiveDateTime;

use crate::model::experiment::{DayState, Experiment, Moment, MomentState, Phase, Plan};
use crate::model::text::{number, period};
use crate::model::{Lang, PracticeKind};

/// The verdict as a short label.
pub fn verdict_name(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::ClearBenefit => lang.pick("Clear benefit", "Duidelijk voordeel"),
        Verdict::NoClearDifference => lang.pick("No clear difference", "Geen duidelijk verschil"),
        Verdict::ProbablyNoBenefit => {
            lang.pick("Probably no benefit of a point or more", "Waarschijnlijk geen voordeel van een punt of meer")
        }
        Verdict::InProgress => lang.pick("In progress", "Loopt nog"),
        Verdict::NotEnoughData => lang.pick("Not enough data", "Te weinig gegevens"),
    }
}

fn region(plan: &Plan, lang: Lang) -> String {
    plan.target.name(lang).to_lowercase()
}

fn practice(plan: &Plan, lang: Lang) -> String {
    let label = plan.practice_label(lang);
    if plan.practice == PracticeKind::Other { label } else { label.to_lowercase() }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// The question the experiment answers.
pub fn question(plan: &Plan, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "Does {} ease the tension in your {} more than carrying on as usual?",
            practice(plan, lang),
            region(plan, lang)
        ),
        Lang::Nl => {
            format!("Ontspant {} je {} meer dan zoals gewoonlijk doorgaan?", practice(plan, lang), region(plan, lang))
        }
    }
}

/// The locked plan, one line per item.
pub fn plan_lines(plan: &Plan, lang: Lang) -> Vec<String> {
    let times =
        format!("{} {} {}", plan.moments[0].format("%H:%M"), lang.pick("and", "en"), plan.moments[1].format("%H:%M"));
    let end = plan.date_of(plan.planned_days).unwrap_or(plan.start);
    let minutes = plan.practice_minutes;
    match lang {
        Lang::En => vec![
            format!("Practice: {} ({minutes} min)", plan.practice_label(lang)),
            format!("Region to ease: {}; control region: {}", plan.target.name(lang), plan.control.name(lang)),
            format!("Moments: {times}; second rating {} minutes after the first", plan.wait_minutes),
            format!(
                "{} days ({}), one look after day {}, extended once to {} days when still unclear",
                plan.planned_days,
                period(plan.start, end, lang),
                plan.planned_days,
                plan.max_days
            ),
            format!("Each day's order drawn at random from seed {}; locked since the start", plan.seed),
        ],
        Lang::Nl => vec![
            format!("Oefening: {} ({minutes} min)", plan.practice_label(lang)),
            format!("Gebied om te ontspannen: {}; controlegebied: {}", plan.target.name(lang), plan.control.name(lang)),
            format!("Momenten: {times}; tweede beoordeling {} minuten na de eerste", plan.wait_minutes),
            format!(
                "{} dagen ({}), één keer kijken na dag {}, één keer verlengd tot {} dagen als het dan nog onduidelijk is",
                plan.planned_days,
                period(plan.start, end, lang),
                plan.planned_days,
                plan.max_days
            ),
            format!(
                "De volgorde van elke dag is willekeurig getrokken met startgetal {}; vastgelegd sinds de start",
                plan.seed
            ),
        ],
    }
}

/// "0.4–2.2" in the direction of the mean, or "between 0.4 lower and 1.2 higher".
fn interval(n: &Numbers, lang: Lang) -> String {
    let (lo, hi) = (n.target.low, n.target.high);
    let f = |x: f64| number(x.abs(), 1, lang);
    if hi < 0.0 {
        format!("{}–{}", f(hi), f(lo))
    } else if lo > 0.0 {
        format!("{}–{}", f(lo), f(hi))
    } else {
        match lang {
            Lang::En => format!("between {} lower and {} higher", f(lo), f(hi)),
            Lang::Nl => format!("tussen {} lager en {} hoger", f(lo), f(hi)),
        }
    }
}

/// The one sentence with size, interval and days, and how many days the practice did better:
/// "Over 14 days, 20 minutes after 4–6 breathing your left shoulder was on average 1.3 points
/// lower than after carrying on as usual (0.4–2.2). 4–6 breathing did better on 11 of 14 days."
pub fn summary(plan: &Plan, n: &Numbers, lang: Lang) -> String {
    let days = n.target.n;
    let size = number(n.target.mean.abs(), 1, lang);
    let rounded_zero = number(n.target.mean, 1, lang) == number(0.0, 1, lang);
    let (p, r, wait) = (practice(plan, lang), region(plan, lang), plan.wait_minutes);
    let better = n.better_days;
    let ci = interval(n, lang);
    match lang {
        Lang::En => {
            let how = if rounded_zero {
                "about the same as".to_owned()
            } else if n.target.mean < 0.0 {
                format!("on average {size} points lower than")
            } else {
                format!("on average {size} points higher than")
            };
            format!(
                "Over {days} days, {wait} minutes after {p} your {r} was {how} after carrying on as usual ({ci}). {} did better on {better} of {days} days.",
                capitalised(&p)
            )
        }
        Lang::Nl => {
            let how = if rounded_zero {
                "ongeveer even gespannen als".to_owned()
            } else if n.target.mean < 0.0 {
                format!("gemiddeld {size} punt lager dan")
            } else {
                format!("gemiddeld {size} punt hoger dan")
            };
            format!(
                "Over {days} dagen was je {r} {wait} minuten na {p} {how} na zoals gewoonlijk doorgaan ({ci}). {} deed het beter op {better} van de {days} dagen.",
                capitalised(&p)
            )
        }
    }
}

/// What the verdict means, in a sentence.
pub fn verdict_sentence(plan: &Plan, r: &ExperimentResult, lang: Lang) -> String {
    let (p, reg) = (practice(plan, lang), region(plan, lang));
    let stopped = r.stage == Stage::Stopped;
    match (r.verdict, lang) {
        (Verdict::ClearBenefit, Lang::En) => {
            format!("For you, in this period, {p} eased your {reg} more than carrying on as usual.")
        }
        (Verdict::ClearBenefit, Lang::Nl) => {
            format!("Bij jou, in deze periode, ontspande {p} je {reg} meer dan zoals gewoonlijk doorgaan.")
        }
        (Verdict::NoClearDifference, Lang::En) if stopped => format!(
            "No clear difference at day {}; the experiment was stopped before its second look.",
            plan.planned_days
        ),
        (Verdict::NoClearDifference, Lang::Nl) if stopped => format!(
            "Geen duidelijk verschil op dag {}; het experiment is gestopt vóór de tweede keer kijken.",
            plan.planned_days
        ),
        (Verdict::NoClearDifference, Lang::En) => {
            format!("No clear difference between {p} and carrying on as usual for your {reg}.")
        }
        (Verdict::NoClearDifference, Lang::Nl) => {
            format!("Geen duidelijk verschil tussen {p} en zoals gewoonlijk doorgaan voor je {reg}.")
        }
        (Verdict::ProbablyNoBenefit, Lang::En) => {
            format!("A benefit of a point or more for your {reg} lies outside the interval.")
        }
        (Verdict::ProbablyNoBenefit, Lang::Nl) => {
            format!("Een voordeel van een punt of meer voor je {reg} ligt buiten het interval.")
        }
        (Verdict::InProgress, Lang::En) => format!(
            "The result is shown after day {}, so that it cannot colour your ratings before then.",
            r.next_look(plan).unwrap_or(plan.planned_days)
        ),
        (Verdict::InProgress, Lang::Nl) => format!(
            "De uitkomst komt na dag {}, zodat die je beoordelingen tot dan niet kan kleuren.",
            r.next_look(plan).unwrap_or(plan.planned_days)
        ),
        (Verdict::NotEnoughData, Lang::En) if stopped => {
            "Not enough data: the experiment was stopped before its first look, so it gives no answer.".to_owned()
        }
        (Verdict::NotEnoughData, Lang::Nl) if stopped => {
            "Te weinig gegevens: het experiment is gestopt vóór de eerste keer kijken, dus het geeft geen antwoord."
                .to_owned()
        }
        (Verdict::NotEnoughData, Lang::En) => format!(
            "Not enough data: fewer complete days than any answer needs ({} days with both moments rated in time).",
            super::days_needed(super::ALPHA_FINAL)
        ),
        (Verdict::NotEnoughData, Lang::Nl) => format!(
            "Te weinig gegevens: minder complete dagen dan een antwoord nodig heeft ({} dagen met beide momenten op tijd beoordeeld).",
            super::days_needed(super::ALPHA_FINAL)
        ),
    }
}

/// What the control region says, when there is something to say.
pub fn control_sentence(plan: &Plan, n: &Numbers, lang: Lang) -> Option<String> {
    let target = region(plan, lang);
    let control = plan.control.name(lang).to_lowercase();
    let size = crate::model::text::signed(n.control.mean, 1, lang);
    match (n.control_check, lang) {
        (ControlCheck::NotApplicable, _) => None,
        (ControlCheck::General, Lang::En) => Some(format!(
            "Your {control} (the control region) changed by {size} points on average as well: it eased about as much, so this looks like a general effect of pausing, not specific to your {target}."
        )),
        (ControlCheck::General, Lang::Nl) => Some(format!(
            "Je {control} (het controlegebied) veranderde gemiddeld ook {size} punt: die ontspande ongeveer even veel, dus dit lijkt een algemeen effect van even pauzeren, niet iets van je {target}."
        )),
        (ControlCheck::Specific, Lang::En) => Some(format!(
            "Your {control} (the control region) changed by {size} points on average: less than half as much, so the effect looks specific to your {target}."
        )),
        (ControlCheck::Specific, Lang::Nl) => Some(format!(
            "Je {control} (het controlegebied) veranderde gemiddeld {size} punt: minder dan half zo veel, dus het effect lijkt bij je {target} te horen."
        )),
    }
}

/// The plain before/after of the practice moments: what one would see without a comparison.
pub fn plain_sentence(plan: &Plan, n: &Numbers, lang: Lang) -> String {
    let (b, a) = (number(n.plain_before, 1, lang), number(n.plain_after, 1, lang));
    let r = region(plan, lang);
    match lang {
        Lang::En => format!(
            "Without a comparison: at the practice moments your {r} was on average {b} before and {a} after. Part of such a change happens anyway, which is why the result compares with the usual moments."
        ),
        Lang::Nl => format!(
            "Zonder vergelijking: op de oefenmomenten was je {r} gemiddeld {b} vooraf en {a} erna. Een deel van zo'n verandering gebeurt toch al; daarom vergelijkt de uitkomst met de gewone momenten."
        ),
    }
}

/// How the days went: complete, excluded (with reasons counted) and skipped.
pub fn days_sentence(r: &ExperimentResult, lang: Lang) -> String {
    let (c, x, s) = (r.days_complete, r.days_excluded, r.days_skipped);
    match lang {
        Lang::En => format!(
            "Days 1–{}: {c} complete, {x} excluded (a rating missing or outside its time), {s} skipped.",
            r.through_day
        ),
        Lang::Nl => format!(
            "Dag 1–{}: {c} compleet, {x} niet meegeteld (een beoordeling ontbrak of viel buiten haar tijd), {s} overgeslagen.",
            r.through_day
        ),
    }
}

/// Progress while running: "Day 5 of 14: 3 complete, 1 excluded, 0 skipped."
pub fn progress_sentence(plan: &Plan, r: &ExperimentResult, lang: Lang) -> String {
    let look = r.next_look(plan).unwrap_or(plan.planned_days);
    let count = |s: DayState| r.days.iter().filter(|d| d.state == s).count();
    let (c, x, s) = (count(DayState::Complete), count(DayState::Excluded), count(DayState::Skipped));
    match (r.stage, lang) {
        (Stage::NotStarted, Lang::En) => format!("Starts {}.", crate::model::text::date_full(plan.start, lang)),
        (Stage::NotStarted, Lang::Nl) => format!("Begint {}.", crate::model::text::date_full(plan.start, lang)),
        (_, Lang::En) => format!("Day {} of {look}: {c} complete, {x} excluded, {s} skipped.", r.through_day.min(look)),
        (_, Lang::Nl) => {
            format!("Dag {} van {look}: {c} compleet, {x} niet meegeteld, {s} overgeslagen.", r.through_day.min(look))
        }
    }
}

/// What the result cannot say.
pub fn caveats(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick(
            "Not blinded: you knew when you practised, and expecting relief can change how you rate.",
            "Niet geblindeerd: je wist wanneer je oefende, en verwachten dat het helpt kan je beoordeling veranderen.",
        ),
        lang.pick(
            "It holds for you, in this period; another time or another person can differ.",
            "Het geldt voor jou, in deze periode; een andere tijd of een ander mens kan verschillen.",
        ),
        lang.pick(
            "A self-run randomised experiment, not a clinical trial.",
            "Een zelf uitgevoerd gerandomiseerd experiment, geen klinische studie.",
        ),
    ]
}

/// The details: p-value, probabilities, balance and method.
pub fn details(n: &Numbers, lang: Lang) -> Vec<String> {
    let p = if n.randomization_p < 0.001 {
        format!("< {}", number(0.001, 3, lang))
    } else {
        format!("= {}", number(n.randomization_p, 3, lang))
    };
    let alpha = number(n.alpha, 3, lang);
    let pct = |x: f64| {
        if x > 0.99 {
            "> 99 %".to_owned()
        } else if x < 0.01 {
            "< 1 %".to_owned()
        } else {
            format!("{} %", number(100.0 * x, 0, lang))
        }
    };
    let d = n.target.n;
    match lang {
        Lang::En => vec![
            format!("Randomisation test (one-sided, lower is better): p {p}; a clear benefit at this look needs p ≤ {alpha}."),
            format!(
                "With a sceptical prior (no difference, SD 1 point): chance of a benefit of 1 point or more {}, of a difference under 0.5 either way {}.",
                pct(n.prob_benefit_1pt),
                pct(n.prob_small_difference)
            ),
            format!("Practice came first on {} of {d} complete days.", n.practice_first_days),
            "Each day's difference: (after − before) at the practice moment minus (after − before) at the usual moment. The test counts every way the daily coin could have fallen; it does not assume days are independent.".to_owned(),
        ],
        Lang::Nl => vec![
            format!("Randomisatietoets (eenzijdig, lager is beter): p {p}; een duidelijk voordeel bij deze keer kijken vraagt p ≤ {alpha}."),
            format!(
                "Met een sceptische voorkennis (geen verschil, SD 1 punt): kans op een voordeel van 1 punt of meer {}, op een verschil kleiner dan 0,5 naar beide kanten {}.",
                pct(n.prob_benefit_1pt),
                pct(n.prob_small_difference)
            ),
            format!("Oefenen kwam eerst op {} van de {d} complete dagen.", n.practice_first_days),
            "Het verschil per dag: (erna − vooraf) op het oefenmoment min (erna − vooraf) op het gewone moment. De toets telt elke manier waarop de dagelijkse munt had kunnen vallen; hij neemt niet aan dat dagen onafhankelijk zijn.".to_owned(),
        ],
    }
}

fn hhmm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

/// A moment's state in words, with its arm only once its first rating is saved: "opens at
/// 08:45", "rated (as usual); second rating from 09:20", "counts (practice)".
pub fn moment_state(e: &Experiment, day: u16, m: Moment, s: MomentState, lang: Lang) -> String {
    let arm = e
        .rating(day, m, Phase::Before)
        .and_then(|_| e.plan.arm(day, m))
        .map(|a| format!(" ({})", a.name(lang)))
        .unwrap_or_default();
    match (s, lang) {
        (MomentState::Upcoming { opens }, Lang::En) => format!("opens at {}", hhmm(opens)),
        (MomentState::Upcoming { opens }, Lang::Nl) => format!("opent om {}", hhmm(opens)),
        (MomentState::Open { closes }, Lang::En) => format!("open now, until {}: rate first", hhmm(closes)),
        (MomentState::Open { closes }, Lang::Nl) => format!("nu open, tot {}: eerst beoordelen", hhmm(closes)),
        (MomentState::Waiting { opens }, Lang::En) => format!("rated{arm}; second rating from {}", hhmm(opens)),
        (MomentState::Waiting { opens }, Lang::Nl) => {
            format!("beoordeeld{arm}; tweede beoordeling vanaf {}", hhmm(opens))
        }
        (MomentState::Due { closes }, Lang::En) => format!("second rating due now, until {}{arm}", hhmm(closes)),
        (MomentState::Due { closes }, Lang::Nl) => format!("tweede beoordeling nu, tot {}{arm}", hhmm(closes)),
        (MomentState::Counted, Lang::En) => format!("counts{arm}"),
        (MomentState::Counted, Lang::Nl) => format!("telt mee{arm}"),
        (MomentState::Excluded(x), _) => format!("{}{arm}", x.name(lang)),
    }
}
