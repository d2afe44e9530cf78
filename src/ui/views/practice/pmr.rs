//! Progressive muscle relaxation: nine muscle groups in turn, each tensed for about 5 seconds and
//! released for about 10, with plain instructions in English and Dutch.
//!
//! The steps are a pure function of the elapsed time ([`step_at`]), like the breathing phases.

use std::time::Duration;

use crate::model::Lang;

/// How long each group is tensed.
pub const TENSE: Duration = Duration::from_secs(5);
/// How long each group is released.
pub const RELEASE: Duration = Duration::from_secs(10);
/// One group: tense, then release.
pub const STEP: Duration = Duration::from_secs(15);
/// The whole practice: nine groups of 15 s, 2 min 15 s.
pub const TOTAL: Duration = Duration::from_secs(15 * 9);

/// A muscle group of the practice, in the order they are done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MuscleGroup {
    /// Both hands.
    Hands,
    /// Upper and lower arms.
    Arms,
    /// Shoulders.
    Shoulders,
    /// Face and jaw.
    FaceJaw,
    /// Chest.
    Chest,
    /// Belly.
    Belly,
    /// Back.
    Back,
    /// Legs.
    Legs,
    /// Feet.
    Feet,
}

impl MuscleGroup {
    /// Every group, in practice order.
    pub const ALL: [MuscleGroup; 9] = [
        MuscleGroup::Hands,
        MuscleGroup::Arms,
        MuscleGroup::Shoulders,
        MuscleGroup::FaceJaw,
        MuscleGroup::Chest,
        MuscleGroup::Belly,
        MuscleGroup::Back,
        MuscleGroup::Legs,
        MuscleGroup::Feet,
    ];

    /// The group's name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            MuscleGroup::Hands => lang.pick("Hands", "Handen"),
            MuscleGroup::Arms => lang.pick("Arms", "Armen"),
            MuscleGroup::Shoulders => lang.pick("Shoulders", "Schouders"),
            MuscleGroup::FaceJaw => lang.pick("Face and jaw", "Gezicht en kaak"),
            MuscleGroup::Chest => lang.pick("Chest", "Borst"),
            MuscleGroup::Belly => lang.pick("Belly", "Buik"),
            MuscleGroup::Back => lang.pick("Back", "Rug"),
            MuscleGroup::Legs => lang.pick("Legs", "Benen"),
            MuscleGroup::Feet => lang.pick("Feet", "Voeten"),
        }
    }

    /// What to do while tensing.
    pub fn tense_text(self, lang: Lang) -> &'static str {
        match self {
            MuscleGroup::Hands => {
                lang.pick("Make a fist with both hands and squeeze.", "Maak met beide handen een vuist en knijp.")
            }
            MuscleGroup::Arms => {
                lang.pick("Bend your arms and tighten your upper arms.", "Buig je armen en span je bovenarmen aan.")
            }
            MuscleGroup::Shoulders => {
                lang.pick("Pull your shoulders up towards your ears.", "Trek je schouders op naar je oren.")
            }
            MuscleGroup::FaceJaw => lang.pick(
                "Press your teeth together and screw up your face.",
                "Klem je tanden op elkaar en knijp je gezicht samen.",
            ),
            MuscleGroup::Chest => lang.pick(
                "Breathe in deeply and hold your breath for a moment.",
                "Adem diep in en houd je adem even vast.",
            ),
            MuscleGroup::Belly => {
                lang.pick("Tighten your belly, as if bracing for a push.", "Span je buik aan, alsof je je schrap zet.")
            }
            MuscleGroup::Back => lang.pick(
                "Arch your back gently and bring your shoulder blades together.",
                "Hol je rug voorzichtig en breng je schouderbladen naar elkaar toe.",
            ),
            MuscleGroup::Legs => lang.pick(
                "Press your knees together and tighten your thighs.",
                "Druk je knieën tegen elkaar en span je bovenbenen aan.",
            ),
            MuscleGroup::Feet => lang.pick("Pull your toes up towards you.", "Trek je tenen naar je toe."),
        }
    }

    /// What to do while releasing.
    pub fn release_text(self, lang: Lang) -> &'static str {
        match self {
            MuscleGroup::Hands => lang.pick(
                "Let go. Let your fingers open and notice the difference.",
                "Laat los. Laat je vingers opengaan en merk het verschil op.",
            ),
            MuscleGroup::Arms => {
                lang.pick("Let your arms drop and rest heavily.", "Laat je armen zakken en zwaar rusten.")
            }
            MuscleGroup::Shoulders => {
                lang.pick("Let your shoulders sink, lower than before.", "Laat je schouders zakken, lager dan eerst.")
            }
            MuscleGroup::FaceJaw => lang.pick(
                "Let your jaw hang loose, lips slightly apart.",
                "Laat je kaak los hangen, lippen een beetje open.",
            ),
            MuscleGroup::Chest => lang.pick(
                "Breathe out slowly and let your chest go soft.",
                "Adem langzaam uit en laat je borst zacht worden.",
            ),
            MuscleGroup::Belly => lang.pick(
                "Let your belly go soft and move with your breath.",
                "Laat je buik zacht worden en meebewegen met je adem.",
            ),
            MuscleGroup::Back => lang.pick("Let your back sink into the chair.", "Laat je rug wegzakken in de stoel."),
            MuscleGroup::Legs => lang.pick("Let your legs go heavy and loose.", "Laat je benen zwaar en los worden."),
            MuscleGroup::Feet => lang.pick(
                "Let your feet rest flat and your toes relax.",
                "Laat je voeten plat rusten en je tenen ontspannen.",
            ),
        }
    }
}

