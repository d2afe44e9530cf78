//! Emotions, unnoticed-stress signals and practices: stable codes with English and Dutch names.

use serde::{Deserialize, Serialize};

use super::Lang;

/// A built-in emotion: stable code and names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmotionInfo {
    /// Stable code, used in files and the database.
    pub code: &'static str,
    /// English name.
    pub en: &'static str,
    /// Dutch name.
    pub nl: &'static str,
}

/// The emotions offered as chips. Any other code is a custom emotion the person added; its code is
/// its name.
pub const BUILTIN_EMOTIONS: [EmotionInfo; 10] = [
    EmotionInfo { code: "anxiety", en: "Anxiety", nl: "Angst" },
    EmotionInfo { code: "sadness", en: "Sadness", nl: "Verdriet" },
    EmotionInfo { code: "anger", en: "Anger", nl: "Boosheid" },
    EmotionInfo { code: "frustration", en: "Frustration", nl: "Frustratie" },
    EmotionInfo { code: "stress", en: "Stress", nl: "Stress" },
    EmotionInfo { code: "restlessness", en: "Restlessness", nl: "Onrust" },
    EmotionInfo { code: "shame", en: "Shame", nl: "Schaamte" },
    EmotionInfo { code: "joy", en: "Joy", nl: "Blijdschap" },
    EmotionInfo { code: "calm", en: "Calm", nl: "Rust" },
    EmotionInfo { code: "relief", en: "Relief", nl: "Opluchting" },
];

/// The display name of an emotion code: the localised name of a built-in emotion, or the custom
/// emotion's own code as the person typed it.
pub fn emotion_name(code: &str, lang: Lang) -> &str {
    match BUILTIN_EMOTIONS.iter().find(|e| e.code == code) {
        Some(e) => lang.pick(e.en, e.nl),
        None => code,
    }
}

macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $en:literal, $nl:literal; )+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable code used in files and the database.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            /// Looks a value up by its stable code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $( $code => Some($name::$variant), )+ _ => None }
            }

            /// The localised name.
            pub fn name(self, lang: Lang) -> &'static str {
                match self { $( $name::$variant => lang.pick($en, $nl), )+ }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                $name::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("unknown ", stringify!($name), " code `{}`"), code))
                })
            }
        }
    };
}

coded_enum! {
    /// A bodily sign of stress that people often do not notice consciously.
    Signal {
        /// Clenching the jaw (kaakklemmen).
        JawClenching = "jaw_clenching", "Jaw clenching", "Kaakklemmen";
        /// Shoulders pulled up.
        RaisedShoulders = "raised_shoulders", "Raised shoulders", "Opgetrokken schouders";
        /// Restless sleep.
        RestlessSleep = "restless_sleep", "Restless sleep", "Onrustig geslapen";
        /// High, shallow (chest) breathing.
        ShallowBreathing = "shallow_breathing", "Shallow breathing", "Hoge ademhaling";
        /// Muscles that do not let go, even lying down.
        CannotRelax = "cannot_relax", "Cannot relax", "Kan niet ontspannen";
    }
}

coded_enum! {
    /// A practice that may relieve tension.
    PracticeKind {
        /// 4 s in, 6 s out, for a few minutes.
        Breathing46 = "breathing_4_6", "4–6 breathing", "4–6 ademhaling";
        /// A walk of a few minutes.
        Walk = "walk", "Walk", "Wandelen";
        /// Stand, drop the shoulders, long exhale.
        MicroPause = "micro_pause", "Micro-pause", "Micropauze";
        /// Progressive muscle relaxation.
        MuscleRelaxation = "muscle_relaxation", "Muscle relaxation", "Progressieve spierontspanning";
        /// Stretching.
        Stretching = "stretching", "Stretching", "Rekken";
        /// Anything else.
        Other = "other", "Other", "Anders";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_codes_exist() {
        for c in
            ["anxiety", "sadness", "anger", "frustration", "stress", "restlessness", "shame", "joy", "calm", "relief"]
        {
            assert!(BUILTIN_EMOTIONS.iter().any(|e| e.code == c), "{c}");
        }
        for c in ["jaw_clenching", "raised_shoulders", "restless_sleep", "shallow_breathing", "cannot_relax"] {
            assert_eq!(Signal::from_code(c).map(Signal::code), Some(c));
        }
        for c in ["breathing_4_6", "walk", "micro_pause", "muscle_relaxation", "stretching", "other"] {
            assert_eq!(PracticeKind::from_code(c).map(PracticeKind::code), Some(c));
        }
    }

    #[test]
    fn names_are_localised() {
        assert_eq!(emotion_name("anger", Lang::Nl), "Boosheid");
        assert_eq!(emotion_name("awe", Lang::Nl), "awe");
        assert_eq!(Signal::RestlessSleep.name(Lang::Nl), "Onrustig geslapen");
        assert!(serde_json::from_str::<Signal>("\"yawning\"").is_err());
    }
}
