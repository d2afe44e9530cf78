use serde::{Deserialize, Serialize};

use super::Lang;

/// Which silhouette of the body map a shape is drawn on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Seen from the front (the person faces the viewer: their left is on the viewer's right).
    Front,
    /// Seen from the back (their left is on the viewer's left).
    Back,
}

impl View {
    /// Stable code used in files (`front`, `back`).
    pub fn code(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Back => "back",
        }
    }

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            View::Front => lang.pick("Front", "Voorkant"),
            View::Back => lang.pick("Back", "Achterkant"),
        }
    }
}

/// The side of the body, always from the person's own point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The person's own left.
    Left,
    /// The person's own right.
    Right,
    /// On the midline (neck, chest, ...).
    Center,
}

impl Side {
    /// Stable code used in files (`left`, `right`, `center`).
    pub fn code(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Center => "center",
        }
    }

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Side::Left => lang.pick("left", "links"),
            Side::Right => lang.pick("right", "rechts"),
            Side::Center => lang.pick("center", "midden"),
        }
    }
}

/// The 19 areas of the Widespread Pain Index (Wolfe et al., ACR 2010), the clinical grid that
/// every Feltsense region rolls up to (see [`Region::wpi_areas`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum WpiArea {
    JawLeft,
    JawRight,
    ShoulderGirdleLeft,
    ShoulderGirdleRight,
    UpperArmLeft,
    UpperArmRight,
    LowerArmLeft,
    LowerArmRight,
    HipLeft,
    HipRight,
    UpperLegLeft,
    UpperLegRight,
    LowerLegLeft,
    LowerLegRight,
    Neck,
    UpperBack,
    LowerBack,
    Chest,
    Abdomen,
}

impl WpiArea {
    /// All 19 areas in the order of the WPI form.
    pub const ALL: [WpiArea; 19] = [
        WpiArea::JawLeft,
        WpiArea::JawRight,
        WpiArea::ShoulderGirdleLeft,
        WpiArea::ShoulderGirdleRight,
        WpiArea::UpperArmLeft,
        WpiArea::UpperArmRight,
        WpiArea::LowerArmLeft,
        WpiArea::LowerArmRight,
        WpiArea::HipLeft,
        WpiArea::HipRight,
        WpiArea::UpperLegLeft,
        WpiArea::UpperLegRight,
        WpiArea::LowerLegLeft,
        WpiArea::LowerLegRight,
        WpiArea::Neck,
        WpiArea::UpperBack,
        WpiArea::LowerBack,
        WpiArea::Chest,
        WpiArea::Abdomen,
    ];
}

/// A region of the body that can hold tension.
///
/// The codes ([`Region::code`]) are stable: they are stored in the database and in exported files.
/// Left and right are the person's own left and right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Region {
    Head,
    Jaw,
    Neck,
    ShoulderLeft,
    ShoulderRight,
    UpperBack,
    Chest,
    Belly,
    LowerBack,
    Pelvis,
    HipLeft,
    HipRight,
    ArmLeft,
    ArmRight,
    LegLeft,
    LegRight,
}

struct RegionInfo {
    code: &'static str,
    en: &'static str,
    nl: &'static str,
    view: View,
    side: Side,
    wpi: &'static [WpiArea],
}

const fn info(
    code: &'static str,
    en: &'static str,
    nl: &'static str,
    view: View,
    side: Side,
    wpi: &'static [WpiArea],
) -> RegionInfo {
    RegionInfo { code, en, nl, view, side, wpi }
}

use Side::{Center, Left, Right};
use View::{Back, Front};
use WpiArea as W;

/// The catalogue, in [`Region::ALL`] order.
const INFO: [RegionInfo; 16] = [
    info("head", "Head", "Hoofd", Front, Center, &[]),
    info("jaw", "Jaw", "Kaak", Front, Center, &[W::JawLeft, W::JawRight]),
    info("neck", "Neck", "Nek", Back, Center, &[W::Neck]),
    info("shoulder_left", "Left shoulder", "Linkerschouder", Back, Left, &[W::ShoulderGirdleLeft]),
    info("shoulder_right", "Right shoulder", "Rechterschouder", Back, Right, &[W::ShoulderGirdleRight]),
    info("upper_back", "Between the shoulder blades", "Tussen de schouderbladen", Back, Center, &[W::UpperBack]),
    info("chest", "Chest", "Borst", Front, Center, &[W::Chest]),
    info("belly", "Belly and diaphragm", "Buik en middenrif", Front, Center, &[W::Abdomen]),
    info("lower_back", "Lower back", "Onderrug", Back, Center, &[W::LowerBack]),
    info("pelvis", "Pelvis", "Bekken", Back, Center, &[W::HipLeft, W::HipRight]),
    info("hip_left", "Left hip (front, psoas)", "Linkerheup (voorkant, psoas)", Front, Left, &[W::HipLeft]),
    info("hip_right", "Right hip (front, psoas)", "Rechterheup (voorkant, psoas)", Front, Right, &[W::HipRight]),
    info("arm_left", "Left arm", "Linkerarm", Front, Left, &[W::UpperArmLeft, W::LowerArmLeft]),
    info("arm_right", "Right arm", "Rechterarm", Front, Right, &[W::UpperArmRight, W::LowerArmRight]),
    info("leg_left", "Left leg", "Linkerbeen", Front, Left, &[W::UpperLegLeft, W::LowerLegLeft]),
    info("leg_right", "Right leg", "Rechterbeen", Front, Right, &[W::UpperLegRight, W::LowerLegRight]),
];