/// Tensing or releasing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Tense the group (about 5 s).
    Tense,
    /// Let it go (about 10 s).
    Release,
}

impl Action {
    /// "Tense" / "Aanspannen", "Release" / "Loslaten".
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Action::Tense => lang.pick("Tense", "Aanspannen"),
            Action::Release => lang.pick("Release", "Loslaten"),
        }
    }
}

/// One moment of the practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmrStep {
    /// Position of the group in [`MuscleGroup::ALL`], from 0.
    pub index: usize,
    /// The group.
    pub group: MuscleGroup,
    /// Tensing or releasing.
    pub action: Action,
    /// Time left until the action changes.
    pub left: Duration,
}

impl PmrStep {
    /// The instruction for this moment.
    pub fn instruction(&self, lang: Lang) -> &'static str {
        match self.action {
            Action::Tense => self.group.tense_text(lang),
            Action::Release => self.group.release_text(lang),
        }
    }
}

/// The step `elapsed` after the practice began; `None` once all groups are done ([`TOTAL`]).
/// Boundaries belong to the step they start (at exactly 5 s the hands are released).
pub fn step_at(elapsed: Duration) -> Option<PmrStep> {
    let step_ns = STEP.as_nanos();
    let t = elapsed.as_nanos();
    let index = usize::try_from(t / step_ns).ok()?;
    let group = *MuscleGroup::ALL.get(index)?;
    let within = t % step_ns;
    let tense_ns = TENSE.as_nanos();
    let (action, end_ns) = if within < tense_ns { (Action::Tense, tense_ns) } else { (Action::Release, step_ns) };
    let left = Duration::from_nanos(u64::try_from(end_ns - within).unwrap_or(0));
    Some(PmrStep { index, group, action, left })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn tense_five_release_ten_through_nine_groups() {
        let at = |secs: f64| step_at(s(secs)).map(|p| (p.group, p.action));
        assert_eq!(at(0.0), Some((MuscleGroup::Hands, Action::Tense)));
        assert_eq!(at(4.9), Some((MuscleGroup::Hands, Action::Tense)));
        assert_eq!(at(5.0), Some((MuscleGroup::Hands, Action::Release)));
        assert_eq!(at(14.9), Some((MuscleGroup::Hands, Action::Release)));
        assert_eq!(at(15.0), Some((MuscleGroup::Arms, Action::Tense)));
        // 4 × 15 = 60 s: the fifth group (chest) starts; 67 s is 7 s in, releasing.
        assert_eq!(at(60.0), Some((MuscleGroup::Chest, Action::Tense)));
        assert_eq!(at(67.0), Some((MuscleGroup::Chest, Action::Release)));
        // 8 × 15 = 120 s: feet, the last group, until 135 s.
        assert_eq!(at(120.0), Some((MuscleGroup::Feet, Action::Tense)));
        assert_eq!(at(134.9), Some((MuscleGroup::Feet, Action::Release)));
        assert_eq!(at(135.0), None);
        assert_eq!(at(1000.0), None);
        assert_eq!(TOTAL, STEP * MuscleGroup::ALL.len() as u32);
        assert_eq!(STEP, TENSE + RELEASE);
    }

    #[test]
    fn time_left_counts_down_to_the_next_change() {
        let p = step_at(s(16.5)).expect("arms");
        assert_eq!((p.index, p.group, p.action, p.left), (1, MuscleGroup::Arms, Action::Tense, s(3.5)));
        // 22 s: 7 s into the arms' step, 2 s into the release; 8 s left.
        let p = step_at(s(22.0)).expect("arms");
        assert_eq!((p.action, p.left), (Action::Release, s(8.0)));
        assert_eq!(p.instruction(Lang::En), "Let your arms drop and rest heavily.");
        assert_eq!(p.instruction(Lang::Nl), "Laat je armen zakken en zwaar rusten.");
    }

    #[test]
    fn every_group_has_both_texts_in_both_languages() {
        for g in MuscleGroup::ALL {
            for lang in Lang::ALL {
                assert!(!g.name(lang).is_empty());
                assert!(g.tense_text(lang).ends_with('.'), "{g:?}");
                assert!(g.release_text(lang).ends_with('.'), "{g:?}");
                assert_ne!(g.tense_text(lang), g.release_text(lang));
            }
            assert_ne!(g.tense_text(Lang::En), g.tense_text(Lang::Nl));
        }
    }
}