impl Region {
    /// Number of regions.
    pub const COUNT: usize = 16;

    /// Every region, from head to feet; [`Region::index`] is the position in this array.
    pub const ALL: [Region; Region::COUNT] = [
        Region::Head,
        Region::Jaw,
        Region::Neck,
        Region::ShoulderLeft,
        Region::ShoulderRight,
        Region::UpperBack,
        Region::Chest,
        Region::Belly,
        Region::LowerBack,
        Region::Pelvis,
        Region::HipLeft,
        Region::HipRight,
        Region::ArmLeft,
        Region::ArmRight,
        Region::LegLeft,
        Region::LegRight,
    ];

    /// Position in [`Region::ALL`], handy for fixed-size per-region arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    fn info(self) -> &'static RegionInfo {
        &INFO[self.index()]
    }

    /// The stable code (`neck`, `shoulder_left`, ...).
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// Looks a region up by its stable code.
    pub fn from_code(code: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The localised name, e.g. "Left shoulder" / "Linkerschouder".
    pub fn name(self, lang: Lang) -> &'static str {
        let i = self.info();
        lang.pick(i.en, i.nl)
    }

    /// The view on which a clinician would look for this region first.
    ///
    /// Several regions are drawn on both silhouettes (head, neck, shoulders, arms, legs, pelvis);
    /// this is the one recorded in exports.
    pub fn primary_view(self) -> View {
        self.info().view
    }

    /// The side, from the person's own point of view.
    pub fn side(self) -> Side {
        self.info().side
    }

    /// The Widespread Pain Index areas this region rolls up to.
    ///
    /// - `head` has no WPI area (the WPI does not score the head); it is kept for the person's own
    ///   overview.
    /// - `jaw` is one region here (people rarely feel clenching on one side) and counts for both
    ///   jaw areas.
    /// - `upper_back` (between the shoulder blades) is the WPI upper back; `belly` (abdomen and
    ///   diaphragm) is the WPI abdomen.
    /// - `pelvis` (the bony ring, sacrum and buttocks) counts for both WPI hip (buttock, trochanter)
    ///   areas; `hip_left`/`hip_right` (front of the hip: hip flexor, psoas) count for the hip area
    ///   on their side.
    /// - `arm_*` covers upper and lower arm, `leg_*` upper and lower leg, on that side.
    pub fn wpi_areas(self) -> &'static [WpiArea] {
        self.info().wpi
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Region::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown region code `{code}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let codes: HashSet<_> = Region::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Region::COUNT);
        for r in Region::ALL {
            assert_eq!(Region::from_code(r.code()), Some(r));
            assert_eq!(Region::ALL[r.index()], r);
        }
        assert_eq!(Region::from_code("elbow"), None);
    }

    #[test]
    fn required_codes_exist() {
        for code in [
            "head",
            "jaw",
            "neck",
            "shoulder_left",
            "shoulder_right",
            "upper_back",
            "chest",
            "belly",
            "lower_back",
            "pelvis",
            "hip_left",
            "hip_right",
            "arm_left",
            "arm_right",
            "leg_left",
            "leg_right",
        ] {
            assert!(Region::from_code(code).is_some(), "{code}");
        }
    }

    #[test]
    fn every_wpi_area_is_covered_and_sides_match() {
        let covered: HashSet<_> = Region::ALL.iter().flat_map(|r| r.wpi_areas().iter().copied()).collect();
        assert_eq!(covered.len(), WpiArea::ALL.len());
        assert!(Region::ShoulderLeft.wpi_areas().contains(&WpiArea::ShoulderGirdleLeft));
        assert_eq!(Region::HipRight.side(), Side::Right);
    }

    #[test]
    fn names_differ_per_language() {
        for r in Region::ALL {
            assert!(!r.name(Lang::En).is_empty());
            assert_ne!(r.name(Lang::En), r.name(Lang::Nl), "{r}");
        }
    }
}
